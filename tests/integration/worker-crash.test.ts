/**
 * A worker killed with SIGKILL while applications are mid-flight: a new worker takes over, every
 * application completes, and the event log has each transition exactly once.
 */
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { type Api, createAgencyWithStaff, registration, startApi, startWorker } from '../support/stack';
import { testEnv } from '../support/env';
import { waitFor } from '../../platform/processes';

const APPLICATIONS = 12;
const EXPECTED_TYPES = [
  'registered',
  'accepted',
  'decision_drafted',
  'decision_approved',
  'decision_delivered',
];

describe('a worker killed mid-flight', () => {
  const taskQueue = `crash-${Date.now()}`;
  let api: Api;
  let stopApi: () => Promise<unknown>;
  let pg: PgClient;
  let connection: Connection;
  const workers: Array<{ stop(ms?: number): Promise<unknown> }> = [];

  beforeAll(async () => {
    workers.push(await startWorker(taskQueue));
    // A SIGKILLed worker's workflow tasks in flight are dispatched again only after Temporal's
    // workflow-task timeout (10 s), plus the new worker's start: longer than the default bound of a
    // staff action (OGI_ACTION_TIMEOUT_MS, 10 s, then 503). This test checks that the actions complete
    // once the new worker is up, so it lets them wait for it.
    const started = await startApi(taskQueue, { env: { OGI_ACTION_TIMEOUT_MS: '60000' } });
    api = started.api;
    stopApi = () => started.process.stop(5000);
    pg = new PgClient({ connectionString: testEnv().databaseUrl });
    await pg.connect();
    connection = await Connection.connect({ address: testEnv().temporalAddress });
  });

  afterAll(async () => {
    await stopApi?.();
    for (const w of workers) await w.stop(5000);
    await pg?.end();
    await connection?.close();
  });

  it('loses no event and writes none twice', async () => {
    const staff = await createAgencyWithStaff(api);
    api = staff.api;
    const reviewer = staff.as.reviewer;
    const apps = await Promise.all(
      Array.from({ length: APPLICATIONS }, (_, i) =>
        api.ok('/applications', registration({ applicantName: `申请人${i}`, receivedOn: '2024-06-03' }), 201),
      ),
    );
    const ids: string[] = apps.map((a: { id: string }) => a.id);
    const countEvents = async () =>
      Number(
        (await pg.query('SELECT count(*) AS n FROM application_events WHERE application_id = ANY($1)', [ids]))
          .rows[0].n,
      );

    // Drive every application through its four staff actions, all at once.
    const flows = ids.map(async (id) => {
      const at = (action: string, body: unknown = {}) => api.ok(`/applications/${id}/${action}`, body);
      await at('accept');
      await at('draft-decision', { outcome: 'disclosed', legalGround: '第三十六条第（二）项' });
      await reviewer.ok(`/applications/${id}/approve-decision`, {});
      return at('deliver', { deliveredOn: '2024-06-20', deliveryMethod: 'email' });
    });

    // Kill the worker once the flows are under way but far from done.
    await waitFor(
      'transitions to be under way',
      async () => (await countEvents()) >= APPLICATIONS + 4,
      60_000,
      20,
    );
    const before = await countEvents();
    const killed = workers[0] as unknown as {
      child: { kill(signal: string): boolean };
      exited: Promise<unknown>;
    };
    killed.child.kill('SIGKILL');
    expect(await killed.exited).toBe('SIGKILL');
    expect(before).toBeLessThan(APPLICATIONS * EXPECTED_TYPES.length);

    workers.push(await startWorker(taskQueue));
    const results = await Promise.all(flows);
    expect(results.map((r: { status: string }) => r.status)).toEqual(ids.map(() => 'delivered'));

    const { rows } = await pg.query<{ application_id: string; seqs: number[]; types: string[] }>(
      `SELECT application_id, array_agg(seq ORDER BY seq) AS seqs, array_agg(type ORDER BY seq) AS types
         FROM application_events WHERE application_id = ANY($1) GROUP BY application_id`,
      [ids],
    );
    expect(rows).toHaveLength(APPLICATIONS);
    for (const row of rows) {
      expect(row.seqs).toEqual([1, 2, 3, 4, 5]);
      expect(row.types).toEqual(EXPECTED_TYPES);
    }
    expect(await countEvents()).toBe(APPLICATIONS * EXPECTED_TYPES.length);

    // Every workflow ran to completion on the new worker.
    const client = new Client({ connection, namespace: testEnv().namespace });
    for (const app of apps as Array<{ workflowId: string }>) {
      const result = await client.workflow.getHandle(app.workflowId).result();
      expect(result.state.status).toBe('delivered');
      expect(result.version).toBe(5);
    }
  });
});
