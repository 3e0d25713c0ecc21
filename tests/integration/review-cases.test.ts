/**
 * Reconsideration and litigation cases (行政复议、行政诉讼) on the real stack: recording and validation,
 * lists, the reviewers' inbox, table 四 for the seed's pattern, and a corrected result that reopens a
 * delivered application as a new run of its workflow.
 */
import seed from '../fixtures/seed-2024-tables.json';
import { dateInShanghai } from '../../libs/domain/dates';
import { BUILT_IN_CALENDAR } from '../../libs/domain/calendar';
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

describe('review cases', () => {
  let stack: Stack;
  let staff: AgencyStaff;

  beforeAll(async () => {
    stack = await startStack();
  });

  beforeEach(async () => {
    staff = await createAgencyWithStaff(stack.api, '复议诉讼测试机关');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);
  const reviewTasks = async (api: Api) =>
    ((await api.get('/tasks?view=role&kind=review_case&pageSize=200')).body.items ?? []) as Array<{
      id: string;
      reviewCase: { id: string };
    }>;

  it('records cases, refuses bad ones naming the field, lists them, and derives table 四', async () => {
    const app = await staff.as.registrar.ok('/applications', registration({ receivedOn: '2024-01-10' }), 201);
    const file = (body: Record<string, unknown>, api: Api = staff.as.handler) =>
      api.post(`/applications/${app.id}/review-cases`, body);
    const valid = {
      kind: 'reconsideration',
      filedOn: '2024-02-01',
      body: '某县人民政府',
      reference: '复〔2024〕1号',
    };

    // Validation: 400 naming the field.
    for (const [body, field] of [
      [{ ...valid, filedOn: '2024-01-09' }, 'filedOn'],
      [{ ...valid, filedOn: '2099-01-01' }, 'filedOn'],
      [{ ...valid, filedOn: '2024-02-30' }, 'filedOn'],
      [{ ...valid, kind: 'appeal' }, 'kind'],
      [{ ...valid, body: undefined }, 'body'],
      [{ ...valid, body: '   ' }, 'body'],
      [{ ...valid, note: 'a\u0001b' }, 'note'],
      [{ ...valid, extra: 1 }, 'extra'],
    ] as const) {
      const res = await file(body);
      expect([res.status, fieldsOf(res.body)]).toEqual([400, [field]]);
    }
    expect(
      (await staff.api.post(`/applications/00000000-0000-4000-8000-000000000000/review-cases`, valid)).status,
    ).toBe(404);
    const other = await createAgencyWithStaff(stack.api, '另一机关');
    expect((await other.api.post(`/applications/${app.id}/review-cases`, valid)).status).toBe(404);
    expect((await other.api.get(`/applications/${app.id}/review-cases`)).status).toBe(404);

    // The seed's pattern: five reconsiderations filed in 2024, 3 upheld, 1 other, 1 pending; and
    // litigation filed in 2024 decided in 2025 (pending in 2024), and one filed in 2025.
    const filed: Array<{ id: string; filedOn: string }> = [];
    for (const [filedOn, kind] of [
      ['2024-02-01', 'reconsideration'],
      ['2024-03-15', 'reconsideration'],
      ['2024-05-20', 'reconsideration'],
      ['2024-07-01', 'reconsideration'],
      ['2024-11-25', 'reconsideration'],
      ['2024-09-02', 'litigation_direct'],
      ['2025-01-06', 'litigation_after_reconsideration'],
    ]) {
      const res = await file({ ...valid, kind, filedOn });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind, filedOn, result: null, resultLabel: '尚未审结', pending: true });
      filed.push(res.body as { id: string; filedOn: string });
    }

    // Every pending case is one task in the reviewers' inbox, not in the registrars'; the application's
    // own transitions leave them alone.
    await staff.as.handler.ok(`/applications/${app.id}/accept`);
    const inbox = await reviewTasks(staff.as.reviewer);
    expect(inbox.map((t) => t.reviewCase.id).sort()).toEqual(filed.map((c) => c.id).sort());
    expect(await reviewTasks(staff.as.registrar)).toEqual([]);

    // Results: validation first.
    const result = (id: string, body: Record<string, unknown>, api: Api = staff.as.registrar) =>
      api.post(`/review-cases/${id}/result`, body);
    for (const [body, field] of [
      [{ result: 'upheld' }, 'resultOn'],
      [{ result: 'pending', resultOn: '2024-04-01' }, 'result'],
      [{ result: 'upheld', resultOn: '2024-01-31' }, 'resultOn'],
      [{ result: 'upheld', resultOn: '2099-01-01' }, 'resultOn'],
      [{ result: 'upheld', resultOn: '2024-04-01', reopen: { reopenedOn: '2024-04-02' } }, 'reopen'],
      [{ result: 'corrected', resultOn: '2024-04-01', reopen: { reopenedOn: 'soon' } }, 'reopen.reopenedOn'],
    ] as const) {
      const res = await result(filed[0].id, body);
      expect([res.status, fieldsOf(res.body)]).toEqual([400, [field]]);
    }
    expect(
      (await result('00000000-0000-4000-8000-000000000000', { result: 'upheld', resultOn: '2024-04-01' }))
        .status,
    ).toBe(404);

    const decided: Array<[number, string, string]> = [
      [1, 'upheld', '2024-05-01'],
      [2, 'upheld', '2024-07-10'],
      [3, 'other', '2024-09-30'],
      [5, 'corrected', '2025-02-10'],
    ];
    for (const [i, r, on] of decided) {
      const res = await result(filed[i].id, { result: r, resultOn: on, note: '决定书' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ result: r, resultOn: on, pending: false, reopen: null });
    }
    // The first one through its inbox task (completing it records the result).
    const task = (await reviewTasks(staff.as.reviewer)).find((t) => t.reviewCase.id === filed[0].id)!;
    const completed = await staff.as.reviewer.ok(`/tasks/${task.id}/complete`, {
      result: 'upheld',
      resultOn: '2024-04-01',
    });
    expect(completed).toMatchObject({ id: filed[0].id, result: 'upheld' });
    // Decided cases leave the inbox; the pending ones stay.
    expect((await reviewTasks(staff.as.reviewer)).map((t) => t.reviewCase.id).sort()).toEqual(
      [filed[4].id, filed[6].id].sort(),
    );

    // The same result sent again (a retried request) changes nothing.
    const same = await result(filed[2].id, { result: 'upheld', resultOn: '2024-07-10', note: '决定书' });
    expect([same.status, same.body.corrections]).toEqual([200, []]);

    // A pending case is decided once; correcting needs a reviewer (or admin) and a reason.
    const again = { result: 'other', resultOn: '2024-09-30' };
    expect((await result(filed[1].id, again)).status).toBe(403);
    const noReason = await result(filed[1].id, again, staff.as.reviewer);
    expect([noReason.status, fieldsOf(noReason.body)]).toEqual([400, ['reason']]);
    const corrected = await result(
      filed[1].id,
      { result: 'upheld', resultOn: '2024-05-02', reason: '日期录入有误' },
      staff.as.reviewer,
    );
    expect(corrected.status).toBe(200);
    expect(corrected.body.resultOn).toBe('2024-05-02');
    expect(corrected.body.corrections).toEqual([
      expect.objectContaining({ result: 'upheld', resultOn: '2024-05-01', reason: '日期录入有误' }),
    ]);

    // Lists: per application, per agency with filters, paginated.
    expect((await staff.api.get(`/applications/${app.id}/review-cases`)).body.total).toBe(7);
    const page = (await staff.api.get('/review-cases?year=2024&kind=reconsideration&pageSize=2&page=2')).body;
    expect(page).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page.items.map((c: { filedOn: string }) => c.filedOn)).toEqual(['2024-05-20', '2024-03-15']);
    const open = (await staff.api.get('/review-cases?open=true')).body;
    expect(open.items.map((c: { id: string }) => c.id).sort()).toEqual([filed[4].id, filed[6].id].sort());
    expect((await staff.api.get('/review-cases?open=maybe')).status).toBe(400);
    expect((await staff.api.get(`/review-cases?agencyId=${other.agency.id}`)).status).toBe(404);

    // Table 四.
    const t2024 = (await staff.api.get('/review-cases/table4?year=2024')).body;
    expect(t2024.table4_columns).toEqual(seed.table4_columns);
    expect(t2024.table4).toEqual({
      reconsideration: seed.table4.reconsideration,
      litigation_direct: [0, 0, 0, 1, 1],
      litigation_after_reconsideration: [0, 0, 0, 0, 0],
    });
    expect(t2024.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
    const t2025 = (await staff.api.get('/review-cases/table4?year=2025')).body;
    expect(t2025.table4.litigation_after_reconsideration).toEqual([0, 0, 0, 1, 1]);
    expect(t2025.table4.litigation_direct).toEqual([0, 0, 0, 0, 0]);
    expect((await staff.api.get('/review-cases/table4')).status).toBe(400);
  });

  it('a corrected result reopens a delivered application for a new decision, once', async () => {
    const detail = async (id: string) => (await staff.api.get(`/applications/${id}`)).body;
    const decideAndDeliver = async (id: string, outcome: string) => {
      await staff.as.handler.ok(`/applications/${id}/draft-decision`, { outcome, legalGround: '第三十六条' });
      await staff.as.reviewer.ok(`/applications/${id}/approve-decision`, {});
      await staff.as.registrar.ok(`/applications/${id}/deliver`, {
        deliveredOn: today,
        deliveryMethod: 'post',
      });
    };
    const app = await staff.as.registrar.ok('/applications', registration({ receivedOn: today }), 201);
    await staff.as.handler.ok(`/applications/${app.id}/accept`);
    await decideAndDeliver(app.id, 'withheld.process_information');
    expect((await detail(app.id)).status).toBe('delivered');

    // Another application still open: a corrected result is only recorded.
    const open = await staff.as.registrar.ok('/applications', registration({ receivedOn: today }), 201);
    const openCase = await staff.as.handler.ok(
      `/applications/${open.id}/review-cases`,
      { kind: 'litigation_direct', filedOn: today, body: '某县人民法院' },
      201,
    );
    const openResult = await staff.as.reviewer.ok(`/review-cases/${openCase.id}/result`, {
      result: 'corrected',
      resultOn: today,
      reopen: { reopenedOn: today },
    });
    expect(openResult).toMatchObject({ result: 'corrected', reopen: null });
    expect((await detail(open.id)).events.map((e: { type: string }) => e.type)).not.toContain('reopened');

    const reviewCase = await staff.as.registrar.ok(
      `/applications/${app.id}/review-cases`,
      { kind: 'reconsideration', filedOn: today, body: '某县人民政府', reference: '复〔2026〕8号' },
      201,
    );
    // A deadline the reviewing body set, on or before the reopening, is refused naming the field.
    const early = await staff.as.reviewer.post(`/review-cases/${reviewCase.id}/result`, {
      result: 'corrected',
      resultOn: today,
      reopen: { reopenedOn: today, replyDueOn: today },
    });
    expect([early.status, fieldsOf(early.body)]).toEqual([400, ['reopen.replyDueOn']]);

    const replyDueOn = BUILT_IN_CALENDAR.addWorkingDays(today, 10).due;
    const recorded = await staff.as.reviewer.ok(`/review-cases/${reviewCase.id}/result`, {
      result: 'corrected',
      resultOn: today,
      note: '责令重新答复',
      reopen: { reopenedOn: today, replyDueOn },
    });
    expect(recorded.reopen).toMatchObject({ reopenedOn: today, replyDueOn });

    // The application is open again, with the deadline the body set, in the handler's inbox.
    const reopened = await eventually('the application to be reopened', async () => {
      const d = await detail(app.id);
      return d.status === 'under_review' ? d : null;
    });
    expect(reopened).toMatchObject({ concludedOn: null, replyDueOn, clockStartedOn: today });
    const event = reopened.events.find((e: { type: string }) => e.type === 'reopened');
    expect(event).toMatchObject({
      businessDate: today,
      payload: { reopened: true, reviewCaseId: reviewCase.id, reopenedOn: today, replyDueOn },
    });
    expect(event.payload.previousConclusion).toMatchObject({ outcome: 'withheld.process_information' });
    expect((await staff.api.get(`/review-cases/${reviewCase.id}`)).body.reopen.state).toBe('reopened');
    const handlerTasks = (await staff.as.handler.get('/tasks?view=role')).body.items;
    expect(
      handlerTasks.map((t: { kind: string; application: { id: string } }) => [t.kind, t.application.id]),
    ).toContainEqual(['draft_decision', app.id]);
    const deadlines = (await staff.api.get(`/applications/${app.id}/deadlines`)).body;
    expect(deadlines.reply.due).toBe(replyDueOn);
    expect(deadlines.reply.explanation).toContain('纠正');

    // Its result cannot be changed any more; and it does not reopen twice (the sweeper runs meanwhile).
    const change = await staff.as.reviewer.post(`/review-cases/${reviewCase.id}/result`, {
      result: 'other',
      resultOn: today,
      reason: '更正',
    });
    expect([change.status, change.body.code]).toEqual([409, 'REVIEW_CASE_REOPENED']);
    await new Promise((r) => setTimeout(r, 4500));
    expect((await detail(app.id)).events.filter((e: { type: string }) => e.type === 'reopened')).toHaveLength(
      1,
    );

    // A new decision, delivered: concluded again, counted once in table 三.
    await decideAndDeliver(app.id, 'disclosed');
    const done = await eventually('the new decision delivered', async () => {
      const d = await detail(app.id);
      return d.status === 'delivered' ? d : null;
    });
    const types = done.events.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === 'decision_delivered')).toHaveLength(2);
    expect(types.indexOf('reopened')).toBeGreaterThan(types.indexOf('decision_delivered'));
    expect(done.outcome).toBe('disclosed');
    const year = Number(today.slice(0, 4));
    const report = (await staff.api.get(`/reports/${year}`)).body;
    expect(report.table3.new_this_year[6]).toBe(2);
    expect(report.table3.concluded_total[6]).toBe(1);
    expect(report.table3.disclosed[6]).toBe(1);
    expect(report.table3['withheld.process_information'][6]).toBe(0);
    expect(report.table3.carried_to_next_year[6]).toBe(1);
    // Every cross-check holds but table 二's reminder that the year's figures were never entered.
    expect(report.checks.filter((c: { ok: boolean }) => !c.ok).map((c: { key: string }) => c.key)).toEqual([
      'table2.figures_entered',
    ]);
    expect(report.table4).toMatchObject({
      reconsideration: [0, 1, 0, 0, 1],
      litigation_direct: [0, 1, 0, 0, 1],
    });
    const t4 = (await staff.api.get(`/review-cases/table4?year=${year}`)).body.table4;
    expect(t4).toMatchObject({ reconsideration: [0, 1, 0, 0, 1], litigation_direct: [0, 1, 0, 0, 1] });
  });
});
