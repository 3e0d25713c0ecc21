/**
 * Staff actions as workflow Updates: what is refused (409 with the rule), what is malformed (400 with the
 * field), and that a refusal leaves no trace in the workflow history nor in the event log.
 */
import { Client, Connection } from '@temporalio/client';
import { type Api, createAgencyWithStaff, registration, startStack } from '../support/stack';
import { testEnv } from '../support/env';
import { dateInShanghai, addDays } from '../../libs/domain/dates';

type Stack = Awaited<ReturnType<typeof startStack>>;

const WORKING_DAY_MS = 100;

describe('staff actions on the application workflow', () => {
  let stack: Stack;
  let api: Api;
  let reviewer: Api;
  let agencyId: string;
  let temporal: Client;
  let connection: Connection;

  beforeAll(async () => {
    stack = await startStack({ workingDayMs: WORKING_DAY_MS });
    const staff = await createAgencyWithStaff(stack.api);
    api = staff.api;
    reviewer = staff.as.reviewer;
    agencyId = staff.agency.id;
    connection = await Connection.connect({ address: testEnv().temporalAddress });
    temporal = new Client({ connection, namespace: testEnv().namespace });
  });

  afterAll(async () => {
    await connection?.close();
    await stack?.stop();
  });

  const register = async (overrides: Record<string, unknown> = {}) =>
    api.ok('/applications', registration(overrides), 201);

  async function updateEventsInHistory(workflowId: string): Promise<{ accepted: number; rejected: number }> {
    const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    return {
      accepted: events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length,
      rejected: events.filter((e) => e.workflowExecutionUpdateRejectedEventAttributes).length,
    };
  }

  it('refuses deciding twice with 409 and the reason, leaving no trace in history or event log', async () => {
    const app = await register();
    await api.ok(`/applications/${app.id}/accept`);
    await api.ok(`/applications/${app.id}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '第三十六条第（二）项',
    });

    const again = await api.post(`/applications/${app.id}/draft-decision`, {
      outcome: 'withheld.state_secret',
      legalGround: '第十四条',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DECISION_ALREADY_DRAFTED');
    expect(again.body.message).toContain('已有待审核的答复草稿');

    const detail = await api.get(`/applications/${app.id}`);
    expect(detail.body.events).toHaveLength(3);
    expect(detail.body.outcome).toBe('disclosed');
    const history = await updateEventsInHistory(detail.body.workflowId);
    expect(history).toEqual({ accepted: 2, rejected: 0 });
  });

  it('refuses approving nothing, delivering before approval, and a second approval', async () => {
    const app = await register();
    const approve = await api.post(`/applications/${app.id}/approve-decision`, {});
    expect(approve.status).toBe(409);
    expect(approve.body.code).toBe('NO_DRAFT_TO_REVIEW');

    await api.ok(`/applications/${app.id}/accept`);
    const deliver = await api.post(`/applications/${app.id}/deliver`, {
      deliveredOn: '2024-03-20',
      deliveryMethod: 'post',
    });
    expect(deliver.status).toBe(409);
    expect(deliver.body.code).toBe('INVALID_TRANSITION');

    await api.ok(`/applications/${app.id}/draft-decision`, {
      outcome: 'partially_disclosed',
      legalGround: '第三十七条',
    });
    await reviewer.ok(`/applications/${app.id}/approve-decision`, {});
    const twice = await reviewer.post(`/applications/${app.id}/approve-decision`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('DECISION_ALREADY_APPROVED');
  });

  it('lets a reviewer return a draft, then accepts a new one', async () => {
    const app = await register();
    await api.ok(`/applications/${app.id}/accept`);
    await api.ok(`/applications/${app.id}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '第三十六条',
    });
    const returned = await api.ok(`/applications/${app.id}/return-decision`, { reason: '法律依据不完整' });
    expect(returned.status).toBe('under_review');
    const redrafted = await api.ok(`/applications/${app.id}/draft-decision`, {
      outcome: 'unavailable.not_held',
      legalGround: '第三十六条第（四）项',
    });
    expect(redrafted.status).toBe('decision_drafted');
    expect(redrafted.outcome).toBe('unavailable.not_held');
  });

  it('refuses a delivery dated before the receipt, and every action once concluded', async () => {
    const app = await register({ receivedOn: '2024-03-01' });
    await api.ok(`/applications/${app.id}/accept`);
    await api.ok(`/applications/${app.id}/draft-decision`, {
      outcome: 'disclosed',
      legalGround: '第三十六条',
    });
    await reviewer.ok(`/applications/${app.id}/approve-decision`, {});
    const early = await api.post(`/applications/${app.id}/deliver`, {
      deliveredOn: '2024-02-28',
      deliveryMethod: 'post',
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('DATE_BEFORE_PREVIOUS_STEP');
    const done = await api.ok(`/applications/${app.id}/deliver`, {
      deliveredOn: '2024-03-20',
      deliveryMethod: 'post',
    });
    expect(done.status).toBe('delivered');
    expect(done.concludedOn).toBe('2024-03-20');

    const after = await api.post(`/applications/${app.id}/withdraw`, { withdrawnOn: '2024-03-21' });
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('APPLICATION_CONCLUDED');
  });

  it('asks for a supplement once; the supplemented application restarts the clock', async () => {
    const today = dateInShanghai(Date.now());
    const app = await register({ receivedOn: today });
    const asked = await api.ok(`/applications/${app.id}/request-supplement`, {
      requestedOn: today,
      periodWorkingDays: 60,
      whatIsNeeded: '请写明所需信息的文号或形成时间',
    });
    expect(asked.status).toBe('supplement_requested');
    expect(asked.supplementDueOn > today).toBe(true);

    const second = await api.post(`/applications/${app.id}/request-supplement`, {
      requestedOn: today,
      whatIsNeeded: '再次补正',
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('SUPPLEMENT_ALREADY_REQUESTED');
    expect(second.body.message).toContain('第三十条');

    const supplemented = await api.ok(`/applications/${app.id}/record-supplement`, { supplementedOn: today });
    expect(supplemented.status).toBe('under_review');
    expect(supplemented.clockStartedOn).toBe(today);
    expect(supplemented.supplementDueOn).toBeNull();

    const third = await api.post(`/applications/${app.id}/request-supplement`, {
      requestedOn: today,
      whatIsNeeded: '第三次',
    });
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('SUPPLEMENT_ALREADY_REQUESTED');
    // Only after a supplement may the outcome be "still unclear after supplementation".
    const unclear = await api.ok(`/applications/${app.id}/draft-decision`, {
      outcome: 'unavailable.unclear_after_supplement',
      legalGround: '第三十条',
    });
    expect(unclear.outcome).toBe('unavailable.unclear_after_supplement');
  });

  it('refuses a supplement request later than 7 working days after receipt', async () => {
    const app = await register({ receivedOn: '2024-02-08' });
    const late = await api.post(`/applications/${app.id}/request-supplement`, {
      requestedOn: '2024-02-26',
      whatIsNeeded: '补充说明',
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('SUPPLEMENT_NOTICE_LATE');
    expect(late.body.message).toContain('2024-02-23');
  });

  it('concludes as other.supplement_overdue when the supplement period lapses', async () => {
    const app = await register({ receivedOn: '2024-05-06' });
    await api.ok(`/applications/${app.id}/request-supplement`, {
      requestedOn: '2024-05-08',
      periodWorkingDays: 10,
      whatIsNeeded: '请提供身份证明',
    });
    // 10 working days at 100 ms each: the shrunk timer fires after about one second.
    let detail = await api.get(`/applications/${app.id}`);
    for (let i = 0; i < 100 && detail.body.status !== 'abandoned'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      detail = await api.get(`/applications/${app.id}`);
    }
    expect(detail.body.status).toBe('abandoned');
    expect(detail.body.outcome).toBe('other.supplement_overdue');
    // Period: 10 working days from 2024-05-08 (Saturday 11 May a make-up working day) ends 2024-05-21;
    // the application is deemed abandoned as of the next day.
    expect(detail.body.events.at(-1).payload.dueOn).toBe('2024-05-21');
    expect(detail.body.concludedOn).toBe('2024-05-22');
    const late = await api.post(`/applications/${app.id}/record-supplement`, {
      supplementedOn: '2024-05-24',
    });
    expect(late.status).toBe(409);
  });

  it('concludes a withdrawn application as other.other', async () => {
    const app = await register();
    const res = await api.ok(`/applications/${app.id}/withdraw`, {
      withdrawnOn: '2024-03-05',
      reason: '申请人撤回',
    });
    expect(res.status).toBe('withdrawn');
    expect(res.outcome).toBe('other.other');
    expect(res.concludedOn).toBe('2024-03-05');
  });

  describe('malformed requests get 400 naming the field and the reason', () => {
    it.each([
      ['a missing applicant type', { applicantType: undefined }, 'applicantType'],
      ['an unknown applicant type', { applicantType: 'company' }, 'applicantType'],
      ['an unknown channel', { channel: 'pigeon' }, 'channel'],
      ['an impossible date', { receivedOn: '2024-02-30' }, 'receivedOn'],
      ['a future receipt date', { receivedOn: addDays(dateInShanghai(Date.now()), 2) }, 'receivedOn'],
      ['an empty description', { informationSought: '' }, 'informationSought'],
      ['a field that does not exist', { priority: 'high' }, 'priority'],
      [
        'an agency of its own (the agency is the signed-in user’s)',
        { agencyId: '00000000-0000-4000-8000-000000000000' },
        'agencyId',
      ],
      [
        'a submission after the receipt date',
        { receivedOn: '2024-03-01', submittedAt: '2024-03-02T09:00:00+08:00', channel: 'online_platform' },
        'submittedAt',
      ],
    ])('registering with %s', async (_label, overrides, field) => {
      const before = await api.get(`/applications?agencyId=${agencyId}`);
      const res = await api.post('/applications', registration(overrides));
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(res.body.message).toContain(field);
      const after = await api.get(`/applications?agencyId=${agencyId}`);
      expect(after.body.total).toBe(before.body.total);
    });

    it('accepts a submission instant late on the evening before the receipt date', async () => {
      const res = await api.post(
        '/applications',
        registration({
          channel: 'online_platform',
          receivedOn: '2024-03-01',
          submittedAt: '2024-02-29T23:30:00+08:00',
        }),
      );
      expect(res.status).toBe(201);
      expect(res.body.submittedAt).toBe('2024-02-29T15:30:00.000Z');
    });

    it('an action with a bad outcome, a system-only outcome, or a missing date', async () => {
      const app = await register();
      await api.ok(`/applications/${app.id}/accept`);
      const bad = await api.post(`/applications/${app.id}/draft-decision`, {
        outcome: 'maybe',
        legalGround: 'x',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('outcome');
      const reserved = await api.post(`/applications/${app.id}/draft-decision`, {
        outcome: 'other.fee_unpaid',
        legalGround: 'x',
      });
      expect(reserved.status).toBe(400);
      expect(reserved.body.errors[0].field).toBe('outcome');
      const noDate = await api.post(`/applications/${app.id}/withdraw`, {});
      expect(noDate.status).toBe(400);
      expect(noDate.body.errors[0].field).toBe('withdrawnOn');
      const period = await api.post(`/applications/${app.id}/request-supplement`, {
        requestedOn: '2024-03-01',
        whatIsNeeded: 'x',
        periodWorkingDays: 0,
      });
      expect(period.status).toBe(400);
      expect(period.body.errors[0].field).toBe('periodWorkingDays');
    });

    it('malformed JSON, a malformed id, an unknown id, bad list filters', async () => {
      const json = await api.request('POST', '/applications', '{"agencyId": ');
      expect(json.status).toBe(400);
      const badId = await api.get('/applications/not-a-uuid');
      expect(badId.status).toBe(400);
      expect(badId.body.errors[0].field).toBe('id');
      const unknown = await api.post('/applications/00000000-0000-4000-8000-000000000000/accept', {});
      expect(unknown.status).toBe(404);
      const page = await api.get('/applications?pageSize=1000');
      expect(page.status).toBe(400);
      expect(page.body.errors[0].field).toBe('pageSize');
      const year = await api.get(`/reports/24?agencyId=${agencyId}`);
      expect(year.status).toBe(400);
      expect(year.body.errors[0].field).toBe('year');
      const noAgency = await api.get('/reports/2024?agencyId=abc');
      expect(noAgency.status).toBe(400);
      expect(noAgency.body.errors[0].field).toBe('agencyId');
    });
  });
});
