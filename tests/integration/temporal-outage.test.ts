/**
 * Temporal cut off from the API (through a TCP proxy the test controls): a registration is still taken
 * (its workflow starts once Temporal is back), a staff action answers 503 within its bound and is
 * performed exactly once when Temporal is back, reads keep working, and nothing answers 500.
 */
import { randomUUID } from 'node:crypto';
import { CuttableProxy } from '../support/cuttable-proxy';
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
import { freePort } from '../../platform/processes';

const ACTION_TIMEOUT_MS = 3000;

describe('Temporal unreachable from the API', () => {
  const taskQueue = `temporal-outage-${Date.now()}`;
  const stops: Array<() => Promise<unknown>> = [];
  let proxy: CuttableProxy;
  let api: Api;
  let pg: PgClient;

  beforeAll(async () => {
    const [host, port] = testEnv().temporalAddress.split(':');
    proxy = new CuttableProxy(await freePort(), { host, port: Number(port) });
    await proxy.open();
    const worker = await startWorker(taskQueue);
    stops.push(() => worker.stop(5000));
    const started = await startApi(taskQueue, {
      env: {
        OGI_TEMPORAL_ADDRESS: `127.0.0.1:${proxy.port}`,
        OGI_ACTION_TIMEOUT_MS: String(ACTION_TIMEOUT_MS),
        OGI_OUTBOX_SWEEP_MS: '500',
      },
    });
    stops.push(() => started.process.stop(5000));
    api = (await createAgencyWithStaff(started.api)).api;
    pg = new PgClient({ connectionString: testEnv().databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    await proxy?.cut();
    for (const stop of stops.reverse()) await stop();
    await pg?.end();
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

  it('answers 503 for actions, keeps registrations and reads, and catches up once Temporal is back', async () => {
    const before = await api.ok('/applications', registration({ receivedOn: '2025-05-06' }), 201);
    await proxy.cut();

    const key = { 'Idempotency-Key': randomUUID() };
    const sentAt = Date.now();
    const action = await api.post(`/applications/${before.id}/accept`, {}, key);
    expect(Date.now() - sentAt).toBeLessThan(ACTION_TIMEOUT_MS + 3000);
    expect(action.status).toBe(503);
    expect(action.body.code).toBe('ACTION_PENDING');
    expect(action.body.message).toContain('Idempotency-Key');

    const read = await api.get(`/applications/${before.id}`);
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('registered');

    const during = await api.post(
      '/applications',
      registration({ receivedOn: '2025-05-07', applicantName: '王五' }),
    );
    expect(during.status).toBe(201);
    expect(during.body.version).toBe(0);

    await proxy.open();
    await eventually(
      'the handed-over accept to be performed',
      async () => (await events(before.id, 'accepted')) === 1,
      60_000,
    );
    await eventually(
      'the registration taken during the outage to get its workflow',
      async () => (await api.get(`/applications/${during.body.id}`)).body.version >= 1,
      60_000,
    );
    const retried = await api.post(`/applications/${before.id}/accept`, {}, key);
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('under_review');
    expect(await events(before.id, 'accepted')).toBe(1);
    expect(await events(during.body.id, 'registered')).toBe(1);
  });
});
