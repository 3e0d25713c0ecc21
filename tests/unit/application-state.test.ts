import {
  type ApplicationState,
  type Command,
  type DecisionContext,
  decide,
  initialState,
} from '../../libs/domain/application';
import { BUILT_IN_CALENDAR } from '../../libs/domain/calendar';

const ctx: DecisionContext = { today: '2024-12-31', calendar: BUILT_IN_CALENDAR };

function run(commands: Command[], start: ApplicationState = initialState({ receivedOn: '2024-03-01' })) {
  let state = start;
  const events: string[] = [];
  for (const c of commands) {
    const d = decide(state, c, ctx);
    if (!d.ok) throw new Error(`${c.type}: ${d.violation.code} ${d.violation.message}`);
    state = d.next;
    events.push(d.event.type);
  }
  return { state, events };
}

function refusal(state: ApplicationState, command: Command) {
  const d = decide(state, command, ctx);
  if (d.ok) throw new Error(`expected ${command.type} to be refused`);
  return d.violation;
}

const draft: Command = { type: 'draftDecision', outcome: 'disclosed', legalGround: '第三十六条' };

describe('the application state machine', () => {
  it('goes registered → under review → drafted → approved → delivered', () => {
    const { state, events } = run([
      { type: 'accept' },
      draft,
      { type: 'approveDecision' },
      { type: 'deliver', deliveredOn: '2024-03-20', deliveryMethod: 'post' },
    ]);
    expect(events).toEqual(['accepted', 'decision_drafted', 'decision_approved', 'decision_delivered']);
    expect(state.status).toBe('delivered');
    // Received 2024-03-01: 20 working days end on 2024-03-29; delivered on 2024-03-20, 13 working days in.
    expect(state.conclusion).toEqual({
      outcome: 'disclosed',
      concludedOn: '2024-03-20',
      timeliness: { dueOn: '2024-03-29', onTime: true, workingDaysTaken: 13 },
    });
  });

  it('refuses a second draft, an approval of nothing, and anything after conclusion', () => {
    const drafted = run([{ type: 'accept' }, draft]).state;
    expect(refusal(drafted, draft).code).toBe('DECISION_ALREADY_DRAFTED');
    expect(refusal(initialState({ receivedOn: '2024-03-01' }), { type: 'approveDecision' }).code).toBe(
      'NO_DRAFT_TO_REVIEW',
    );
    const withdrawn = run([{ type: 'withdraw', withdrawnOn: '2024-03-02' }]).state;
    expect(withdrawn.conclusion).toEqual({ outcome: 'other.other', concludedOn: '2024-03-02' });
    expect(refusal(withdrawn, { type: 'accept' }).code).toBe('APPLICATION_CONCLUDED');
  });

  it('refuses business dates in the future or before what is recorded', () => {
    const approved = run([{ type: 'accept' }, draft, { type: 'approveDecision' }]).state;
    expect(
      refusal(approved, { type: 'deliver', deliveredOn: '2025-01-01', deliveryMethod: 'post' }).code,
    ).toBe('DATE_IN_FUTURE');
    expect(
      refusal(approved, { type: 'deliver', deliveredOn: '2024-02-29', deliveryMethod: 'post' }).code,
    ).toBe('DATE_BEFORE_PREVIOUS_STEP');
    expect(
      refusal(approved, { type: 'deliver', deliveredOn: '2024-02-30', deliveryMethod: 'post' }).code,
    ).toBe('INVALID_DATE');
  });

  it('allows one supplement request within 7 working days; the supplement restarts the clock', () => {
    const start = initialState({ receivedOn: '2024-02-08' });
    expect(
      refusal(start, {
        type: 'requestSupplement',
        requestedOn: '2024-02-26',
        periodWorkingDays: 15,
        whatIsNeeded: 'x',
      }).code,
    ).toBe('SUPPLEMENT_NOTICE_LATE');
    const { state } = run(
      [
        { type: 'requestSupplement', requestedOn: '2024-02-23', periodWorkingDays: 15, whatIsNeeded: '文号' },
        { type: 'recordSupplement', supplementedOn: '2024-03-05' },
      ],
      start,
    );
    expect(state.status).toBe('under_review');
    expect(state.clockStartedOn).toBe('2024-03-05');
    // 15 working days from Friday 2024-02-23 end on 2024-03-15.
    expect(state.supplement?.dueOn).toBe('2024-03-15');
    expect(
      refusal(state, {
        type: 'requestSupplement',
        requestedOn: '2024-03-06',
        periodWorkingDays: 15,
        whatIsNeeded: 'y',
      }).code,
    ).toBe('SUPPLEMENT_ALREADY_REQUESTED');
  });

  it('a lapsed supplement period concludes as other.supplement_overdue the day after it ends', () => {
    const { state } = run([
      { type: 'requestSupplement', requestedOn: '2024-03-04', periodWorkingDays: 5, whatIsNeeded: 'x' },
      { type: 'lapseSupplement' },
    ]);
    expect(state.status).toBe('abandoned');
    expect(state.conclusion).toEqual({ outcome: 'other.supplement_overdue', concludedOn: '2024-03-12' });
  });

  it('refuses a supplement that arrives after the period, and system outcomes drafted by hand', () => {
    const asked = run([
      { type: 'requestSupplement', requestedOn: '2024-03-04', periodWorkingDays: 5, whatIsNeeded: 'x' },
    ]).state;
    expect(refusal(asked, { type: 'recordSupplement', supplementedOn: '2024-03-12' }).code).toBe(
      'SUPPLEMENT_PERIOD_LAPSED',
    );
    const reviewing = run([{ type: 'accept' }]).state;
    expect(refusal(reviewing, { ...draft, outcome: 'other.fee_unpaid' } as Command).code).toBe(
      'OUTCOME_RESERVED',
    );
    expect(
      refusal(reviewing, { ...draft, outcome: 'unavailable.unclear_after_supplement' } as Command).code,
    ).toBe('OUTCOME_REQUIRES_SUPPLEMENT');
  });
});
