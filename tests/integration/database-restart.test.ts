/**
 * PostgreSQL restarted under load (a private cluster): while it is away every request answers 503,
 * never another 5xx; every acknowledged registration and accept is in the database afterwards, and no
 * case is left without its workflow's first transition.
 */
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import {
  type Api,
  createAgencyWithStaff,
  eventually,
  registration,
  startApi,
  startWorker,
} from '../support/stack';
import { PrivatePostgres } from '../support/private-postgres';
import { migrate } from '../../platform/database/data-source';

const LOOPS = 4;
const LOAD_MS = 20_000;
const RESTART_AFTER_MS = 6_000;
const DOWN_MS = 2_000;

interface Answer {
  what: 'register' | 'accept';
  status: number;
  id?: string;
  body?: unknown;
}

describe('PostgreSQL restarted under load', () => {
  const taskQueue = `pg-restart-${Date.now()}`;
  let cluster: PrivatePostgres | null = null;
  let databaseUrl: string;
  const stops: Array<() => Promise<unknown>> = [];
  let api: Api;
  let pg: PgClient | null = null;

  beforeAll(async () => {
    cluster = await PrivatePostgres.create();
    databaseUrl = cluster.url('ogi_flow_restart');
    await migrate(databaseUrl);
    const env = { OGI_DATABASE_URL: databaseUrl, OGI_ACTION_TIMEOUT_MS: '5000', OGI_OUTBOX_SWEEP_MS: '500' };
    const worker = await startWorker(taskQueue, { env });
    stops.push(() => worker.stop(5000));
    const started = await startApi(taskQueue, { env });
    stops.push(() => started.process.stop(5000));
    api = (await createAgencyWithStaff(started.api, '重启测试机关', { databaseUrl })).api;
  });

  afterAll(async () => {
    await pg?.end().catch(() => undefined);
    for (const stop of stops.reverse()) await stop();
    cluster?.destroy();
  });

  it('answers 503 while the database is away and loses nothing it acknowledged', async () => {
    const answers: Answer[] = [];
    const until = Date.now() + LOAD_MS;
    const call = async (
      what: Answer['what'],
      path: string,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      try {
        const res = await api.post(path, body, headers);
        const answer: Answer = { what, status: res.status, body: res.body };
        if (res.status < 300) answer.id = (res.body as { id: string }).id;
        answers.push(answer);
        return answer;
      } catch (err) {
        answers.push({ what, status: -1, body: String(err) });
        return null;
      }
    };
    const loop = async (n: number) => {
      for (let i = 0; Date.now() < until; i++) {
        const registered = await call(
          'register',
          '/applications',
          registration({ applicantName: `申请人${n}-${i}`, receivedOn: '2025-06-02' }),
        );
        if (registered?.status === 201) {
          await call(
            'accept',
            `/applications/${registered.id}/accept`,
            {},
            { 'Idempotency-Key': randomUUID() },
          );
        } else {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const restart = (async () => {
      await new Promise((r) => setTimeout(r, RESTART_AFTER_MS));
      cluster!.stop();
      await new Promise((r) => setTimeout(r, DOWN_MS));
      cluster!.start();
    })();
    await Promise.all([...Array.from({ length: LOOPS }, (_, n) => loop(n)), restart]);

    const count = (p: (a: Answer) => boolean) => answers.filter(p).length;
    const summary = {
      total: answers.length,
      registered: count((a) => a.what === 'register' && a.status === 201),
      accepted: count((a) => a.what === 'accept' && a.status === 200),
      unavailable: count((a) => a.status === 503 || a.status === 504),
    };
    console.log(`PostgreSQL restart under load: ${JSON.stringify(summary)}`);
    // Nothing but 2xx, the 503/504 of an unavailable store, or a 409 of a rule (never a 500, never a dropped connection).
    const wrong = answers.filter(
      (a) => a.status === -1 || (a.status >= 500 && a.status !== 503 && a.status !== 504),
    );
    expect(wrong).toEqual([]);
    expect(answers.filter((a) => a.status >= 400 && a.status < 500 && a.status !== 409)).toEqual([]);
    expect(summary.unavailable).toBeGreaterThan(0);
    expect(summary.registered).toBeGreaterThan(LOOPS);
    for (const a of answers.filter((x) => x.status === 503))
      expect((a.body as { message: string }).message).toBeTruthy();

    pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
    const registeredIds = answers.filter((a) => a.what === 'register' && a.status === 201).map((a) => a.id!);
    const acceptedIds = answers.filter((a) => a.what === 'accept' && a.status === 200).map((a) => a.id!);
    const [agency] = (await pg.query('SELECT agency_id FROM applications WHERE id = $1', [registeredIds[0]]))
      .rows as Array<{ agency_id: string }>;

    // No case stuck: every application of the agency (acknowledged or not) gets its registered event.
    await eventually(
      'every application to have its workflow running',
      async () =>
        Number(
          (
            await pg!.query('SELECT count(*) AS n FROM applications WHERE agency_id = $1 AND version < 1', [
              agency.agency_id,
            ])
          ).rows[0].n,
        ) === 0,
      60_000,
    );
    const rows = (
      await pg.query(
        `SELECT a.id, a.case_number,
                count(*) FILTER (WHERE e.type = 'registered') AS registered,
                count(*) FILTER (WHERE e.type = 'accepted') AS accepted
           FROM applications a LEFT JOIN application_events e ON e.application_id = a.id
          WHERE a.agency_id = $1 GROUP BY a.id, a.case_number`,
        [agency.agency_id],
      )
    ).rows as Array<{ id: string; case_number: string; registered: number; accepted: number }>;
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of registeredIds) expect(Number(byId.get(id)?.registered)).toBe(1);
    for (const id of acceptedIds) expect(Number(byId.get(id)?.accepted)).toBe(1);
    expect(new Set(rows.map((r) => r.case_number)).size).toBe(rows.length);
  });
});
