/**
 * Records the workflow histories of every kind of case on the real stack (a working day shrunk to
 * 300 ms), and writes each to tests/fixtures/histories/<label>.json. The replay test replays all of
 * them against the current workflow code, so a change that would break a running case fails CI.
 *
 * Recorded histories are never rewritten: a label that already has a file is skipped, so this run only
 * adds the kinds of case that are new (set OGI_RECORD_ONLY=label,label to record some labels only).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { findTemporalBinary } from '../../platform/temporal-dev-server';
import { BUILT_IN_CALENDAR } from '../../libs/domain/calendar';
import { addDays, dateInShanghai, yearOf } from '../../libs/domain/dates';
import { testEnv, ROOT } from '../support/env';
import {
  type Api,
  createAgencyWithStaff,
  createPlatformAdmin,
  eventually,
  propagationDone,
  registration,
  startStack,
} from '../support/stack';

const OUT = join(ROOT, 'tests', 'fixtures', 'histories');
const WORKING_DAY_MS = 300;
/** Only the long overdue case reaches it: the others stay far below. */
const CONTINUE_AS_NEW_AFTER_EVENTS = 120;

type Stack = Awaited<ReturnType<typeof startStack>>;

interface Scenario {
  label: string;
  description: string;
  run(ctx: Ctx): Promise<{ id: string }>;
}

interface Ctx {
  /** Holds every role, admin included. */
  api: Api;
  agencyCode: string;
  /** A reviewer other than the drafter (rules 2: the drafter may not approve). */
  reviewer: Api;
  today: string;
  register(overrides?: Record<string, unknown>): Promise<{ id: string; workflowId: string }>;
  act(id: string, action: string, body?: unknown): Promise<unknown>;
  waitForStatus(id: string, status: string, timeoutMs?: number): Promise<unknown>;
  waitForEvent(id: string, type: string, count?: number, timeoutMs?: number): Promise<unknown>;
}

const decide = async (ctx: Ctx, id: string, outcome = 'disclosed') => {
  await ctx.act(id, 'draft-decision', {
    outcome,
    legalGround: '《中华人民共和国政府信息公开条例》第三十六条',
  });
  await ctx.reviewer.ok(`/applications/${id}/approve-decision`, { note: '同意' });
  await ctx.act(id, 'deliver', { deliveredOn: ctx.today, deliveryMethod: 'post' });
  await ctx.waitForStatus(id, 'delivered');
};

