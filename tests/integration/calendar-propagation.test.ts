/**
 * The national calendar is the platform's (issue 10), on a database of its own (entering a calendar
 * reaches every open application of the database): an agency admin may not enter it (403 naming the
 * role), a platform admin may (202 with the propagation id); the calendar propagation workflow brings the
 * new version to every open application, whose deadlines recount, and the propagation ends done with
 * every open application signalled; with Temporal unreachable at entry time the entry still stands
 * (pending) and the sweeper starts the propagation once Temporal is back. The workflow pages through the
 * open applications and continues as new without counting an application twice; the console shows the
 * progress (推送进度 已通知 x / y).
 */
import { CuttableProxy } from '../support/cuttable-proxy';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { WorkingDayCalendar } from '../../libs/domain/calendar';
import { dateInShanghai, dayOfWeek, yearOf } from '../../libs/domain/dates';
import { freePort } from '../../platform/processes';
import {
  CALENDAR_PROPAGATION_WORKFLOW_TYPE,
  calendarPropagationWorkflowId,
} from '../../workflows/calendar-propagation.definitions';
import { testEnv } from '../support/env';
import { SHOTS, consoleOrigin, launchChromium, signIn } from '../support/browser';
import {
  type AgencyStaff,
  arrangementsOf,
  createAgencyWithStaff,
  createPlatformAdmin,
  eventually,
  ownDatabase,
  propagationDone,
  registration,
  startApi,
  startStack,
} from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

