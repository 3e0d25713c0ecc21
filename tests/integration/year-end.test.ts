/**
 * The year end (年度结转), run by Temporal on a namespace of its own: the worker ensures the `year-end`
 * and `calendar-check` schedules (Asia/Shanghai) at every start without duplicating them; triggering the
 * `year-end` schedule runs the year-end workflow for the year before today's, which carries over exactly
 * the applications open on 31 December — a `carry_overs` row each and a `carried_over` event in the
 * history of those still running — and a second run changes nothing. The carry-over report lists them,
 * as JSON and as a spreadsheet.
 */
import { Client as PgClient } from 'pg';
import { Client, Connection, ScheduleNotFoundError } from '@temporalio/client';
import { Workbook } from 'exceljs';
import { msToTs } from '@temporalio/common/lib/time';
import { BUILT_IN_CALENDAR } from '../../libs/domain/calendar';
import { dateInShanghai, yearOf } from '../../libs/domain/dates';
import { launchChromium, signIn } from '../support/browser';
import { testEnv } from '../support/env';
import {
  type AgencyStaff,
  createAgencyWithStaff,
  eventually,
  registration,
  startStack,
  startWorker,
} from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

const NAMESPACE = 'ogi-year-end-test';
const today = dateInShanghai(Date.now());
/** The year the schedule carries over: the one before today's. */
const YEAR = yearOf(today) - 1;
const YEAR_END = `${YEAR}-12-31`;
const legalGround = '《中华人民共和国政府信息公开条例》第二十七条';

async function registerNamespace(connection: Connection): Promise<void> {
  try {
    await connection.workflowService.registerNamespace({
      namespace: NAMESPACE,
      workflowExecutionRetentionPeriod: msToTs('3 days'),
    });
  } catch (err) {
    if (!/already exists|AlreadyExists/i.test(String(err))) throw err;
  }
  // A new namespace takes a moment to be usable by every service of the server.
  const client = new Client({ connection, namespace: NAMESPACE });
  await eventually(
    'the test namespace to be usable',
    async () => {
      try {
        await client.schedule.getHandle('none').describe();
        return true;
      } catch (err) {
        return err instanceof ScheduleNotFoundError;
      }
    },
    60_000,
  );
}

