/**
 * Issue 7: inputs and legal sequences that used to freeze a case. Each case here failed on the code
 * before (a 500, a workflow failing on every retry, or a deadline computation that threw) and must now
 * be refused with a clear 400/409 or carried through. A working day lasts 500 ms for the timers.
 */
import { BUILT_IN_CALENDAR } from '../../libs/domain/calendar';
import { addDays, dateInShanghai } from '../../libs/domain/dates';
import { LATE_ENTRY_GRACE_WORKING_DAYS } from '../../libs/domain/application';
import {
  type Api,
  type AgencyStaff,
  createAgencyWithStaff,
  eventually,
  registration,
  startStack,
} from '../support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

describe('no case ever freezes', () => {
  let stack: Stack;
  let staff: AgencyStaff;
  let api: Api;
  const today = dateInShanghai(Date.now());

  beforeAll(async () => {
    stack = await startStack({ workingDayMs: 500 });
    staff = await createAgencyWithStaff(stack.api, '不冻结测试机关');
    api = staff.api;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const register = (overrides: Record<string, unknown> = {}) =>
    api.ok('/applications', registration({ receivedOn: today, ...overrides }), 201);
  const detail = async (id: string) => (await api.get(`/applications/${id}`)).body;
  const fields = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);
  /** A new application asked today to supplement within 1 working day; its last day. */
  const askOneDaySupplement = async () => {
    const app = await register();
    const asked = await api.ok(`/applications/${app.id}/request-supplement`, {
      requestedOn: today,
      periodWorkingDays: 1,
      whatIsNeeded: '请写明所需信息的名称',
    });
    return { app, dueOn: asked.supplementDueOn as string };
  };

  it('refuses U+0000 and unpaired surrogates in any text with a 400 naming the field, and the case goes on', async () => {
    const nul = await api.post(
      '/applications',
      registration({ receivedOn: today, applicantName: '张\u0000三' }),
    );
    expect(nul.status).toBe(400);
    expect(fields(nul.body)).toEqual(['applicantName']);
    expect(nul.body.errors[0].reasons[0]).toContain('U+0000');

    const surrogate = await api.post(
      '/applications',
      registration({ receivedOn: today, informationSought: '预算\ud800执行情况' }),
    );
    expect(surrogate.status).toBe(400);
    expect(fields(surrogate.body)).toEqual(['informationSought']);
    expect(surrogate.body.errors[0].reasons[0]).toContain('unpaired surrogate');

    const app = await register();
    await api.ok(`/applications/${app.id}/accept`);
    const party = await api.post(`/applications/${app.id}/start-consultation`, {
      kind: 'third_party',
      party: '某\u0007公司',
      sentOn: today,
    });
    expect(party.status).toBe(400);
    expect(fields(party.body)).toEqual(['party']);
    const notes = await api.post(`/applications/${app.id}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '第三十六条',
      notes: '\udc00',
    });
    expect(notes.status).toBe(400);
    expect(fields(notes.body)).toEqual(['notes']);
    const query = await api.get('/applications?status=%00');
    expect(query.status).toBe(400);
    expect(fields(query.body)).toEqual(['status']);

    // Nothing reached the workflow: the case takes its next step at once.
    const drafted = await api.ok(`/applications/${app.id}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '第三十六条',
      notes: '第一行\n第二行\t制表',
    });
    expect(drafted.status).toBe('decision_drafted');
    expect(drafted.version).toBe(3);
  });

  it('refuses dates the calendar cannot count, naming the field', async () => {
    for (const receivedOn of ['1999-12-31', '1924-05-01']) {
      const res = await api.post('/applications', registration({ receivedOn }));
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['receivedOn']);
    }
    // A past year the built-in calendar lacks is named as missing, not counted as weekends only.
    const missing = await api.post('/applications', registration({ receivedOn: '2005-03-01' }));
    expect(missing.status).toBe(400);
    expect(fields(missing.body)).toEqual(['receivedOn']);
    expect(missing.body.errors[0].reasons[0]).toContain('2005年的节假日安排尚未录入');

    const app = await register();
    await api.ok(`/applications/${app.id}/accept`);
    await api.ok(`/applications/${app.id}/request-reasons`, { requestedOn: today });
    const far = await api.post(`/applications/${app.id}/set-later-deadline`, {
      setOn: today,
      due: '2101-01-03',
      reason: '申请数量较大',
    });
    expect(far.status).toBe(400);
    expect(fields(far.body)).toEqual(['due']);
    expect((await detail(app.id)).version).toBe(3);
  });

  it('carries a consultation and a fee notice open across a supplement restart to a decision', async () => {
    const app = await register();
    await api.ok(`/applications/${app.id}/accept`);
    await api.ok(`/applications/${app.id}/start-consultation`, {
      kind: 'other_agency',
      party: '县财政局',
      sentOn: today,
    });
    await api.ok(`/applications/${app.id}/issue-fee-notice`, {
      noticeOn: today,
      method: 'per_page',
      pages: 80,
    });
    await api.ok(`/applications/${app.id}/request-supplement`, {
      requestedOn: today,
      periodWorkingDays: 10,
      whatIsNeeded: '请写明文号',
    });
    const restarted = await api.ok(`/applications/${app.id}/record-supplement`, { supplementedOn: today });
    expect(restarted.paused).toBe(true);
    const answered = await api.ok(`/applications/${app.id}/record-consultation-reply`, {
      ref: 'c1',
      repliedOn: today,
      answer: 'agree',
    });
    expect(answered.paused).toBe(true);
    const paid = await api.ok(`/applications/${app.id}/record-fee-payment`, { paidOn: today });
    expect(paid.paused).toBe(false);
    expect(paid.replyDueOn).toBe(BUILT_IN_CALENDAR.addWorkingDays(today, 20).due);
    const d = await api.get(`/applications/${app.id}/deadlines`);
    expect(d.status).toBe(200);
    expect(d.body.reply.due).toBe(paid.replyDueOn);
    await api.ok(`/applications/${app.id}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '第三十六条',
    });
    await staff.as.reviewer.ok(`/applications/${app.id}/approve-decision`, {});
    const delivered = await api.ok(`/applications/${app.id}/deliver`, {
      deliveredOn: today,
      deliveryMethod: 'post',
    });
    expect(delivered.status).toBe('delivered');
  });

  it('does not let the drafter approve, and asks for a public-interest ground and a notice after a third party objects', async () => {
    const app = await register();
    await api.ok(`/applications/${app.id}/accept`);
    await api.ok(`/applications/${app.id}/start-consultation`, {
      kind: 'third_party',
      party: '某公司',
      sentOn: today,
    });
    await api.ok(`/applications/${app.id}/record-consultation-reply`, {
      ref: 'c1',
      repliedOn: today,
      answer: 'object',
      reasons: '涉及商业秘密',
    });
    const noGround = await api.post(`/applications/${app.id}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '第三十二条',
    });
    expect(noGround.status).toBe(409);
    expect(noGround.body.code).toBe('PUBLIC_INTEREST_GROUND_REQUIRED');
    await api.ok(`/applications/${app.id}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '第三十二条',
      publicInterestGround: '涉及公共安全，不公开可能对公共利益造成重大影响',
    });
    const self = await api.post(`/applications/${app.id}/approve-decision`, {});
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('SELF_APPROVAL');
    await staff.as.reviewer.ok(`/applications/${app.id}/approve-decision`, {});
    const noNotice = await api.post(`/applications/${app.id}/deliver`, {
      deliveredOn: today,
      deliveryMethod: 'post',
    });
    expect(noNotice.status).toBe(409);
    expect(noNotice.body.code).toBe('THIRD_PARTY_NOTICE_REQUIRED');
    const delivered = await api.ok(`/applications/${app.id}/deliver`, {
      deliveredOn: today,
      deliveryMethod: 'post',
      thirdPartyNotifiedOn: today,
    });
    expect(delivered.status).toBe('delivered');
  });

  it('accepts an in-time supplement entered after the period ended, within the grace, and tells the registrar', async () => {
    const { app, dueOn } = await askOneDaySupplement();
    const notice = await eventually('the late-entry notice to the registrar', async () => {
      const res = (await api.get(`/notifications?applicationId=${app.id}`)).body;
      return (res.items as Array<{ key: string; audienceRole?: string; title: string }>).find((n) =>
        n.key.includes(':late-entry:lapseSupplement:'),
      );
    });
    expect(notice.title).toContain(dueOn);
    const recorded = await api.ok(`/applications/${app.id}/record-supplement`, {
      supplementedOn: dueOn <= today ? dueOn : today,
    });
    expect(recorded.status).toBe('under_review');
  });

  it('concludes an unanswered supplement as abandoned after the grace, dated the day after the period', async () => {
    const { app, dueOn } = await askOneDaySupplement();
    const abandoned = await eventually(
      'the lapse after the grace',
      async () => {
        const d = await detail(app.id);
        return d.status === 'abandoned' ? d : null;
      },
      (LATE_ENTRY_GRACE_WORKING_DAYS + 3) * 500 + 10_000,
    );
    expect(abandoned.outcome).toBe('other.supplement_overdue');
    expect(abandoned.concludedOn).toBe(addDays(dueOn, 1));
  });

  it('replaces a consultation lapse by an in-time answer entered late', async () => {
    const app = await register();
    await api.ok(`/applications/${app.id}/accept`);
    await api.ok(`/applications/${app.id}/start-consultation`, {
      kind: 'third_party',
      party: '某公司',
      sentOn: today,
    });
    await eventually(
      'the consultation window to lapse',
      async () =>
        (await detail(app.id)).events.some((e: { type: string }) => e.type === 'consultation_lapsed'),
      20_000,
    );
    const late = await api.ok(`/applications/${app.id}/record-consultation-reply`, {
      ref: 'c1',
      repliedOn: today,
      answer: 'agree',
    });
    const answered = late.events.filter((e: { type: string }) => e.type === 'consultation_answered');
    expect(answered).toHaveLength(1);
    expect(answered[0].payload.correctsLapse).toBe(true);
    // The clock resumed on the day the answer arrived, not at the window's end.
    expect(late.replyDueOn).toBe(BUILT_IN_CALENDAR.addWorkingDays(today, 20).due);
  });
});
