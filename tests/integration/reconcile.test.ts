/**
 * `npm run reconcile`: applications driven through the API (some continuing as new, so their history
 * spans several runs) agree with their workflow histories; after the event log is tampered with (one
 * event's payload changed, another application's last event deleted), exactly those two applications
 * are listed, with the right kind of difference, and the command exits 1.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { DIST, testEnv } from '../support/env';
import {
  type AgencyStaff,
  createAgencyWithStaff,
  eventually,
  registration,
  startStack,
} from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function reconcile(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(DIST, 'apps/worker/src/reconcile-command.js'), ...args],
      {
        env: {
          ...process.env,
          OGI_DATABASE_URL: testEnv().databaseUrl,
          OGI_TEMPORAL_ADDRESS: testEnv().temporalAddress,
          OGI_TEMPORAL_NAMESPACE: testEnv().namespace,
          OGI_LOG_LEVEL: 'warn',
        },
        timeout: 120_000,
      },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') return reject(new Error(`${err.message}\n${stderr}`));
        resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
      },
    );
  });
}

describe('reconcile: the event log against the retained workflow histories', () => {
  let stack: Stack;
  let staff: AgencyStaff;
  let pg: PgClient;
  const apps: Record<
    'delivered' | 'open' | 'withdrawn' | 'drafted',
    { id: string; caseNumber: string; workflowId: string }
  > = {} as never;

  beforeAll(async () => {
    // A short history limit: the longer cases continue as new, so their transitions span several runs.
    stack = await startStack({ env: { OGI_CONTINUE_AS_NEW_AFTER_EVENTS: '20' } });
    staff = await createAgencyWithStaff(stack.api, '对账测试机关');
    pg = new PgClient({ connectionString: testEnv().databaseUrl });
    await pg.connect();
    const api = staff.api;
    const register = async (receivedOn: string) => api.ok('/applications', registration({ receivedOn }), 201);
    const legalGround = '《中华人民共和国政府信息公开条例》第三十六条';

    const delivered = await register('2024-03-01');
    await api.ok(`/applications/${delivered.id}/accept`);
    await api.ok(`/applications/${delivered.id}/draft-decision`, { outcome: 'disclosed', legalGround });
    await staff.as.reviewer.ok(`/applications/${delivered.id}/approve-decision`, {});
    await api.ok(`/applications/${delivered.id}/deliver`, {
      deliveredOn: '2024-03-20',
      deliveryMethod: 'post',
    });

    const open = await register('2024-04-01');
    await api.ok(`/applications/${open.id}/accept`);

    const withdrawn = await register('2024-05-06');
    await api.ok(`/applications/${withdrawn.id}/accept`);
    await api.ok(`/applications/${withdrawn.id}/withdraw`, {
      withdrawnOn: '2024-05-08',
      reason: '申请人书面撤回',
    });

    const drafted = await register('2024-06-03');
    await api.ok(`/applications/${drafted.id}/accept`);
    await api.ok(`/applications/${drafted.id}/draft-decision`, {
      outcome: 'unavailable.not_held',
      legalGround: '第三十六条第（四）项',
    });

    for (const [k, a] of Object.entries({ delivered, open, withdrawn, drafted })) {
      apps[k as keyof typeof apps] = { id: a.id, caseNumber: a.caseNumber, workflowId: a.workflowId };
    }
  }, 180_000);

  afterAll(async () => {
    await pg?.end();
    await stack?.stop();
  });

  it('finds every application in agreement and exits 0', async () => {
    const run = await reconcile(['--agency', staff.agency.code, '--json']);
    expect(run.stderr).toContain('[reconcile] 4 of 4');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      total: 4,
      agree: 4,
      differ: 0,
      notRetained: 0,
      partlyRetained: 0,
      differing: [],
    });

    const text = await reconcile([`--agency=${staff.agency.code}`]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('4 applications: 4 agree, 0 differ');
  });

  it('compares every run of a case that continued as new', async () => {
    const runs: string[] = [];
    const { Client, Connection } = await import('@temporalio/client');
    const connection = await Connection.connect({ address: testEnv().temporalAddress });
    try {
      const client = new Client({ connection, namespace: testEnv().namespace });
      for await (const r of client.workflow.list({ query: `WorkflowId = '${apps.delivered.workflowId}'` })) {
        runs.push(r.runId);
      }
    } finally {
      await connection.close();
    }
    expect(runs.length).toBeGreaterThanOrEqual(2);
    // Deleting the first event makes a difference only because the first run is still retained.
    const [{ n }] = (
      await pg.query(`SELECT count(*)::int AS n FROM application_events WHERE application_id = $1`, [
        apps.delivered.id,
      ])
    ).rows as Array<{ n: number }>;
    expect(n).toBe(5);
  });

  it('lists exactly the tampered applications with their differences and exits 1', async () => {
    // One event's payload changed...
    await pg.query(
      `UPDATE application_events SET payload = payload || '{"legalGround": "篡改的依据"}'::jsonb
        WHERE application_id = $1 AND type = 'decision_drafted'`,
      [apps.drafted.id],
    );
    // ...and another application's last event deleted.
    const deleted = await pg.query(
      `DELETE FROM application_events WHERE application_id = $1
          AND seq = (SELECT max(seq) FROM application_events WHERE application_id = $1) RETURNING seq, type`,
      [apps.withdrawn.id],
    );
    const { seq: deletedSeq, type: deletedType } = deleted.rows[0] as { seq: number; type: string };
    expect(deletedType).toBe('withdrawn');

    const run = await reconcile(['--agency', staff.agency.code, '--json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ total: 4, agree: 2, differ: 2, notRetained: 0 });
    const byId = Object.fromEntries(
      (result.differing as Array<{ applicationId: string; differences: unknown[] }>).map((r) => [
        r.applicationId,
        r,
      ]),
    );
    expect(Object.keys(byId).sort()).toEqual([apps.drafted.id, apps.withdrawn.id].sort());
    expect(byId[apps.withdrawn.id]).toMatchObject({
      caseNumber: apps.withdrawn.caseNumber,
      workflowId: apps.withdrawn.workflowId,
      status: 'differ',
      differences: [{ kind: 'missing_in_database', seq: deletedSeq, type: 'withdrawn' }],
    });
    expect(byId[apps.drafted.id]).toMatchObject({
      caseNumber: apps.drafted.caseNumber,
      workflowId: apps.drafted.workflowId,
      differences: [
        {
          kind: 'different',
          seq: 3,
          fields: ['payload'],
          database: { payload: expect.objectContaining({ legalGround: '篡改的依据' }) },
          history: { payload: expect.objectContaining({ legalGround: '第三十六条第（四）项' }) },
        },
      ],
    });

    const text = await reconcile(['--agency', staff.agency.code]);
    expect(text.code).toBe(1);
    const listed = text.stdout.split('\n').filter((l) => l.includes('DIFFERS'));
    expect(listed).toHaveLength(2);
    expect(text.stdout).toContain(
      `DIFFERS ${apps.drafted.caseNumber}  application ${apps.drafted.id}  workflow ${apps.drafted.workflowId}`,
    );
    expect(text.stdout).toContain(`seq ${deletedSeq} (withdrawn): missing_in_database`);
    expect(text.stdout).toContain('seq 3: different payload');
    expect(text.stdout).toContain('4 applications: 2 agree, 2 differ');
  });

  it('reports a logged event no run recorded as missing_in_history', async () => {
    await pg.query(
      `INSERT INTO application_events (application_id, seq, type, business_date, actor, payload, occurred_at)
       SELECT application_id, seq + 1, 'delivered', business_date, actor, payload, occurred_at
         FROM application_events WHERE application_id = $1 ORDER BY seq DESC LIMIT 1`,
      [apps.delivered.id],
    );
    const run = await reconcile(['--agency', staff.agency.code, '--json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    const delivered = (result.differing as Array<{ applicationId: string }>).find(
      (r) => r.applicationId === apps.delivered.id,
    );
    expect(delivered).toMatchObject({
      differences: [{ kind: 'missing_in_history', seq: 6, type: 'delivered' }],
    });
    expect(result.differ).toBe(3);
  });

  it('counts a workflow no longer retained as not_retained, and a lost first run as history_partly_retained', async () => {
    const { Client, Connection } = await import('@temporalio/client');
    const connection = await Connection.connect({ address: testEnv().temporalAddress });
    try {
      const client = new Client({ connection, namespace: testEnv().namespace });
      const namespace = testEnv().namespace;
      const runsOf = async (workflowId: string) => {
        const runs: Array<{ runId: string; startTime: Date }> = [];
        for await (const r of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(r);
        return runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
      };
      // As retention would: the open case's workflow entirely, the delivered case's first run only.
      for (const r of await runsOf(apps.open.workflowId)) {
        await client.workflowService.deleteWorkflowExecution({
          namespace,
          workflowExecution: { workflowId: apps.open.workflowId, runId: r.runId },
        });
      }
      const [first] = await runsOf(apps.delivered.workflowId);
      await client.workflowService.deleteWorkflowExecution({
        namespace,
        workflowExecution: { workflowId: apps.delivered.workflowId, runId: first.runId },
      });
    } finally {
      await connection.close();
    }
    const result = await eventually(
      'the deletions to take effect',
      async () => {
        const run = await reconcile(['--agency', staff.agency.code, '--json']);
        const r = JSON.parse(run.stdout);
        return r.notRetained === 1 && r.partlyRetained === 1 ? { ...r, code: run.code } : null;
      },
      60_000,
    );
    expect(result.code).toBe(1);
    // The open case is no difference; the delivered case still differs by the event added after the
    // retained runs, but its first transitions cannot be checked any more.
    expect(result).toMatchObject({ total: 4, differ: 3, agree: 0, notRetained: 1, partlyRetained: 1 });
    const ids = (result.differing as Array<{ applicationId: string }>).map((r) => r.applicationId);
    expect(ids).not.toContain(apps.open.id);
    const delivered = (result.differing as Array<{ applicationId: string }>).find(
      (r) => r.applicationId === apps.delivered.id,
    );
    expect(delivered).toMatchObject({
      historyPartlyRetained: true,
      differences: [{ kind: 'missing_in_history', seq: 6 }],
    });
    expect((delivered as unknown as { firstRetainedSeq: number }).firstRetainedSeq).toBeGreaterThan(1);
  });

  it('filters by date, and refuses bad arguments with exit code 2', async () => {
    const none = await reconcile(['--agency', staff.agency.code, '--since', '2099-01-01', '--json']);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toMatchObject({ total: 0, differ: 0 });
    const other = await reconcile(['--agency', 'no-such-agency', '--json']);
    expect(JSON.parse(other.stdout)).toMatchObject({ total: 0 });
    const bad = await reconcile(['--since', '2024-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since must be a date');
    const unknown = await reconcile(['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('usage: npm run reconcile');
  });
});
