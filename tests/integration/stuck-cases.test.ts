/**
 * No case freezes unseen: a case whose recording activity fails attempt after attempt, or whose workflow
 * tasks keep failing, is listed for admins (GET /api/admin/stuck-cases) and counted by /api/health, and
 * leaves the list once it moves on. Nothing is mocked: a PostgreSQL trigger makes the recording fail
 * with a retryable SQLSTATE, and a malformed signal makes every workflow task fail.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { dateInShanghai } from '../../libs/domain/dates';
import { DIST, testEnv } from '../support/env';
import {
  type AgencyStaff,
  type Api,
  createAgencyWithStaff,
  eventually,
  registration,
  startStack,
} from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

const today = dateInShanghai(Date.now());

describe('stuck cases', () => {
  let stack: Stack;
  let staff: AgencyStaff;
  let pg: PgClient;
  let connection: Connection;
  let temporal: Client;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        OGI_STUCK_ACTIVITY_ATTEMPTS: '3',
        OGI_STUCK_SCAN_INTERVAL_MS: '500',
        OGI_STUCK_STALE_AFTER_MS: '0',
        OGI_STUCK_SCAN_BATCH: '50',
      },
    });
    staff = await createAgencyWithStaff(stack.api, '卡住测试机关');
    pg = new PgClient({ connectionString: testEnv().databaseUrl });
    await pg.connect();
    connection = await Connection.connect({ address: testEnv().temporalAddress });
    temporal = new Client({ connection, namespace: testEnv().namespace });
  });

  afterAll(async () => {
    await connection?.close();
    await pg?.end();
    await stack?.stop();
  });

  const runScanNow = () =>
    new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [join(DIST, 'apps/worker/src/scan-stuck-cases.js')],
        {
          env: {
            ...process.env,
            OGI_DATABASE_URL: testEnv().databaseUrl,
            OGI_TEMPORAL_ADDRESS: testEnv().temporalAddress,
            OGI_TEMPORAL_NAMESPACE: testEnv().namespace,
          },
          timeout: 60_000,
        },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      );
    });

  const stuckOf = async (api: Api) => {
    const res = await api.get('/admin/stuck-cases');
    if (res.status !== 200) throw new Error(`stuck-cases → ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  it('lists a case whose recording keeps failing, with the error, until it is recorded', async () => {
    const app = await staff.as.registrar.ok('/applications', registration({ receivedOn: today }), 201);
    const fn = `ogi_test_stuck_${randomUUID().replace(/-/g, '')}`;
    await pg.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.application_id = '${app.id}' THEN
          RAISE EXCEPTION '模拟的写入冲突 for %', NEW.application_id USING ERRCODE = '40001';
        END IF;
        RETURN NEW;
      END $$`);
    await pg.query(
      `CREATE TRIGGER ${fn} BEFORE INSERT ON application_events FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    let dropped = false;
    const drop = async () => {
      if (dropped) return;
      dropped = true;
      await pg.query(`DROP TRIGGER ${fn} ON application_events`);
      await pg.query(`DROP FUNCTION ${fn}()`);
    };
    try {
      // The staff action waits for its transition to be recorded: send it without waiting.
      const accepting = staff.as.handler.post(`/applications/${app.id}/accept`);

      const listed = await eventually('the case to be listed as stuck', async () => {
        const items = (await stuckOf(staff.as.admin)).items as Array<Record<string, unknown>>;
        return items.find((p) => p.applicationId === app.id);
      });
      expect(listed).toMatchObject({
        applicationId: app.id,
        caseNumber: app.caseNumber,
        workflowId: app.workflowId,
        kind: 'activity',
        activityType: 'recordTransition',
      });
      expect(listed.attempts).toBeGreaterThanOrEqual(3);
      expect(listed.error).toContain('模拟的写入冲突');
      expect(Date.parse(String(listed.since))).not.toBeNaN();

      const health = await stack.api.withToken(null).get('/health');
      expect(health.body.stuckCases).toBeGreaterThanOrEqual(1);
      // Admins only, and only their agencies.
      expect((await staff.as.handler.get('/admin/stuck-cases')).status).toBe(403);
      expect((await staff.as.reviewer.get('/admin/stuck-cases')).status).toBe(403);
      const other = await createAgencyWithStaff(stack.api, '另一机关');
      const theirs = (await stuckOf(other.as.admin)).items as Array<{ applicationId: string }>;
      expect(theirs.map((p) => p.applicationId)).not.toContain(app.id);

      await drop();
      const accepted = await accepting;
      expect(accepted.status).toBe(200);
      expect(accepted.body.status).toBe('under_review');
      await eventually('the case to leave the list', async () => {
        const items = (await stuckOf(staff.as.admin)).items as Array<{ applicationId: string }>;
        return !items.some((p) => p.applicationId === app.id);
      });
    } finally {
      await drop();
    }
  }, 120_000);

  it('lists a case whose workflow tasks keep failing, until the workflow closes', async () => {
    const app = await staff.as.registrar.ok('/applications', registration({ receivedOn: today }), 201);
    // A malformed signal: the workflow's handler throws, so every workflow task fails and the workflow
    // stays Running without ever advancing.
    await temporal.workflow.getHandle(app.workflowId).signal('calendarChanged', null);

    const listed = await eventually('the case to be listed with a failing workflow task', async () => {
      const items = (await stuckOf(staff.as.admin)).items as Array<Record<string, unknown>>;
      return items.find((p) => p.applicationId === app.id && p.kind === 'workflow_task');
    });
    expect(listed).toMatchObject({ workflowId: app.workflowId, activityType: 'workflow task' });
    expect(listed.attempts).toBeGreaterThanOrEqual(2);
    expect(listed.error).toMatch(/version/);
    expect((await stack.api.get('/health')).body.stuckCases).toBeGreaterThanOrEqual(1);

    // The scan also runs on demand, with the worker's environment.
    const scan = await runScanNow();
    expect(scan).toMatch(
      /\[scan\] described [1-9]\d* workflows, flagged [1-9]\d*, cleared \d+; [1-9]\d* stuck now/,
    );

    await temporal.workflow.getHandle(app.workflowId).terminate('test: clean up the stuck workflow');
    await eventually('the closed workflow to leave the list', async () => {
      const items = (await stuckOf(staff.as.admin)).items as Array<{ applicationId: string }>;
      return !items.some((p) => p.applicationId === app.id);
    });
  }, 120_000);
});