const SCENARIOS: Scenario[] = [
  {
    label: 'v2-lifecycle',
    description: 'rules 2: register, accept, draft, approve by another reviewer, deliver',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'accept');
      await decide(ctx, app.id);
      return app;
    },
  },
  {
    label: 'v2-supplement-late-entry',
    description:
      'rules 2: the supplement period ends, the registrar is told, an in-time supplement is entered in the grace',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'request-supplement', {
        requestedOn: ctx.today,
        periodWorkingDays: 1,
        whatIsNeeded: '文号',
      });
      await eventually('the late-entry notice', async () => {
        const n = (await ctx.api.get(`/notifications?applicationId=${app.id}`)).body;
        return (n?.items ?? []).some((i: { key: string }) => i.key.includes(':late-entry:'));
      });
      await ctx.act(app.id, 'record-supplement', { supplementedOn: ctx.today });
      await decide(ctx, app.id);
      return app;
    },
  },
  {
    label: 'v2-supplement-lapsed-grace',
    description: 'rules 2: nothing entered: abandoned after the grace',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'request-supplement', {
        requestedOn: ctx.today,
        periodWorkingDays: 1,
        whatIsNeeded: '文号',
      });
      await ctx.waitForStatus(app.id, 'abandoned', 60_000);
      return app;
    },
  },
  {
    label: 'v2-fee-lapsed-grace',
    description: 'rules 2: a fee notice unpaid: abandoned after the grace',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'accept');
      await ctx.act(app.id, 'issue-fee-notice', { noticeOn: ctx.today, method: 'per_page', pages: 60 });
      await ctx.waitForStatus(app.id, 'abandoned', 60_000);
      return app;
    },
  },
  {
    label: 'v2-pauses-across-restart',
    description:
      'rules 2: a consultation and a fee notice open across a supplement restart, an extension voided',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'accept');
      await ctx.act(app.id, 'approve-extension', { approvedOn: ctx.today, workingDays: 5, reason: '检索' });
      await ctx.act(app.id, 'start-consultation', {
        kind: 'other_agency',
        party: '县财政局',
        sentOn: ctx.today,
        receivedOn: ctx.today,
      });
      await ctx.act(app.id, 'issue-fee-notice', { noticeOn: ctx.today, method: 'per_page', pages: 80 });
      await ctx.act(app.id, 'request-supplement', {
        requestedOn: ctx.today,
        periodWorkingDays: 10,
        whatIsNeeded: '文号',
      });
      await ctx.act(app.id, 'record-supplement', { supplementedOn: ctx.today });
      await ctx.act(app.id, 'record-consultation-reply', {
        ref: 'c1',
        repliedOn: ctx.today,
        answer: 'agree',
      });
      await ctx.act(app.id, 'record-fee-payment', { paidOn: ctx.today });
      await ctx.act(app.id, 'approve-extension', {
        approvedOn: ctx.today,
        workingDays: 10,
        reason: '新期限内检索',
      });
      await decide(ctx, app.id);
      return app;
    },
  },
  {
    label: 'v2-third-party-objection',
    description: 'rules 2: a third party objects; disclosed on a public-interest ground with a notice',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'accept');
      await ctx.act(app.id, 'start-consultation', {
        kind: 'third_party',
        party: '某公司',
        sentOn: ctx.today,
      });
      await ctx.act(app.id, 'record-consultation-reply', {
        ref: 'c1',
        repliedOn: ctx.today,
        answer: 'object',
        reasons: '商业秘密',
      });
      await ctx.act(app.id, 'draft-decision', {
        outcome: 'disclosed',
        legalGround: '第三十二条',
        publicInterestGround: '公共安全',
      });
      await ctx.reviewer.ok(`/applications/${app.id}/approve-decision`, {});
      await ctx.act(app.id, 'deliver', {
        deliveredOn: ctx.today,
        deliveryMethod: 'post',
        thirdPartyNotifiedOn: ctx.today,
      });
      await ctx.waitForStatus(app.id, 'delivered');
      return app;
    },
  },
  {
    label: 'v2-consultation-late-answer',
    description: 'rules 2: a consultation lapses; the in-time answer entered later replaces the lapse',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'accept');
      await ctx.act(app.id, 'start-consultation', {
        kind: 'third_party',
        party: '某公司',
        sentOn: ctx.today,
      });
      await ctx.waitForEvent(app.id, 'consultation_lapsed', 1, 60_000);
      await ctx.act(app.id, 'record-consultation-reply', {
        ref: 'c1',
        repliedOn: ctx.today,
        answer: 'agree',
      });
      // With a shrunk day the lapse is dated at the window's (future) end: no dated step after it.
      await ctx.act(app.id, 'draft-decision', { outcome: 'disclosed', legalGround: '第三十六条' });
      await ctx.reviewer.ok(`/applications/${app.id}/approve-decision`, {});
      return app;
    },
  },
  {
    label: 'v2-later-deadline-base',
    description: 'rules 2: an Art. 35 deadline as a base, then a consultation and an extension',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'accept');
      await ctx.act(app.id, 'request-reasons', { requestedOn: ctx.today });
      const current = (await ctx.api.get(`/applications/${app.id}`)).body.replyDueOn as string;
      await ctx.act(app.id, 'set-later-deadline', {
        setOn: ctx.today,
        due: BUILT_IN_CALENDAR.addWorkingDays(current, 15).due,
        reason: '申请数量较大',
      });
      await ctx.act(app.id, 'start-consultation', {
        kind: 'third_party',
        party: '某公司',
        sentOn: ctx.today,
      });
      await ctx.act(app.id, 'record-consultation-reply', {
        ref: 'c1',
        repliedOn: ctx.today,
        answer: 'agree',
      });
      await ctx.act(app.id, 'approve-extension', { approvedOn: ctx.today, workingDays: 5, reason: '检索' });
      await decide(ctx, app.id);
      return app;
    },
  },
  {
    label: 'v3-reopened-after-reconsideration',
    description:
      'issue 8: a delivered application reopened by a corrected reconsideration (a new run from the recorded state), decided and delivered again',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'accept');
      await decide(ctx, app.id, 'withheld.process_information');
      const reviewCase = (await ctx.api.ok(
        `/applications/${app.id}/review-cases`,
        { kind: 'reconsideration', filedOn: ctx.today, body: '某县人民政府' },
        201,
      )) as { id: string };
      await ctx.reviewer.ok(`/review-cases/${reviewCase.id}/result`, {
        result: 'corrected',
        resultOn: ctx.today,
        reopen: { reopenedOn: ctx.today },
      });
      await ctx.waitForStatus(app.id, 'under_review');
      await decide(ctx, app.id);
      return app;
    },
  },
  {
    label: 'v1-lifecycle',
    description: 'register, accept, draft, approve, deliver',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'accept');
      await decide(ctx, app.id);
      return app;
    },
  },
  {
    label: 'v1-supplement-returned',
    description: 'supplement asked and received (clock restarts), a draft returned and redrafted',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'request-supplement', {
        requestedOn: ctx.today,
        periodWorkingDays: 15,
        whatIsNeeded: '请写明所需信息的文号',
      });
      await ctx.act(app.id, 'record-supplement', { supplementedOn: ctx.today, note: '已补正' });
      await ctx.act(app.id, 'draft-decision', {
        outcome: 'partially_disclosed',
        legalGround: '第三十七条',
        notes: '部分公开',
      });
      await ctx.act(app.id, 'return-decision', { reason: '请补充理由' });
      await decide(ctx, app.id, 'withheld.state_secret');
      return app;
    },
  },
  {
    label: 'v1-supplement-lapsed',
    description: 'a supplement period lapses: deemed abandoned by the timer',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'request-supplement', {
        requestedOn: ctx.today,
        periodWorkingDays: 2,
        whatIsNeeded: '请写明所需信息的名称',
      });
      await ctx.waitForStatus(app.id, 'abandoned');
      return app;
    },
  },
  {
    label: 'v1-consultations-extension-fee',
    description: 'two consultations (one answered, one lapsing), an extension, a fee paid, then a decision',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'accept');
      await ctx.act(app.id, 'start-consultation', {
        kind: 'third_party',
        party: '某公司',
        sentOn: ctx.today,
      });
      await ctx.act(app.id, 'start-consultation', {
        kind: 'other_agency',
        party: '县财政局',
        sentOn: ctx.today,
      });
      await ctx.act(app.id, 'record-consultation-reply', {
        ref: 'c1',
        repliedOn: ctx.today,
        answer: 'agree',
        reasons: '同意公开',
      });
      await ctx.act(app.id, 'approve-extension', {
        approvedOn: ctx.today,
        workingDays: 10,
        reason: '需要检索档案',
      });
      await ctx.act(app.id, 'issue-fee-notice', { noticeOn: ctx.today, method: 'per_page', pages: 150 });
      await ctx.act(app.id, 'record-fee-payment', { paidOn: ctx.today });
      // With a shrunk working day the lapse is dated at the window's (future) end: no dated step after it.
      await ctx.waitForEvent(app.id, 'consultation_lapsed', 1, 60_000);
      await ctx.act(app.id, 'draft-decision', { outcome: 'disclosed', legalGround: '第三十六条' });
      await ctx.act(app.id, 'approve-decision', { note: '同意' });
      return app;
    },
  },
  {
    label: 'v1-consultation-answered-delivered',
    description: 'a consultation answered, then a decision delivered',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'accept');
      await ctx.act(app.id, 'start-consultation', {
        kind: 'third_party',
        party: '某公司',
        sentOn: ctx.today,
      });
      await ctx.act(app.id, 'record-consultation-reply', {
        ref: 'c1',
        repliedOn: ctx.today,
        answer: 'object',
        reasons: '涉及商业秘密',
      });
      await decide(ctx, app.id);
      return app;
    },
  },
  {
    label: 'v1-fee-lapsed',
    description: 'a fee notice left unpaid: deemed abandoned by the timer',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'accept');
      await ctx.act(app.id, 'issue-fee-notice', { noticeOn: ctx.today, method: 'per_page', pages: 60 });
      await ctx.waitForStatus(app.id, 'abandoned', 60_000);
      return app;
    },
  },
  {
    label: 'v1-reasons-later-deadline',
    description: 'Art. 35: reasons asked, a later deadline set, then a decision',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'accept');
      await ctx.act(app.id, 'request-reasons', { requestedOn: ctx.today, note: '一个月内申请三十件' });
      await ctx.act(app.id, 'set-later-deadline', {
        setOn: ctx.today,
        due: addDays(ctx.today, 70),
        reason: '申请数量较大',
      });
      await decide(ctx, app.id);
      return app;
    },
  },
  {
    label: 'v1-excessive-not-processed',
    description: 'Art. 35: reasons asked, not processed',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'request-reasons', { requestedOn: ctx.today });
      await ctx.act(app.id, 'accept');
      await decide(ctx, app.id, 'not_processed.excessive_without_reason');
      return app;
    },
  },
  {
    label: 'v1-withdrawn',
    description: 'the applicant withdraws',
    async run(ctx) {
      const app = await ctx.register();
      await ctx.act(app.id, 'accept');
      await ctx.act(app.id, 'withdraw', { withdrawnOn: ctx.today, reason: '申请人撤回' });
      await ctx.waitForStatus(app.id, 'withdrawn');
      return app;
    },
  },
  {
    label: 'v1-reminders-overdue',
    description: 'reminders before the deadline, on the day and overdue (escalated), then a late decision',
    async run(ctx) {
      // Received 18 working days ago: the deadline is 2 working days away.
      const receivedOn = BUILT_IN_CALENDAR.workingDayBefore(ctx.today, 18);
      const app = await ctx.register({ receivedOn });
      await ctx.act(app.id, 'accept');
      await eventually(
        'three overdue reminders',
        async () => {
          const n = (await ctx.api.get(`/notifications?applicationId=${app.id}&pageSize=100`)).body;
          const items = (n?.items ?? []) as Array<{ key: string }>;
          return items.filter((i) => /:reply:[^:]+:[1-9]/.test(i.key)).length >= 3;
        },
        60_000,
      );
      await decide(ctx, app.id);
      return app;
    },
  },
  {
    label: 'v5-imported-open-steps',
    description:
      'legacy import: an open case in consultation after a supplement and an extension takes its steps again, then is answered',
    async run(ctx) {
      const back = (n: number) => BUILT_IN_CALENDAR.workingDayBefore(ctx.today, n);
      const caseNumber = 'IMPORT-STEPS-1';
      const csv = [
        '案件编号,申请人类型,申请渠道,收到申请日期,办理状态,告知补正日期,收到补正日期,征求意见日期,延期日期',
        `${caseNumber},自然人,电子邮件,${back(12)},征求意见中,${back(10)},${back(6)},${back(2)},${back(1)}`,
      ].join('\r\n');
      const res = await fetch(`${ctx.api.baseUrl}/imports?filename=${encodeURIComponent('在办案件.csv')}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${ctx.api.token}` },
        body: Buffer.from(csv, 'utf8'),
      });
      expect(res.status).toBe(202);
      const app = await eventually('the imported case to take its steps again', async () => {
        const list = (await ctx.api.get('/applications?pageSize=100')).body;
        const found = (list.items as Array<{ id: string; caseNumber: string; version: number }>).find(
          (a) => a.caseNumber === caseNumber,
        );
        return found && found.version >= 6 ? found : null;
      });
      await ctx.act(app.id, 'record-consultation-reply', {
        ref: 'c1',
        repliedOn: ctx.today,
        answer: 'agree',
      });
      await decide(ctx, app.id);
      return { id: app.id, workflowId: `application/${ctx.agencyCode}/${caseNumber}` };
    },
  },
  {
    label: 'v6-routed-departments',
    description:
      'departments (issue 16): routed to a lead and a contributing department; the contributor sends it back, the lead signs and contributes, then it is answered',
    async run(ctx) {
      const me = (await ctx.api.get('/auth/me')).body as { id: string };
      const dept = async (name: string) => {
        const d = (await ctx.api.ok('/departments', { name: `${name}-${ctx.agencyCode}` }, 201)) as {
          id: string;
        };
        const set = await ctx.api.request('PUT', `/departments/${d.id}/members`, { userIds: [me.id] });
        expect(set.status).toBe(200);
        return d.id;
      };
      const lead = await dept('政策法规科');
      const helper = await dept('财务科');
      const app = await ctx.register();
      await ctx.act(app.id, 'accept');
      await ctx.act(app.id, 'route-to-departments', {
        leadDepartmentId: lead,
        contributingDepartmentIds: [helper],
        inputDueOn: BUILT_IN_CALENDAR.addWorkingDays(ctx.today, 3).due,
        note: '请核实',
      });
      await ctx.act(app.id, 'return-routing', { departmentId: helper, reason: '不属于本科室职责' });
      await ctx.act(app.id, 'sign-for-routing', { departmentId: lead });
      await ctx.act(app.id, 'record-contribution', { departmentId: lead, text: '经查已主动公开' });
      await decide(ctx, app.id);
      return app;
    },
  },
  {
    label: 'v6-repeated-application',
    description:
      'rules 3: a repeated application not processed, naming the earlier application, its reply and the facts unchanged',
    async run(ctx) {
      const applicant = {
        applicantIdNumber: '110101198001010011',
        informationSought: '本县2023年征收补偿方案',
      };
      const first = await ctx.register(applicant);
      await ctx.act(first.id, 'accept');
      await decide(ctx, first.id);
      const earlier = (await ctx.api.get(`/applications/${first.id}`)).body as { caseNumber: string };
      const app = await ctx.register({ ...applicant, informationSought: '申请公开本县2023年征收补偿方案' });
      await ctx.act(app.id, 'accept');
      await ctx.act(app.id, 'draft-decision', {
        outcome: 'not_processed.repeated_application',
        legalGround: '《中华人民共和国政府信息公开条例》第三十六条第（六）项',
        earlierApplication: earlier.caseNumber,
        earlierReply: `受理编号${earlier.caseNumber}的答复，${ctx.today}`,
        factsUnchanged: '申请人未提出新的事实和理由',
      });
      await ctx.reviewer.ok(`/applications/${app.id}/approve-decision`, { note: '同意' });
      await ctx.act(app.id, 'deliver', { deliveredOn: ctx.today, deliveryMethod: 'post' });
      await ctx.waitForStatus(app.id, 'delivered');
      return app;
    },
  },
];

