import {
  type ApplicationState,
  type Command,
  type DecisionContext,
  decide,
  initialState,
  recountWindows,
} from '../../libs/domain/application';
import { BUILT_IN_ARRANGEMENTS, BUILT_IN_CALENDAR, WorkingDayCalendar } from '../../libs/domain/calendar';

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

describe('rules 2 (issue 7)', () => {
  it('counts a consultation window from the consulted party’s receipt', () => {
    const { state } = run([
      { type: 'accept' },
      {
        type: 'startConsultation',
        kind: 'third_party',
        party: '某公司',
        sentOn: '2024-10-08',
        receivedOn: '2024-10-10',
      },
    ]);
    expect(state.consultations[0].windowEnd).toBe(BUILT_IN_CALENDAR.addWorkingDays('2024-10-10', 15).due);
    expect(
      refusal(run([{ type: 'accept' }]).state, {
        type: 'startConsultation',
        kind: 'third_party',
        party: '某公司',
        sentOn: '2024-10-08',
        receivedOn: '2024-10-07',
      }).code,
    ).toBe('RECEIPT_BEFORE_SENDING');
  });

  it('voids an extension approved before a supplement restart, and allows a new one for the new period', () => {
    const { state, events } = run([
      { type: 'accept' },
      {
        type: 'approveExtension',
        approvedOn: '2024-03-04',
        workingDays: 10,
        reason: '检索',
        actor: '张主任',
      },
      { type: 'requestSupplement', requestedOn: '2024-03-05', periodWorkingDays: 15, whatIsNeeded: '文号' },
      { type: 'recordSupplement', supplementedOn: '2024-03-08' },
    ]);
    expect(events).toContain('supplement_received');
    expect(state.extension).toBeNull();
    const again = decide(
      state,
      { type: 'approveExtension', approvedOn: '2024-03-11', workingDays: 5, reason: '检索', actor: '张主任' },
      ctx,
    );
    expect(again.ok).toBe(true);
    if (again.ok) {
      expect(decide(state, { type: 'recordSupplement', supplementedOn: '2024-03-08' }, ctx).ok).toBe(false);
      expect(again.next.extension?.workingDays).toBe(5);
    }
  });

  it('recounts open windows on a new calendar, and leaves rules-1 cases as they were', () => {
    const { state } = run([
      { type: 'accept' },
      { type: 'startConsultation', kind: 'other_agency', party: '县财政局', sentOn: '2024-12-20' },
    ]);
    // A made-up correction: 2025-01-02 and 2025-01-03 off as well.
    const corrected = new WorkingDayCalendar([
      ...BUILT_IN_ARRANGEMENTS.filter((a) => a.year !== 2025),
      { year: 2025, off: ['2025-01-01', '2025-01-02', '2025-01-03'], work: [] },
    ]);
    const { next, changed } = recountWindows(state, corrected);
    expect(changed).toEqual([
      {
        what: 'consultation',
        ref: 'c1',
        previous: state.consultations[0].windowEnd,
        recounted: corrected.addWorkingDays('2024-12-20', 15).due,
      },
    ]);
    expect(next.ledger.find((e) => e.kind === 'pause_begin')).toMatchObject({
      windowEnd: corrected.addWorkingDays('2024-12-20', 15).due,
    });
    const v1 = initialState({ receivedOn: '2024-03-01' }, 1);
    expect(v1.rules).toBeUndefined();
  });

  it('refuses a later deadline on a day off and while the clock is paused', () => {
    const asked = run([{ type: 'accept' }, { type: 'requestReasons', requestedOn: '2024-03-04' }]).state;
    expect(
      refusal(asked, { type: 'setLaterDeadline', setOn: '2024-03-05', due: '2024-06-01', reason: '数量大' })
        .code,
    ).toBe('LATER_DEADLINE_NOT_WORKING_DAY');
    const paused = run(
      [{ type: 'startConsultation', kind: 'third_party', party: '某公司', sentOn: '2024-03-05' }],
      asked,
    ).state;
    expect(
      refusal(paused, { type: 'setLaterDeadline', setOn: '2024-03-06', due: '2024-06-03', reason: '数量大' })
        .code,
    ).toBe('CLOCK_PAUSED');
  });
});
