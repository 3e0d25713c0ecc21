/**
 * Staff actions with an Idempotency-Key: a retried request performs its action once and answers as the
 * first did (also after the action concluded the application); without the worker the answer is a
 * bounded 503 and the action is performed exactly once when a worker is back.
 */
import { Client as PgClient } from 'pg';
import {
  type Api,
  createAgencyWithStaff,
  eventually,
  registration,
  startApi,
  startWorker,
} from '../support/stack';
import { testEnv } from '../support/env';
import { dateInShanghai } from '../../libs/domain/dates';

const ACTION_TIMEOUT_MS = 3000;

describe('idempotent staff actions', () => {
  const taskQueue = `idem-${Date.now()}`;
  const today = dateInShanghai(new Date());
  let worker: Awaited<ReturnType<typeof startWorker>> | null = null;
  let stopApi: () => Promise<unknown>;
  let api: Api;
  let reviewer: Api;
  let pg: PgClient;

  beforeAll(async () => {
    worker = await startWorker(taskQueue);
    const started = await startApi(taskQueue, {
      env: { OGI_ACTION_TIMEOUT_MS: String(ACTION_TIMEOUT_MS), OGI_OUTBOX_SWEEP_MS: '500' },
    });
    stopApi = () => started.process.stop(5000);
    const staff = await createAgencyWithStaff(started.api);
    api = staff.api;
    reviewer = staff.as.reviewer;
    pg = new PgClient({ connectionString: testEnv().databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    await stopApi?.();
    await worker?.stop(5000);
    await pg?.end();
  });

  const key = (name: string) => ({
    'Idempotency-Key': `${name}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  });
  const events = async (id: string, type: string) =>
    Number(
      (
        await pg.query(
          'SELECT count(*) AS n FROM application_events WHERE application_id = $1 AND type = $2',
          [id, type],
        )
      ).rows[0].n,
    );
  const accepted = async () => {
    const app = await api.ok('/applications', registration({ receivedOn: today }), 201);
    await api.ok(`/applications/${app.id}/accept`);
    return app.id as string;
  };
  const consult = { kind: 'third_party', party: '某公司', sentOn: today };

  it('performs an action sent twice with one key once, and answers 200 both times', async () => {
    const id = await accepted();
    const k = key('consult');
    const first = await api.post(`/applications/${id}/start-consultation`, consult, k);
    expect(first.status).toBe(200);
    const again = await api.post(`/applications/${id}/start-consultation`, consult, k);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(first.body.version);
    expect(await events(id, 'consultation_started')).toBe(1);
  });

  it('performs two actions sent with different keys (and without a key) each', async () => {
    const id = await accepted();
    expect((await api.post(`/applications/${id}/start-consultation`, consult, key('a'))).status).toBe(200);
    expect((await api.post(`/applications/${id}/start-consultation`, consult, key('b'))).status).toBe(200);
    expect((await api.post(`/applications/${id}/start-consultation`, consult)).status).toBe(200);
    expect(await events(id, 'consultation_started')).toBe(3);
  });

  it('answers a deliver retried after the workflow completed with 200, another deliver with 409', async () => {
    const id = await accepted();
    await api.ok(`/applications/${id}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '第三十六条第（二）项',
    });
    await reviewer.ok(`/applications/${id}/approve-decision`);
    const k = key('deliver');
    const body = { deliveredOn: today, deliveryMethod: 'email' };
    const first = await api.post(`/applications/${id}/deliver`, body, k);
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('delivered');
    const retried = await api.post(`/applications/${id}/deliver`, body, k);
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('delivered');
    // Even if the API had died before recording the outcome, Temporal's record of the Update answers.
    await pg.query('DELETE FROM staff_action_requests WHERE application_id = $1', [id]);
    const recovered = await api.post(`/applications/${id}/deliver`, body, k);
    expect(recovered.status).toBe(200);
    expect(recovered.body.status).toBe('delivered');
    const other = await api.post(`/applications/${id}/deliver`, body, key('other'));
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('APPLICATION_CONCLUDED');
    expect(await events(id, 'decision_delivered')).toBe(1);
  });

  it('answers a refused action retried with its key with the same 409', async () => {
    const id = await accepted();
    const k = key('approve');
    const first = await api.post(`/applications/${id}/approve-decision`, {}, k);
    expect(first.status).toBe(409);
    const again = await api.post(`/applications/${id}/approve-decision`, {}, k);
    expect(again.status).toBe(409);
    expect(again.body).toEqual(first.body);
  });

  it('completes a task retried with its key once, answering 200 both times', async () => {
    const app = await api.ok('/applications', registration({ receivedOn: today }), 201);
    const tasks = (await api.get('/tasks?view=agency&pageSize=100')).body.items as Array<{
      id: string;
      kind: string;
      application: { id: string };
    }>;
    const task = tasks.find((t) => t.application.id === app.id && t.kind === 'accept')!;
    expect(task).toBeDefined();
    const k = key('task');
    const first = await api.post(`/tasks/${task.id}/complete`, {}, k);
    expect(first.status).toBe(200);
    const again = await api.post(`/tasks/${task.id}/complete`, {}, k);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe(first.body.status);
    expect(await events(app.id, 'accepted')).toBe(1);
    // Without the key, the task is done: 409 as before.
    expect((await api.post(`/tasks/${task.id}/complete`, {})).status).toBe(409);
  });

  it('refuses a malformed Idempotency-Key with 400 naming the header', async () => {
    const id = await accepted();
    for (const bad of ['has space', 'x'.repeat(201), 'ünïcode']) {
      const res = await api.post(`/applications/${id}/start-consultation`, consult, {
        'Idempotency-Key': bad,
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('Idempotency-Key');
    }
    expect(await events(id, 'consultation_started')).toBe(0);
  });

  it('answers 503 within the bound while the worker is away, then performs the action exactly once', async () => {
    const id = await accepted();
    await worker!.stop(5000);
    worker = null;
    const k = key('away');
    const sentAt = Date.now();
    const away = await api.post(`/applications/${id}/start-consultation`, consult, k);
    const took = Date.now() - sentAt;
    expect([503, 504]).toContain(away.status);
    expect(away.body.message).toContain('Idempotency-Key');
    expect(took).toBeLessThan(ACTION_TIMEOUT_MS + 3000);
    expect(await events(id, 'consultation_started')).toBe(0);

    // Give the API time to drop the request and its sweeper to re-send it a few times, then a worker.
    await new Promise((r) => setTimeout(r, ACTION_TIMEOUT_MS + 3000));
    worker = await startWorker(taskQueue);
    await eventually(
      'the handed-over action to be performed',
      async () => (await events(id, 'consultation_started')) >= 1,
      60_000,
    );
    const retried = await api.post(`/applications/${id}/start-consultation`, consult, k);
    expect(retried.status).toBe(200);
    expect(
      retried.body.events.filter((e: { type: string }) => e.type === 'consultation_started'),
    ).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await events(id, 'consultation_started')).toBe(1);
  });
});