describe('record workflow histories', () => {
  let stack: Stack;
  const only = process.env.OGI_RECORD_ONLY?.split(',').filter(Boolean) ?? null;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    stack = await startStack({
      workingDayMs: WORKING_DAY_MS,
      env: { OGI_CONTINUE_AS_NEW_AFTER_EVENTS: String(CONTINUE_AS_NEW_AFTER_EVENTS) },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const save = async (label: string, description: string, workflowId: string, runId?: string) => {
    // The CLI writes the history in the JSON form every Temporal SDK replays from.
    const history: unknown = JSON.parse(
      execFileSync(
        findTemporalBinary(),
        [
          'workflow',
          'show',
          '--address',
          testEnv().temporalAddress,
          '-w',
          workflowId,
          ...(runId ? ['-r', runId] : []),
          '--output',
          'json',
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      ),
    );
    const file = join(OUT, `${label}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          label,
          description,
          workflowId,
          recordedOn: dateInShanghai(Date.now()),
          history,
        },
        null,
        1,
      ) + '\n',
    );
  };

  it('records every kind of case not recorded yet', async () => {
    const staff = await createAgencyWithStaff(stack.api, '历史记录机关');
    const api = staff.api;
    const reviewer = staff.as.reviewer;
    // The calendar is the platform admin's (issue 10); its entry reaches the open cases by a workflow.
    const platform = await createPlatformAdmin(stack.api, staff.agency.id);
    const enterCalendar = async (year: number, body: object) => {
      const entered = await platform.request('PUT', `/calendar/${year}`, body);
      expect(entered.status).toBe(202);
      await propagationDone(platform, entered.body.propagationId as string);
      return entered.body as { propagationId: string; version: number; propagation: { workflowId: string } };
    };
    const today = dateInShanghai(Date.now());
    const detail = async (id: string) => (await api.get(`/applications/${id}`)).body;
    const ctx: Ctx = {
      api,
      agencyCode: staff.agency.code,
      reviewer,
      today,
      register: (overrides = {}) =>
        api.ok('/applications', registration({ receivedOn: today, ...overrides }), 201),
      act: (id, action, body = {}) => api.ok(`/applications/${id}/${action}`, body),
      waitForStatus: (id, status, timeoutMs = 30_000) =>
        eventually(`status ${status}`, async () => (await detail(id)).status === status, timeoutMs),
      waitForEvent: (id, type, count = 1, timeoutMs = 30_000) =>
        eventually(
          `${count} × ${type}`,
          async () =>
            (await detail(id)).events.filter((e: { type: string }) => e.type === type).length >= count,
          timeoutMs,
        ),
    };

    const wanted = (label: string) =>
      (only ? only.includes(label) : true) && !existsSync(join(OUT, `${label}.json`));

    const pending = SCENARIOS.filter((s) => wanted(s.label));
    const done = await Promise.all(
      pending.map(async (s) => ({ s, app: (await s.run(ctx)) as { id: string; workflowId: string } })),
    );
    for (const { s, app } of done) await save(s.label, s.description, app.workflowId);

    // A calendar entry for next year recounts an open deadline that reaches into it.
    if (wanted('v1-calendar-changed')) {
      const nextYear = yearOf(today) + 1;
      const app = await ctx.register();
      await ctx.act(app.id, 'accept');
      await ctx.act(app.id, 'approve-extension', {
        approvedOn: today,
        workingDays: 20,
        reason: '需要检索档案',
      });
      await enterCalendar(nextYear, {
        offDays: [`${nextYear}-01-01`],
        workDays: [],
        notice: `国务院办公厅关于${nextYear}年部分节假日安排的通知（历史记录）`,
      });
      await ctx.waitForEvent(app.id, 'deadline_recomputed');
      await decide(ctx, app.id);
      await save(
        'v1-calendar-changed',
        'an admin enters next year: the deadline is recomputed',
        app.workflowId,
      );
    }

    if (wanted('v2-continued-as-new')) {
      // A long overdue case continues as new: both runs are kept, the one that continued and the next.
      const receivedOn = BUILT_IN_CALENDAR.workingDayBefore(today, 19);
      const app = await ctx.register({ receivedOn });
      await ctx.act(app.id, 'accept');
      const first = (
        await eventually(
          'the first run to continue as new',
          async () => {
            const out = execFileSync(
              findTemporalBinary(),
              [
                'workflow',
                'list',
                '--address',
                testEnv().temporalAddress,
                '-q',
                `WorkflowId = '${app.workflowId}'`,
                '-o',
                'json',
              ],
              { encoding: 'utf8' },
            );
            const runs = JSON.parse(out.trim() || '[]') as Array<{
              execution: { runId: string };
              status: string;
            }>;
            return runs.find((r) => /CONTINUED_AS_NEW/.test(r.status)) ?? null;
          },
          120_000,
        )
      ).execution.runId;
      await decide(ctx, app.id);
      await save(
        'v2-continued-as-new-first-run',
        'rules 2: the run that continued as new',
        app.workflowId,
        first,
      );
      await save('v2-continued-as-new', 'rules 2: the run after a continue-as-new, answered', app.workflowId);
    }

    if (wanted('v2-calendar-recount')) {
      // A supplement window reaching into next year is recounted when the year is entered.
      const nextYear = yearOf(today) + 1;
      const app = await ctx.register();
      await ctx.act(app.id, 'request-supplement', {
        requestedOn: today,
        periodWorkingDays: 60,
        whatIsNeeded: '文号',
      });
      await enterCalendar(nextYear, {
        offDays: [`${nextYear}-01-01`, `${nextYear}-01-04`, `${nextYear}-01-05`],
        workDays: [],
        notice: `国务院办公厅关于${nextYear}年部分节假日安排的通知（历史记录，更正）`,
      });
      await ctx.waitForEvent(app.id, 'deadline_recomputed');
      await ctx.act(app.id, 'record-supplement', { supplementedOn: today });
      await decide(ctx, app.id);
      await save(
        'v2-calendar-recount',
        'rules 2: an entered year recounts an open supplement window',
        app.workflowId,
      );
    }

    if (wanted('v4-calendar-propagation')) {
      // Issue 10: a platform admin's entry reaches the open cases through the propagation workflow.
      const year = yearOf(today) + 2;
      const open = await ctx.register();
      await ctx.act(open.id, 'accept');
      const entered = await enterCalendar(year, {
        offDays: [`${year}-01-01`],
        workDays: [],
        notice: `国务院办公厅关于${year}年部分节假日安排的通知（历史记录，推送）`,
      });
      await ctx.waitForEvent(open.id, 'deadline_recomputed');
      await decide(ctx, open.id);
      await save(
        'v4-calendar-propagation',
        'issue 10: the calendar propagation workflow brings an entered version to the open cases',
        entered.propagation.workflowId,
      );
    }

    if (wanted('v3-carried-over') || wanted('v3-year-end')) {
      // Year end (issue 8): a case received last December is still open; the year-end run for last year
      // records its carry-over, then it is answered.
      const lastYear = yearOf(today) - 1;
      const app = await ctx.register({ receivedOn: `${lastYear}-12-30` });
      await ctx.act(app.id, 'accept');
      const run = (await api.ok(`/admin/year-end/${lastYear}/run`, {}, 202)) as { workflowId: string };
      await ctx.waitForEvent(app.id, 'carried_over');
      await eventually(
        'the year-end run to finish',
        async () => (await api.get(`/admin/year-end/${lastYear}`)).body.status === 'done',
      );
      await decide(ctx, app.id);
      if (wanted('v3-carried-over')) {
        await save(
          'v3-carried-over',
          'year end: an open case records its carry-over, then is answered',
          app.workflowId,
        );
      }
      if (wanted('v3-year-end')) await save('v3-year-end', 'year end: the year-end workflow', run.workflowId);
    }

    if (wanted('v3-calendar-check')) {
      // The calendar check the `calendar-check` schedule starts (it replaced the calendar watch).
      const connection = await Connection.connect({ address: testEnv().temporalAddress });
      const schedule = new Client({ connection, namespace: testEnv().namespace }).schedule.getHandle(
        'calendar-check',
      );
      await schedule.trigger();
      const workflowId = await eventually('the calendar check to run', async () => {
        const d = await schedule.describe();
        const last = d.info.recentActions.at(-1);
        return last ? last.action.workflow.workflowId : null;
      });
      await eventually(
        'the calendar check to complete',
        async () => {
          const out = execFileSync(
            findTemporalBinary(),
            ['workflow', 'describe', '--address', testEnv().temporalAddress, '-w', workflowId, '-o', 'json'],
            { encoding: 'utf8' },
          );
          return /COMPLETED/.test(out);
        },
        30_000,
      );
      await connection.close();
      await save('v3-calendar-check', 'the calendar check started by its schedule', workflowId);
    }

    if (wanted('v1-calendar-watch')) {
      // The worker's calendar watch has checked a few times by now; its history so far is enough to replay.
      await save('v1-calendar-watch', 'the calendar watch workflow', 'calendar-watch');
    }
    expect(pending.length + 2).toBeGreaterThan(0);
  });
});
