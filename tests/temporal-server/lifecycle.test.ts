/**
 * The application lifecycle on the production Temporal server (Temporal Server on PostgreSQL, started by
 * platform/temporal-server.ts as `./ogi start --production` does), with a working day shrunk to 150 ms:
 * registered → accepted → decision drafted → approved → delivered, a reminder from a durable timer, and a
 * supplement period that lapses. The workflows live in the server's PostgreSQL databases and are found
 * through its (SQL) visibility store.
 */
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { dateInShanghai } from '../../libs/domain/dates';
import { testEnv } from '../support/env';
import { type Api, createAgencyWithStaff, eventually, registration, startStack } from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

describe('the application lifecycle on the production Temporal server', () => {
  let stack: Stack;
  let api: Api;
  let reviewer: Api;
  let pg: PgClient;
  let connection: Connection;
  let temporal: Client;
  const today = dateInShanghai(Date.now());

  beforeAll(async () => {
    stack = await startStack({ workingDayMs: 150 });
    const staff = await createAgencyWithStaff(stack.api, '生产模式测试机关');
    api = staff.api;
    reviewer = staff.as.reviewer;
    pg = new PgClient({ connectionString: testEnv().databaseUrl });
    await pg.connect();
    connection = await Connection.connect({ address: testEnv().temporalAddress });
    temporal = new Client({ connection, namespace: testEnv().namespace });
  });

  afterAll(async () => {
    await stack?.stop();
    await pg?.end();
    await connection?.close();
  });

  const detail = async (id: string) => (await api.get(`/applications/${id}`)).body;

  it('registers, accepts, reminds, decides, approves and delivers', async () => {
    const app = await api.ok('/applications', registration({ receivedOn: today }), 201);
    expect(app.status).toBe('registered');
    await api.ok(`/applications/${app.id}/accept`);

    // The first reminder (5 working days before the reply deadline) comes from a durable timer.
    const reminder = await eventually(
      'a deadline reminder',
      async () =>
        (
          await pg.query<{ key: string; offset_working_days: number; title: string }>(
            'SELECT key, offset_working_days, title FROM notifications WHERE application_id = $1 ORDER BY id',
            [app.id],
          )
        ).rows[0],
      60_000,
    );
    expect(reminder.offset_working_days).toBe(-5);
    expect(reminder.title).toContain('还有5个工作日');

    await api.ok(`/applications/${app.id}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '第三十六条第（二）项',
    });
    await reviewer.ok(`/applications/${app.id}/approve-decision`, {});
    const delivered = await api.ok(`/applications/${app.id}/deliver`, {
      deliveredOn: today,
      deliveryMethod: 'email',
    });
    expect(delivered.status).toBe('delivered');
    expect(delivered.concludedOn).toBe(today);

    const events = (await detail(app.id)).events.map((e: { type: string }) => e.type);
    expect(events).toEqual([
      'registered',
      'accepted',
      'decision_drafted',
      'decision_approved',
      'decision_delivered',
    ]);
    const result = await temporal.workflow.getHandle(app.workflowId).result();
    expect(result.state.status).toBe('delivered');

    // The closed workflow is found through the server's visibility store (PostgreSQL).
    const listed = await eventually(
      'the workflow in visibility',
      async () => {
        const found = [];
        for await (const w of temporal.workflow.list({ query: `WorkflowId = '${app.workflowId}'` }))
          found.push(w);
        return found.length ? found : null;
      },
      30_000,
    );
    expect(listed[0].status.name).toBe('COMPLETED');

    // And it is stored in the server's own PostgreSQL database.
    const temporalDb = new PgClient({ connectionString: process.env.OGI_TEST_SERVER_TEMPORAL_DATABASE_URL });
    await temporalDb.connect();
    try {
      const { rows } = await temporalDb.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM current_executions WHERE workflow_id = $1',
        [app.workflowId],
      );
      expect(rows[0].n).toBe(1);
    } finally {
      await temporalDb.end();
    }
  });

  it('concludes as other.supplement_overdue when the supplement period lapses', async () => {
    const app = await api.ok('/applications', registration({ receivedOn: today }), 201);
    await api.ok(`/applications/${app.id}/request-supplement`, {
      requestedOn: today,
      periodWorkingDays: 10,
      whatIsNeeded: '请提供身份证明',
    });
    const concluded = await eventually(
      'the supplement period to lapse',
      async () => {
        const d = await detail(app.id);
        return d.status === 'abandoned' ? d : null;
      },
      60_000,
    );
    expect(concluded.outcome).toBe('other.supplement_overdue');
    expect(concluded.events.at(-1).type).toBe('supplement_lapsed');
    const late = await api.post(`/applications/${app.id}/record-supplement`, { supplementedOn: today });
    expect(late.status).toBe(409);
  });
});