describe('calendar propagation (a database of its own)', () => {
  let db: Awaited<ReturnType<typeof ownDatabase>>;
  let stack: Stack;
  let staff: AgencyStaff;
  let platform: Awaited<ReturnType<typeof createPlatformAdmin>>;
  let pg: PgClient;
  const today = dateInShanghai(Date.now());

  beforeAll(async () => {
    db = await ownDatabase('calprop');
    stack = await startStack({ databaseUrl: db.databaseUrl, env: { OGI_OUTBOX_SWEEP_MS: '500' } });
    staff = await createAgencyWithStaff(stack.api, '日历推送测试机关', { databaseUrl: db.databaseUrl });
    platform = await createPlatformAdmin(stack.api, staff.agency.id, { databaseUrl: db.databaseUrl });
    pg = new PgClient({ connectionString: db.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await stack?.stop();
    await db?.drop();
  });

  const register = async () =>
    staff.api.ok('/applications', registration({ receivedOn: today }), 201) as Promise<{ id: string }>;

  it('refuses the calendar to agency admins, naming the platform admin role', async () => {
    const body = { offDays: ['2030-01-01'], workDays: [], notice: '测试' };
    for (const who of [staff.as.admin, staff.api, staff.as.reviewer]) {
      const res = await who.request('PUT', '/calendar/2030', body);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('PLATFORM_ADMIN_REQUIRED');
      expect(res.body.message).toContain('平台管理员');
    }
    expect((await pg.query('SELECT count(*)::int AS n FROM calendar_years')).rows[0].n).toBe(0);
    // Reading the progress: platform admins and agency admins; others not.
    expect((await platform.get('/calendar/propagations')).status).toBe(200);
    expect((await staff.as.admin.get('/calendar/propagations')).status).toBe(200);
    expect((await staff.as.handler.get('/calendar/propagations')).status).toBe(403);
    expect((await platform.get('/calendar/propagations/not-a-uuid')).status).toBe(400);
    const me = (await platform.get('/auth/me')).body;
    expect(me).toMatchObject({ platformAdmin: true, roles: [] });
  });

  it('brings a platform admin’s entry to every open application through the propagation workflow', async () => {
    // Open applications, each extended: a reply deadline 40 working days out.
    const apps: Array<{ id: string }> = [];
    for (let i = 0; i < 5; i++) {
      const app = await register();
      await staff.api.ok(`/applications/${app.id}/approve-extension`, {
        approvedOn: today,
        workingDays: 20,
        reason: '需要检索档案',
      });
      apps.push(app);
    }
    // And one concluded application: not open, not signalled.
    const closed = await register();
    await staff.api.ok(`/applications/${closed.id}/withdraw`, { withdrawnOn: today, reason: '申请人撤回' });
    await eventually(
      'the withdrawn application to conclude',
      async () => (await staff.api.get(`/applications/${closed.id}`)).body.status === 'withdrawn',
    );

    const before = (await staff.api.get(`/applications/${apps[0].id}/deadlines`)).body;
    // Correct the year of the deadline: one more day off on a working day between today and the deadline.
    const dueYear = yearOf(before.reply.due);
    const arrangements = await arrangementsOf(staff.api);
    const current = arrangements.find((a) => a.year === dueYear) ?? { year: dueYear, off: [], work: [] };
    const calendar = new WorkingDayCalendar(arrangements);
    let extraOff = calendar.nextWorkingDay(today);
    while (yearOf(extraOff) < dueYear || dayOfWeek(extraOff) === 0 || dayOfWeek(extraOff) === 6)
      extraOff = calendar.nextWorkingDay(extraOff);
    expect(extraOff <= before.reply.due).toBe(true);
    const corrected = { year: dueYear, off: [...current.off, extraOff].sort(), work: current.work };

    const entered = await platform.request('PUT', `/calendar/${dueYear}`, {
      offDays: corrected.off,
      workDays: corrected.work,
      notice: `国务院办公厅关于${dueYear}年部分节假日安排的通知（测试更正）`,
    });
    expect(entered.status).toBe(202);
    expect(entered.body.propagationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(entered.body.workflowStarted).toBe(true);
    const done = await propagationDone(platform, entered.body.propagationId);
    expect(done).toMatchObject({
      year: dueYear,
      calendarVersion: entered.body.version,
      total: 5,
      signalled: 5,
      failed: 0,
    });
    expect(done.finishedAt).not.toBeNull();

    const withCorrection = new WorkingDayCalendar(
      arrangements
        .map((a) => (a.year === dueYear ? corrected : a))
        .concat(arrangements.some((a) => a.year === dueYear) ? [] : [corrected]),
    );
    for (const app of apps) {
      const after = await eventually('the deadline to be recounted', async () => {
        const d = (await staff.api.get(`/applications/${app.id}/deadlines`)).body;
        return d.calendarVersion === entered.body.version ? d : null;
      });
      expect(after.reply.due).toBe(withCorrection.addWorkingDays(today, 40).due);
      expect(after.reply.due > before.reply.due).toBe(true);
    }
    // Agency admins follow the progress too; the list shows it first.
    const listed = (await staff.as.admin.get('/calendar/propagations')).body;
    expect(listed.items[0]).toMatchObject({ id: entered.body.propagationId, status: 'done', signalled: 5 });
  });

  it('shows the propagation on the console’s calendar page (推送进度 已通知 x / y)', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
      await page.goto(`${consoleOrigin(stack.api)}/`);
      await page.fill('input[name=username]', platform.username);
      await page.fill('input[name=password]', platform.password);
      await page.click('button:has-text("登录")');
      await page.waitForSelector('header nav');
      await page.click('a:has-text("工作日历")');
      await page.waitForSelector('#calendar-propagations tr.propagation');
      const progress = await page.textContent('#calendar-propagations tr.propagation');
      expect(progress).toContain('推送进度 已通知 5 / 5');
      expect(progress).toContain('已完成');
      expect(await page.locator('button:has-text("录入")').count()).toBe(1);
      await page.screenshot({ path: join(SHOTS, '06b-calendar-propagation.png'), fullPage: true });
      // An agency admin follows the progress but has no entry form.
      const admin = await signIn(browser, stack.api, staff, 'admin');
      await admin.click('a:has-text("工作日历")');
      await admin.waitForSelector('#calendar-propagations tr.propagation');
      expect(await admin.locator('button:has-text("录入")').count()).toBe(0);
      expect(await admin.textContent('body')).toContain('由平台管理员统一录入');
    } finally {
      await browser.close();
    }
  });

  it('pages through the open applications, continues as new, and counts every application once', async () => {
    // The same version again, by a propagation of 2 applications a page and 2 pages a run (5 open).
    const version = (await pg.query('SELECT max(id)::int AS v FROM calendar_years')).rows[0].v as number;
    const id = randomUUID();
    const workflowId = calendarPropagationWorkflowId(id);
    await pg.query(
      `INSERT INTO calendar_propagations (id, calendar_version, workflow_id, entered_by, workflow_started_at)
       VALUES ($1, $2, $3, '测试', now())`,
      [id, version, workflowId],
    );
    const connection = await Connection.connect({ address: testEnv().temporalAddress });
    try {
      const client = new Client({ connection, namespace: testEnv().namespace });
      await client.workflow.execute(CALENDAR_PROPAGATION_WORKFLOW_TYPE, {
        taskQueue: stack.taskQueue,
        workflowId,
        args: [{ propagationId: id, version, pageSize: 2, pagesPerRun: 2 }],
      });
      const runs = await eventually('both runs to be listed', async () => {
        const list: string[] = [];
        for await (const w of client.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
          list.push(w.status.name);
        return list.length >= 2 ? list : null;
      });
      expect(runs.sort()).toEqual(['COMPLETED', 'CONTINUED_AS_NEW']);
    } finally {
      await connection.close();
    }
    const done = await propagationDone(platform, id);
    expect(done).toMatchObject({ status: 'done', total: 5, signalled: 5, skipped: 0, failed: 0 });
  });

  it('takes the entry while Temporal is unreachable and propagates it once Temporal is back', async () => {
    const app = await register();
    // Only an API that cannot reach Temporal is left, so its sweeper is the one to start the propagation.
    await stack.apiProcess.stop(5000);
    const [host, port] = testEnv().temporalAddress.split(':');
    const proxy = new CuttableProxy(await freePort(), { host, port: Number(port) });
    await proxy.open();
    const cutOff = await startApi(stack.taskQueue, {
      databaseUrl: db.databaseUrl,
      env: {
        OGI_TEMPORAL_ADDRESS: `127.0.0.1:${proxy.port}`,
        OGI_OUTBOX_SWEEP_MS: '500',
        OGI_ACTION_TIMEOUT_MS: '2000',
      },
    });
    try {
      await proxy.cut();
      const admin = cutOff.api.withToken(platform.token);
      const nextYear = yearOf(today) + 3;
      const started = Date.now();
      const entered = await admin.request('PUT', `/calendar/${nextYear}`, {
        offDays: [`${nextYear}-01-01`],
        workDays: [],
        notice: `国务院办公厅关于${nextYear}年部分节假日安排的通知（测试，Temporal 不可用）`,
      });
      expect(entered.status).toBe(202);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(entered.body.workflowStarted).toBe(false);
      expect(entered.body.propagation.status).toBe('pending');
      // Still pending while Temporal stays away.
      await new Promise((r) => setTimeout(r, 1500));
      expect((await admin.get(`/calendar/propagations/${entered.body.propagationId}`)).body.status).toBe(
        'pending',
      );

      await proxy.open();
      const done = await propagationDone(admin, entered.body.propagationId);
      expect(done.signalled).toBe(6);
      const d = await eventually('the new calendar to reach the application', async () => {
        const r = (await admin.get(`/applications/${app.id}/deadlines`)).body;
        return r.calendarVersion === entered.body.version ? r : null;
      });
      expect(d.calendarVersion).toBe(entered.body.version);
      expect(cutOff.process.lines.join('\n')).not.toMatch(/\b500\b.*Internal/);
    } finally {
      await cutOff.process.stop(5000);
      await proxy.cut();
    }
  });
});
