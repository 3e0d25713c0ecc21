/**
 * Legal clocks on the real stack, with a working day shrunk to 150 ms: consultations pause the reply
 * clock, an unpaid fee concludes as other.fee_unpaid, an extension is granted once and only in time,
 * deadlines explain themselves in Chinese, and a platform admin's calendar entry recounts open deadlines
 * (on a database of its own: the entry reaches every open application of its database).
 */
import { BUILT_IN_ARRANGEMENTS, BUILT_IN_CALENDAR, WorkingDayCalendar } from '../../libs/domain/calendar';
import { addDays, dateInShanghai, yearOf } from '../../libs/domain/dates';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { CALENDAR_CHECK_WORKFLOW_TYPE } from '../../workflows/year-end.definitions';
import { testEnv } from '../support/env';
import {
  type Api,
  createAgencyWithStaff,
  createPlatformAdmin,
  eventually,
  ownDatabase,
  propagationDone,
  registration,
  startStack,
} from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

describe('deadlines on the real stack', () => {
  let stack: Stack;
  let api: Api;
  let agencyId: string;
  let usernames: Record<string, string>;
  const today = dateInShanghai(Date.now());
  const cal = BUILT_IN_CALENDAR;

  beforeAll(async () => {
    stack = await startStack({ workingDayMs: 150 });
    const staff = await createAgencyWithStaff(stack.api, '期限测试机关');
    api = staff.api;
    agencyId = staff.agency.id;
    usernames = staff.usernames;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const register = async (overrides: Record<string, unknown> = {}) =>
    api.ok('/applications', registration({ receivedOn: today, ...overrides }), 201);
  const act = (id: string, action: string, body: unknown = {}) =>
    api.post(`/applications/${id}/${action}`, body);
  const deadlines = async (id: string) => (await api.get(`/applications/${id}/deadlines`)).body;

  it('explains the reply deadline in Chinese, from receipt', async () => {
    const app = await register();
    const d = await deadlines(app.id);
    expect(d.reply.due).toBe(cal.addWorkingDays(today, 20).due);
    expect(d.reply.status).toBe('running');
    expect(d.reply.workingDaysLeft).toBe(20);
    expect(d.reply.statusText).toBe('距答复期限还有 20 个工作日');
    expect(d.reply.explanation).toContain(`起算日：${today}`);
    expect(d.reply.explanation).toContain('答复期限');
    expect(d.supplementNotice.due).toBe(cal.addWorkingDays(today, 7).due);
    expect(d.supplementNotice.explanation).toContain('7 个工作日内');
    const row = (await api.get(`/applications/${app.id}`)).body;
    expect(row.replyDueOn).toBe(d.reply.due);
  });

  it('grants one extension of at most 20 working days before the deadline, and refuses the rest by rule', async () => {
    const app = await register();
    const tooLong = await act(app.id, 'approve-extension', {
      approvedOn: today,
      workingDays: 21,
      reason: '需要检索档案',
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].field).toBe('workingDays');
    expect(tooLong.body.message).toContain('第三十三条');

    const granted = await act(app.id, 'approve-extension', {
      approvedOn: today,
      workingDays: 20,
      reason: '需要检索档案',
    });
    expect(granted.status).toBe(200);
    const d = await deadlines(app.id);
    expect(d.reply.extensionWorkingDays).toBe(20);
    expect(d.reply.due).toBe(cal.addWorkingDays(today, 40).due);
    expect(d.reply.explanation).toContain(usernames.all);

    const second = await act(app.id, 'approve-extension', {
      approvedOn: today,
      workingDays: 5,
      reason: '再延',
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('EXTENSION_ALREADY_GRANTED');
    expect(second.body.message).toContain('第三十三条');

    const overdue = await register({ receivedOn: addDays(today, -60) });
    const late = await act(overdue.id, 'approve-extension', {
      approvedOn: today,
      workingDays: 10,
      reason: '补救',
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('EXTENSION_TOO_LATE');
    expect(late.body.message).toContain('期限届满前');
    await api.ok(`/applications/${overdue.id}/withdraw`, { withdrawnOn: today });
  });

  it('pauses the clock while a third party is consulted, and resumes it on the answer', async () => {
    const app = await register();
    await api.ok(`/applications/${app.id}/accept`);
    const before = (await deadlines(app.id)).reply.due;
    const asked = await api.ok(`/applications/${app.id}/start-consultation`, {
      kind: 'third_party',
      party: '某公司',
      sentOn: today,
    });
    expect(asked.paused).toBe(true);
    const paused = await deadlines(app.id);
    expect(paused.reply.status).toBe('paused');
    expect(paused.reply.statusText).toContain('暂停');
    expect(paused.consultations[0]).toMatchObject({
      ref: 'c1',
      windowEnd: cal.addWorkingDays(today, 15).due,
      reply: null,
    });
    expect(paused.reply.due).toBe(cal.addWorkingDays(before, 15).due);

    const draft = await act(app.id, 'draft-decision', { outcome: 'disclosed', legalGround: '第三十六条' });
    expect(draft.status).toBe(409);
    expect(draft.body.code).toBe('CLOCK_PAUSED');

    const answered = await api.ok(`/applications/${app.id}/record-consultation-reply`, {
      ref: 'c1',
      repliedOn: today,
      answer: 'object',
      reasons: '涉及商业秘密',
    });
    expect(answered.paused).toBe(false);
    expect((await deadlines(app.id)).reply.due).toBe(before);
    await api.ok(`/applications/${app.id}/draft-decision`, {
      outcome: 'withheld.third_party_rights',
      legalGround: '第十五条',
    });
  });

  it('resumes the clock when another agency does not answer within 15 working days (deemed consent)', async () => {
    const app = await register();
    await api.ok(`/applications/${app.id}/accept`);
    await api.ok(`/applications/${app.id}/start-consultation`, {
      kind: 'other_agency',
      party: '县财政局',
      sentOn: today,
    });
    const lapsed = await eventually('the consultation window to lapse', async () => {
      const detail = (await api.get(`/applications/${app.id}`)).body;
      return detail.events.find((e: { type: string }) => e.type === 'consultation_lapsed');
    });
    expect(lapsed.payload).toMatchObject({ ref: 'c1', answer: 'no_answer', deemedConsent: true });
    expect(lapsed.businessDate).toBe(cal.addWorkingDays(today, 15).due);
    expect((await api.get(`/applications/${app.id}`)).body.paused).toBe(false);
  });

  it('concludes as other.fee_unpaid when the fee is not paid within 20 working days', async () => {
    const app = await register();
    await api.ok(`/applications/${app.id}/accept`);
    const free = await act(app.id, 'issue-fee-notice', { noticeOn: today, method: 'per_application' });
    expect(free.status).toBe(409);
    expect(free.body.code).toBe('FEE_NOT_CHARGEABLE');
    const noPages = await act(app.id, 'issue-fee-notice', { noticeOn: today, method: 'per_page' });
    expect(noPages.status).toBe(400);
    expect(noPages.body.errors[0].field).toBe('pages');

    const noticed = await api.ok(`/applications/${app.id}/issue-fee-notice`, {
      noticeOn: today,
      method: 'per_page',
      pages: 100,
    });
    expect(noticed.paused).toBe(true);
    const fee = (await deadlines(app.id)).fee;
    expect(fee.computation.amountYuan).toBe(700);
    expect(fee.windowEnd).toBe(cal.addWorkingDays(today, 20).due);

    const concluded = await eventually(
      'the fee payment window to lapse',
      async () => {
        const detail = (await api.get(`/applications/${app.id}`)).body;
        return detail.status === 'abandoned' ? detail : null;
      },
      30_000,
    );
    expect(concluded.outcome).toBe('other.fee_unpaid');
    expect(concluded.concludedOn).toBe(addDays(fee.windowEnd, 1));
    expect(concluded.events.at(-1).type).toBe('fee_payment_lapsed');
    const report = await api.get(`/reports/${yearOf(concluded.concludedOn)}?agencyId=${agencyId}`);
    expect(report.body.table3['other.fee_unpaid'][6]).toBe(1);
  });

  it('resumes the clock when the fee is paid', async () => {
    const app = await register();
    await api.ok(`/applications/${app.id}/accept`);
    const before = (await deadlines(app.id)).reply.due;
    await api.ok(`/applications/${app.id}/issue-fee-notice`, {
      noticeOn: today,
      method: 'per_page',
      pages: 31,
    });
    const paid = await api.ok(`/applications/${app.id}/record-fee-payment`, { paidOn: today });
    expect(paid.paused).toBe(false);
    expect((await deadlines(app.id)).reply.due).toBe(before);
    const twice = await act(app.id, 'record-fee-payment', { paidOn: today });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('NO_FEE_DUE');
  });

  it('under Art. 35, sets a later deadline only after asking for reasons', async () => {
    const app = await register();
    const early = await act(app.id, 'set-later-deadline', {
      setOn: today,
      due: addDays(today, 90),
      reason: '申请数量较大',
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('REASONS_NOT_REQUESTED');
    await api.ok(`/applications/${app.id}/request-reasons`, { requestedOn: today });
    // Rules 2: the later deadline is a working day.
    let dayOff = addDays(today, 90);
    while (cal.isWorkingDay(dayOff)) dayOff = addDays(dayOff, 1);
    const offDay = await act(app.id, 'set-later-deadline', {
      setOn: today,
      due: dayOff,
      reason: '申请数量较大',
    });
    expect(offDay.status).toBe(409);
    expect(offDay.body.code).toBe('LATER_DEADLINE_NOT_WORKING_DAY');
    const laterDue = cal.workingDayBefore(addDays(today, 90), 0);
    await api.ok(`/applications/${app.id}/set-later-deadline`, {
      setOn: today,
      due: laterDue,
      reason: '申请数量较大',
    });
    const d = await deadlines(app.id);
    expect(d.reply.due).toBe(laterDue);
    expect(d.reply.laterDeadline).toEqual({ due: laterDue, reason: '申请数量较大' });
  });
  it('reminds admins from 1 November while next year’s arrangement is missing', async () => {
    const nextYear = yearOf(today) + 1;
    const calendar = (await api.get('/calendar')).body;
    expect(calendar.years.map((y: { year: number }) => y.year)).toEqual(
      expect.arrayContaining([2019, 2024, 2026]),
    );
    const expectMissing =
      today.slice(5) >= '11-01' && !calendar.years.some((y: { year: number }) => y.year === nextYear);
    expect(calendar.missingNextYear).toBe(expectMissing ? nextYear : null);
    if (expectMissing) {
      // The calendar check the schedule runs every morning, run now on this file's worker (the schedule
      // follows the worker started last, which may be one with a database of its own).
      const connection = await Connection.connect({ address: testEnv().temporalAddress });
      try {
        await new Client({ connection, namespace: testEnv().namespace }).workflow.execute(
          CALENDAR_CHECK_WORKFLOW_TYPE,
          { taskQueue: stack.taskQueue, workflowId: `calendar-check-test-${randomUUID()}`, args: [] },
        );
      } finally {
        await connection.close();
      }
      const notices = await eventually('the missing-year notice for admins', async () => {
        const res = (await api.get('/notifications?role=admin')).body;
        return res.items.find((n: { key: string }) => n.key === `calendar:${nextYear}:missing:${today}`);
      });
      expect(notices.title).toContain(`${nextYear} 年节假日安排`);
    }
  });
});

/**
 * Entering the calendar reaches every open application of the database: this runs on a database of its
 * own, so its propagation is over the one application it registers.
 */
describe('a calendar entry recounts open deadlines (a database of its own)', () => {
  let db: Awaited<ReturnType<typeof ownDatabase>>;
  let stack: Stack;
  let api: Api;
  let platform: Api;
  const today = dateInShanghai(Date.now());

  beforeAll(async () => {
    db = await ownDatabase('deadlines_cal');
    stack = await startStack({ workingDayMs: 150, databaseUrl: db.databaseUrl });
    const staff = await createAgencyWithStaff(stack.api, '期限测试机关', { databaseUrl: db.databaseUrl });
    api = staff.api;
    platform = await createPlatformAdmin(stack.api, staff.agency.id, { databaseUrl: db.databaseUrl });
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  const register = async (overrides: Record<string, unknown> = {}) =>
    api.ok('/applications', registration({ receivedOn: today, ...overrides }), 201);
  const deadlines = async (id: string) => (await api.get(`/applications/${id}/deadlines`)).body;

  it('recounts a provisional deadline when a platform admin enters the next year’s arrangement', async () => {
    const nextYear = yearOf(today) + 1;
    // An extension carries this deadline into next year, which has no arrangement yet.
    const app = await register();
    await api.ok(`/applications/${app.id}/approve-extension`, {
      approvedOn: today,
      workingDays: 20,
      reason: '需要检索档案',
    });
    const before = await deadlines(app.id);
    const reachesNextYear = yearOf(before.reply.due) === nextYear;
    expect(before.reply.provisional).toBe(reachesNextYear);

    const bad = await platform.request('PUT', `/calendar/${nextYear}`, {
      offDays: [`${nextYear}-01-01`, `${nextYear - 1}-12-31`],
      workDays: [`${nextYear}-01-06`],
      notice: '测试',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['offDays']),
    );

    const arrangement = { year: nextYear, off: [`${nextYear}-01-01`], work: [] as string[] };
    const refused = await api.request('PUT', `/calendar/${nextYear}`, {
      offDays: [`${nextYear}-01-01`],
      workDays: [],
      notice: '测试',
    });
    expect(refused.status).toBe(403);
    const entered = await platform.request('PUT', `/calendar/${nextYear}`, {
      offDays: arrangement.off,
      workDays: arrangement.work,
      notice: `国务院办公厅关于${nextYear}年部分节假日安排的通知（测试录入）`,
    });
    expect(entered.status).toBe(202);
    // Its own propagation reaches the one open application of this database.
    const propagation = await propagationDone(platform, entered.body.propagationId);
    expect(propagation).toMatchObject({ status: 'done', total: 1, signalled: 1, failed: 0 });

    const recomputed = await eventually('the deadline to be recomputed', async () => {
      const detail = (await api.get(`/applications/${app.id}`)).body;
      return detail.events.find((e: { type: string }) => e.type === 'deadline_recomputed');
    });
    expect(recomputed.payload.calendarVersion).toBe(entered.body.version);
    const after = await deadlines(app.id);
    const withNextYear = new WorkingDayCalendar([...BUILT_IN_ARRANGEMENTS, arrangement]);
    expect(after.reply.provisional).toBe(false);
    expect(after.calendarVersion).toBe(entered.body.version);
    expect(after.reply.due).toBe(withNextYear.addWorkingDays(today, 40).due);
    expect(recomputed.payload.due).toBe(after.reply.due);
    expect((await api.get('/calendar')).body.missingNextYear).toBeNull();
  });
});
