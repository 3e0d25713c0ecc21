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
import { findTemporalBinary } from '../../platform/temporal-dev-server';
import { BUILT_IN_CALENDAR } from '../../libs/domain/calendar';
import { addDays, dateInShanghai, yearOf } from '../../libs/domain/dates';
import { testEnv, ROOT } from '../support/env';
import { type Api, createAgencyWithStaff, eventually, registration, startStack } from '../support/stack';

const OUT = join(ROOT, 'tests', 'fixtures', 'histories');
const WORKING_DAY_MS = 300;

type Stack = Awaited<ReturnType<typeof startStack>>;

interface Scenario {
  label: string;
  description: string;
  run(ctx: Ctx): Promise<{ id: string }>;
}

interface Ctx {
  api: Api;
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
  await ctx.act(id, 'approve-decision', { note: '同意' });
  await ctx.act(id, 'deliver', { deliveredOn: ctx.today, deliveryMethod: 'post' });
  await ctx.waitForStatus(id, 'delivered');
};

const SCENARIOS: Scenario[] = [
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
];

describe('record workflow histories', () => {
  let stack: Stack;
  const only = process.env.OGI_RECORD_ONLY?.split(',').filter(Boolean) ?? null;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    stack = await startStack({ workingDayMs: WORKING_DAY_MS });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const save = async (label: string, description: string, workflowId: string) => {
    // The CLI writes the history in the JSON form every Temporal SDK replays from.
    const history: unknown = JSON.parse(
      execFileSync(
        findTemporalBinary(),
        ['workflow', 'show', '--address', testEnv().temporalAddress, '-w', workflowId, '--output', 'json'],
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
    const today = dateInShanghai(Date.now());
    const detail = async (id: string) => (await api.get(`/applications/${id}`)).body;
    const ctx: Ctx = {
      api,
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
      const entered = await api.request('PUT', `/calendar/${nextYear}`, {
        offDays: [`${nextYear}-01-01`],
        workDays: [],
        notice: `国务院办公厅关于${nextYear}年部分节假日安排的通知（历史记录）`,
      });
      expect(entered.status).toBe(200);
      await ctx.waitForEvent(app.id, 'deadline_recomputed');
      await decide(ctx, app.id);
      await save(
        'v1-calendar-changed',
        'an admin enters next year: the deadline is recomputed',
        app.workflowId,
      );
    }

    if (wanted('v1-calendar-watch')) {
      // The worker's calendar watch has checked a few times by now; its history so far is enough to replay.
      await save('v1-calendar-watch', 'the calendar watch workflow', 'calendar-watch');
    }
    expect(pending.length + 2).toBeGreaterThan(0);
  });
});