describe('year end (年度结转) by Temporal Schedule', () => {
  let stack: Stack;
  let staff: AgencyStaff;
  let pg: PgClient;
  let connection: Connection;
  let temporal: Client;
  const env = { OGI_TEMPORAL_NAMESPACE: NAMESPACE };

  beforeAll(async () => {
    connection = await Connection.connect({ address: testEnv().temporalAddress });
    await registerNamespace(connection);
    temporal = new Client({ connection, namespace: NAMESPACE });
    stack = await startStack({ env });
    staff = await createAgencyWithStaff(stack.api, '年度结转测试机关');
    pg = new PgClient({ connectionString: testEnv().databaseUrl });
    await pg.connect();
  }, 180_000);

  afterAll(async () => {
    await pg?.end();
    await stack?.stop();
    await connection?.close();
  });

  const register = async (overrides: Record<string, unknown>) => {
    const res = await staff.api.post('/applications', registration(overrides));
    if (res.status !== 201) throw new Error(`register → ${res.status}: ${JSON.stringify(res.body)}`);
    const id = res.body.id as string;
    await eventually(`${id} to be recorded`, async () => {
      const r = await pg.query('SELECT version FROM applications WHERE id = $1', [id]);
      return (r.rows[0]?.version ?? 0) >= 1;
    });
    return res.body as { id: string; caseNumber: string; workflowId: string };
  };
  const act = (id: string, action: string, body: unknown = {}) =>
    staff.api.ok(`/applications/${id}/${action}`, body);
  const conclude = async (id: string, deliveredOn: string) => {
    await act(id, 'draft-decision', { outcome: 'disclosed', legalGround });
    await staff.as.reviewer.ok(`/applications/${id}/approve-decision`, { note: '同意' });
    await act(id, 'deliver', { deliveredOn, deliveryMethod: 'post' });
    await eventually(`${id} to be delivered`, async () => {
      const r = await pg.query('SELECT status FROM applications WHERE id = $1', [id]);
      return r.rows[0]?.status === 'delivered';
    });
  };
  const carriedEvents = async (ids: string[]) =>
    (
      await pg.query(
        `SELECT application_id, seq, business_date::text, payload FROM application_events
          WHERE type = 'carried_over' AND application_id = ANY($1::uuid[]) ORDER BY application_id`,
        [ids],
      )
    ).rows as Array<{ application_id: string; seq: number; business_date: string; payload: any }>;

  it('the worker ensures both schedules in Asia/Shanghai, and a second start neither fails nor duplicates them', async () => {
    const yearEnd = await temporal.schedule.getHandle('year-end').describe();
    expect(yearEnd.spec.timezone).toBe('Asia/Shanghai');
    expect(yearEnd.spec.calendars).toEqual([
      expect.objectContaining({ month: [{ start: 'JANUARY', end: 'JANUARY', step: 1 }] }),
    ]);
    expect(yearEnd.spec.calendars![0].dayOfMonth).toEqual([{ start: 1, end: 1, step: 1 }]);
    expect(yearEnd.spec.calendars![0].hour).toEqual([{ start: 0, end: 0, step: 1 }]);
    expect(yearEnd.spec.calendars![0].minute).toEqual([{ start: 30, end: 30, step: 1 }]);
    expect(yearEnd.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'yearEndWorkflow',
      taskQueue: stack.taskQueue,
    });
    expect(yearEnd.policies.catchupWindow).toBe(7 * 86_400_000);
    // The server counts in China Standard Time: next 1 January 00:30 there is 16:30 UTC the day before.
    expect(yearEnd.info.nextActionTimes[0].toISOString()).toBe(`${YEAR + 1}-12-31T16:30:00.000Z`);
    const check = await temporal.schedule.getHandle('calendar-check').describe();
    expect(check.spec.timezone).toBe('Asia/Shanghai');
    expect(check.spec.calendars![0].hour).toEqual([{ start: 9, end: 9, step: 1 }]);
    expect(check.info.nextActionTimes[0].toISOString()).toMatch(/T01:00:00\.000Z$/);
    expect(check.action).toMatchObject({ workflowType: 'calendarCheckWorkflow', taskQueue: stack.taskQueue });

    // A calendar watch of an earlier version still running is ended by the next worker start.
    const watch = await temporal.workflow.start('calendarWatchWorkflow', {
      workflowId: 'calendar-watch',
      taskQueue: stack.taskQueue,
      args: [{ checkEveryMs: 3_600_000 }],
    });
    // A second worker on the same namespace starts cleanly and updates the same two schedules.
    const second = await startWorker(stack.taskQueue, { env });
    await second.stop(5000);
    expect((await watch.describe()).status.name).toBe('TERMINATED');
    expect(second.lines.join('\n')).not.toMatch(/failed/);
    const ids = await eventually('the schedules to be listed', async () => {
      const seen: string[] = [];
      for await (const s of temporal.schedule.list()) seen.push(s.scheduleId);
      return seen.length >= 2 ? seen : null;
    });
    expect(ids.sort()).toEqual(['calendar-check', 'year-end']);
  });

  it('carries over exactly the applications open on 31 December, once; the report lists them', async () => {
    // Concluded within the year: not carried over.
    const concludedInYear = await register({ receivedOn: `${YEAR}-03-03`, applicantName: '甲' });
    await act(concludedInYear.id, 'accept');
    await conclude(concludedInYear.id, `${YEAR}-04-01`);
    // Withdrawn on 31 December itself: concluded on or before it, not carried over.
    const withdrawnOnLastDay = await register({ receivedOn: `${YEAR}-12-01`, applicantName: '乙' });
    await act(withdrawnOnLastDay.id, 'withdraw', { withdrawnOn: YEAR_END, reason: '申请人撤回' });
    // Open on 31 December, concluded in January: carried over (its workflow has ended).
    const concludedInJanuary = await register({ receivedOn: `${YEAR}-12-15`, applicantName: '丙' });
    await act(concludedInJanuary.id, 'accept');
    await conclude(concludedInJanuary.id, `${YEAR + 1}-01-09`);
    // Still open, its handling task claimed by a handler: carried over, handled by them.
    const openClaimed = await register({ receivedOn: `${YEAR}-12-22`, applicantName: '丁' });
    await act(openClaimed.id, 'accept');
    const taskId = await eventually('the handling task', async () => {
      const r = await pg.query(`SELECT id FROM tasks WHERE application_id = $1 AND state = 'open'`, [
        openClaimed.id,
      ]);
      return r.rows[0]?.id as string | undefined;
    });
    await staff.as.handler.ok(`/tasks/${taskId}/claim`);
    // Received on 31 December, not yet accepted: carried over, no handler (未分派).
    const openUnassigned = await register({ receivedOn: YEAR_END, applicantName: '戊' });
    // Received in the new year: not carried over.
    const receivedAfter = await register({ receivedOn: `${YEAR + 1}-01-05`, applicantName: '己' });

    const mine = [
      concludedInYear,
      withdrawnOnLastDay,
      concludedInJanuary,
      openClaimed,
      openUnassigned,
      receivedAfter,
    ].map((a) => a.id);
    const carried = [concludedInJanuary, openClaimed, openUnassigned].map((a) => a.id).sort();
    const running = [openClaimed, openUnassigned].map((a) => a.id).sort();

    // The schedule's own action: the year-end workflow for the year before today's.
    const schedule = temporal.schedule.getHandle('year-end');
    await schedule.trigger();
    const firstRun = await eventually(
      'the year-end run to finish',
      async () => {
        const r = await pg.query(
          `SELECT status, finished_at, applications, workflow_id FROM year_end_runs WHERE year = $1`,
          [YEAR],
        );
        return r.rows[0]?.status === 'done' ? r.rows[0] : null;
      },
      60_000,
    );
    expect(firstRun.workflow_id).toMatch(/^year-end/);
    const described = await schedule.describe();
    expect(described.info.recentActions.length).toBe(1);
    const firstHandle = temporal.workflow.getHandle(
      described.info.recentActions[0].action.workflow.workflowId,
    );
    const progress = await firstHandle.result();
    expect(progress).toMatchObject({ year: YEAR, done: true });
    expect(await firstHandle.query('yearEndProgress')).toEqual(progress);
    expect(progress.found).toBeGreaterThanOrEqual(carried.length);

    const rows = (
      await pg.query(
        `SELECT application_id, status, reply_due_on::text, working_days_left, paused, handler, concluded_on::text
           FROM carry_overs WHERE year = $1 AND application_id = ANY($2::uuid[]) ORDER BY application_id`,
        [YEAR, mine],
      )
    ).rows;
    expect(rows.map((r) => r.application_id)).toEqual(carried);
    const byId = new Map(rows.map((r) => [r.application_id, r]));
    expect(byId.get(concludedInJanuary.id)).toMatchObject({
      status: 'delivered',
      concluded_on: `${YEAR + 1}-01-09`,
    });
    expect(byId.get(openClaimed.id).handler).toBe(
      `handler ${staff.agency.code}（${staff.usernames.handler}）`,
    );
    expect(byId.get(openUnassigned.id).handler).toBeNull();
    for (const id of carried) {
      const r = byId.get(id);
      expect(r.reply_due_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.working_days_left).toBe(BUILT_IN_CALENDAR.workingDaysUntil(YEAR_END, r.reply_due_on));
      expect(r.working_days_left).toBeGreaterThan(0);
      expect(r.paused).toBe(false);
    }

    // Each case still running records the carry-over in its own history, dated 31 December.
    const events = await eventually('the carried_over events', async () => {
      const e = await carriedEvents(mine);
      return e.length >= running.length ? e : null;
    });
    expect(events.map((e) => e.application_id)).toEqual(running);
    for (const e of events) {
      expect(e.business_date).toBe(YEAR_END);
      expect(e.payload).toMatchObject({
        year: YEAR,
        status: e.application_id === openClaimed.id ? 'under_review' : 'registered',
        replyDueOn: byId.get(e.application_id).reply_due_on,
        workingDaysLeft: byId.get(e.application_id).working_days_left,
      });
    }
    const timeline = (await staff.api.get(`/applications/${openClaimed.id}`)).body;
    expect(JSON.stringify(timeline)).toContain('carried_over');

    // The carry-over report: JSON and a spreadsheet.
    const report = await staff.api.get(`/reports/${YEAR}/carry-over?pageSize=50`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ year: YEAR, total: 3, run: { status: 'done' } });
    const items = report.body.items as Array<Record<string, any>>;
    expect(items.map((i) => i.applicationId).sort()).toEqual(carried);
    const claimedItem = items.find((i) => i.applicationId === openClaimed.id)!;
    expect(claimedItem).toMatchObject({
      caseNumber: openClaimed.caseNumber,
      applicantName: '丁',
      receivedOn: `${YEAR}-12-22`,
      status: 'under_review',
      statusLabel: '办理中',
      replyDueOn: byId.get(openClaimed.id).reply_due_on,
      workingDaysLeft: byId.get(openClaimed.id).working_days_left,
      paused: false,
    });
    expect(items.find((i) => i.applicationId === openUnassigned.id)!.handlerLabel).toBe('未分派');
    // The same applications as table 三's 结转下年度继续办理 of the year, derived from the event log.
    const annual = await staff.api.get(`/reports/${YEAR}`);
    expect(annual.body.table3.carried_to_next_year.at(-1)).toBe(report.body.total);
    const page2 = await staff.api.get(`/reports/${YEAR}/carry-over?pageSize=2&page=2`);
    expect(page2.body.items).toHaveLength(1);
    expect((await staff.api.get(`/reports/${YEAR}/carry-over?pageSize=500`)).status).toBe(400);
    expect((await staff.api.get(`/reports/20x5/carry-over`)).status).toBe(400);

    const file = await fetch(`${stack.api.baseUrl}/reports/${YEAR}/carry-over.xlsx`, {
      headers: { authorization: `Bearer ${staff.api.token}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new Workbook();
    await workbook.xlsx.load(await file.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('案件编号');
    expect(sheet.getRow(1).getCell(8).value).toBe('承办人');
    expect(sheet.rowCount).toBe(1 + carried.length);
    const sheetCases = [2, 3, 4].map((n) => sheet.getRow(n).getCell(1).value).sort();
    expect(sheetCases).toEqual(
      [concludedInJanuary, openClaimed, openUnassigned].map((a) => a.caseNumber).sort(),
    );

    // A second run for the year changes nothing: same rows, no new event, nothing signalled.
    const eventCount = async () =>
      Number(
        (
          await pg.query(
            'SELECT count(*) AS n FROM application_events WHERE application_id = ANY($1::uuid[])',
            [mine],
          )
        ).rows[0].n,
      );
    const before = { events: await eventCount(), rows: JSON.stringify(rows) };
    await schedule.trigger();
    const second = await eventually(
      'the second run to finish',
      async () => {
        const d = await schedule.describe();
        if (d.info.recentActions.length < 2) return null;
        const h = temporal.workflow.getHandle(d.info.recentActions[1].action.workflow.workflowId);
        return (await h.describe()).status.name === 'COMPLETED' ? h.result() : null;
      },
      60_000,
    );
    expect(second).toMatchObject({ year: YEAR, recorded: 0, signalled: 0, done: true });
    expect(second.found).toBe(progress.found);
    // Give any stray signal time to be recorded, then compare.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await eventCount()).toBe(before.events);
    const after = (
      await pg.query(
        `SELECT application_id, status, reply_due_on::text, working_days_left, paused, handler, concluded_on::text
           FROM carry_overs WHERE year = $1 AND application_id = ANY($2::uuid[]) ORDER BY application_id`,
        [YEAR, mine],
      )
    ).rows;
    expect(JSON.stringify(after)).toBe(before.rows);
    expect(await carriedEvents(mine)).toEqual(events);

    // Page by page (keyset) across runs continued as new, it finds the same applications and adds nothing.
    const paged = await temporal.workflow.execute('yearEndWorkflow', {
      workflowId: `year-end-paged-${YEAR}`,
      taskQueue: stack.taskQueue,
      args: [{ year: YEAR, pageSize: 1, pagesPerRun: 2 }],
    });
    expect(paged).toEqual({ year: YEAR, found: progress.found, recorded: 0, signalled: 0, done: true });
    expect(await eventCount()).toBe(before.events);
  });

  it('the console shows the year’s carry-over (年度结转) and downloads its spreadsheet', async () => {
    const browser = await launchChromium();
    try {
      const page = await signIn(browser, stack.api, staff, 'all', { acceptDownloads: true });
      await page.click('header nav a:has-text("年度结转")');
      await page.waitForSelector('#carry-over tbody tr');
      expect(await page.locator('#carry-over tbody tr').count()).toBe(3);
      expect(await page.locator('#year-end-run').textContent()).toContain('已完成结转');
      expect(await page.locator('#carry-over').textContent()).toContain('未分派');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('#download-carry-over'),
      ]);
      expect(download.suggestedFilename()).toBe(`${YEAR}年度结转情况.xlsx`);
      const workbook = new Workbook();
      await workbook.xlsx.readFile((await download.path())!);
      expect(workbook.worksheets[0].rowCount).toBe(4);
    } finally {
      await browser.close();
    }
  });

  it('an admin starts and follows a year’s run; the current year cannot be carried over yet', async () => {
    const notAdmin = await staff.as.handler.post(`/admin/year-end/${YEAR}/run`);
    expect(notAdmin.status).toBe(403);
    const current = await staff.as.admin.post(`/admin/year-end/${yearOf(today)}/run`);
    expect(current.status).toBe(409);
    expect(current.body.code).toBe('YEAR_NOT_ENDED');
    const started = await staff.as.admin.post(`/admin/year-end/${YEAR - 1}/run`);
    expect(started.status).toBe(202);
    expect(started.body.workflowId).toBe(`year-end/${YEAR - 1}`);
    const status = await eventually('the run to be done', async () => {
      const s = await staff.as.admin.get(`/admin/year-end/${YEAR - 1}`);
      return s.body.status === 'done' ? s.body : null;
    });
    expect(status).toMatchObject({ year: YEAR - 1, statusLabel: '已完成结转' });
    expect((await staff.as.admin.get(`/admin/year-end/${YEAR + 5}`)).body.status).toBe('not_run');
  });
});
