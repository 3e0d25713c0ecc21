/**
 * The year end's pure parts: the carry-over command of the state machine (once per year, only for a
 * case open on 31 December, only after the year ended), the facts a carry-over row records, and the
 * schedules the worker wants.
 */
import {
  type ApplicationState,
  type DecisionContext,
  decide,
  initialState,
} from '../../libs/domain/application';
import { BUILT_IN_CALENDAR } from '../../libs/domain/calendar';
import { carryOverFacts } from '../../activities/year-end.activities';
import { wantedSchedules } from '../../apps/worker/src/schedules';
import { loadConfig } from '../../platform/config';

const ctx: DecisionContext = { today: '2025-01-02', calendar: BUILT_IN_CALENDAR };

function must(state: ApplicationState, command: Parameters<typeof decide>[1], c = ctx) {
  const d = decide(state, command, c);
  if (!d.ok) throw new Error(`${command.type}: ${d.violation.code}`);
  return d;
}

function refused(state: ApplicationState, command: Parameters<typeof decide>[1], c = ctx) {
  const d = decide(state, command, c);
  if (d.ok) throw new Error(`expected ${command.type} to be refused`);
  return d.violation.code;
}

describe('carry-over (年度结转) in the state machine', () => {
  const received = initialState({ receivedOn: '2024-12-20' });
  const open = must(received, { type: 'accept' }).next;

  it('records the year, state, deadline and working days left as of 31 December, dated that day', () => {
    const d = must(open, { type: 'carryOver', year: 2024 });
    const due = BUILT_IN_CALENDAR.addWorkingDays('2024-12-20', 20).due;
    expect(d.event).toEqual({
      type: 'carried_over',
      businessDate: '2024-12-31',
      actor: null,
      payload: {
        year: 2024,
        status: 'under_review',
        replyDueOn: due,
        workingDaysLeft: BUILT_IN_CALENDAR.workingDaysUntil('2024-12-31', due),
        paused: false,
      },
    });
    expect(d.next.carriedOver).toEqual([2024]);
    expect(d.next.status).toBe('under_review');
    // The last business date stays: a step dated in December entered later is still accepted.
    expect(d.next.lastBusinessDate).toBe(open.lastBusinessDate);
    const late = must(d.next, { type: 'withdraw', withdrawnOn: '2024-12-30' });
    expect(late.next.status).toBe('withdrawn');
  });

  it('is refused a second time for the same year, but a case carried over twice keeps both years', () => {
    const once = must(open, { type: 'carryOver', year: 2024 }).next;
    expect(refused(once, { type: 'carryOver', year: 2024 })).toBe('ALREADY_CARRIED_OVER');
    const twice = must(once, { type: 'carryOver', year: 2025 }, { ...ctx, today: '2026-01-01' }).next;
    expect(twice.carriedOver).toEqual([2024, 2025]);
  });

  it('is refused for a concluded case, one received after the year, and a year not yet ended', () => {
    const withdrawn = must(open, { type: 'withdraw', withdrawnOn: '2024-12-31' }).next;
    expect(refused(withdrawn, { type: 'carryOver', year: 2024 })).toBe('APPLICATION_CONCLUDED');
    expect(refused(open, { type: 'carryOver', year: 2023 })).toBe('RECEIVED_AFTER_YEAR');
    expect(refused(open, { type: 'carryOver', year: 2025 })).toBe('YEAR_NOT_ENDED');
    expect(refused(open, { type: 'carryOver', year: 2024 }, { ...ctx, today: '2024-12-31' })).toBe(
      'YEAR_NOT_ENDED',
    );
    expect(refused(open, { type: 'carryOver', year: 1999 })).toBe('INVALID_YEAR');
    expect(refused(open, { type: 'carryOver', year: 2024.5 })).toBe('INVALID_YEAR');
  });

  it('records no deadline while the clock waits for a supplement', () => {
    const waiting = must(open, {
      type: 'requestSupplement',
      requestedOn: '2024-12-23',
      periodWorkingDays: 15,
      whatIsNeeded: '文号',
    }).next;
    const d = must(waiting, { type: 'carryOver', year: 2024 });
    expect(d.event.payload).toMatchObject({
      status: 'supplement_requested',
      replyDueOn: null,
      workingDaysLeft: null,
    });
  });
});

describe('carry-over facts (carry_overs rows)', () => {
  const open = must(initialState({ receivedOn: '2024-12-02' }), { type: 'accept' }).next;
  const due = BUILT_IN_CALENDAR.addWorkingDays('2024-12-02', 20).due;

  it('counts the working days left from 31 December, also for a case concluded since', () => {
    const row = { status: 'under_review', state: open, reply_due_on: due, paused: false };
    expect(carryOverFacts(row, 2024, BUILT_IN_CALENDAR)).toEqual({
      replyDueOn: due,
      workingDaysLeft: BUILT_IN_CALENDAR.workingDaysUntil('2024-12-31', due),
      paused: false,
    });
    const delivered = must(
      must(must(open, { type: 'draftDecision', outcome: 'disclosed', legalGround: '第二十七条' }).next, {
        type: 'approveDecision',
      }).next,
      { type: 'deliver', deliveredOn: '2025-01-02', deliveryMethod: 'post' },
    ).next;
    const concluded = { status: 'delivered', state: delivered, reply_due_on: null, paused: false };
    expect(carryOverFacts(concluded, 2024, BUILT_IN_CALENDAR).replyDueOn).toBe(due);
  });

  it('is negative for a case overdue on 31 December, and uses the read model without a state', () => {
    const early = must(initialState({ receivedOn: '2024-10-08' }), { type: 'accept' }).next;
    const f = carryOverFacts(
      { status: 'under_review', state: early, reply_due_on: null, paused: false },
      2024,
      BUILT_IN_CALENDAR,
    );
    expect(f.workingDaysLeft).toBeLessThan(0);
    expect(
      carryOverFacts(
        { status: 'registered', state: null, reply_due_on: '2025-01-03', paused: true },
        2024,
        BUILT_IN_CALENDAR,
      ),
    ).toEqual({ replyDueOn: '2025-01-03', workingDaysLeft: 2, paused: true });
  });
});

describe('the schedules the worker wants', () => {
  it('year end at 00:30 on 1 January and the calendar check at 09:00, both in Asia/Shanghai', () => {
    const [yearEnd, check] = wantedSchedules(loadConfig({ OGI_TEMPORAL_TASK_QUEUE: 'q' }));
    expect(yearEnd.scheduleId).toBe('year-end');
    expect(yearEnd.spec).toMatchObject({
      timezone: 'Asia/Shanghai',
      calendars: [{ month: 'JANUARY', dayOfMonth: 1, hour: 0, minute: 30 }],
    });
    expect(yearEnd.action).toMatchObject({ workflowType: 'yearEndWorkflow', taskQueue: 'q', args: [{}] });
    expect(yearEnd.policies.catchupWindow).toBe(7 * 86_400_000);
    expect(check.scheduleId).toBe('calendar-check');
    expect(check.spec).toMatchObject({ timezone: 'Asia/Shanghai', calendars: [{ hour: 9, minute: 0 }] });
  });

  it('the calendar check runs at an interval and the catch-up window is configurable', () => {
    const [yearEnd, check] = wantedSchedules(
      loadConfig({ OGI_CALENDAR_CHECK_INTERVAL_MS: '5000', OGI_YEAR_END_CATCHUP_DAYS: '30' }),
    );
    expect(check.spec.intervals).toEqual([{ every: 5000 }]);
    expect(yearEnd.policies.catchupWindow).toBe(30 * 86_400_000);
    expect(() => loadConfig({ OGI_CALENDAR_CHECK_INTERVAL_MS: '10' })).toThrow(
      /OGI_CALENDAR_CHECK_INTERVAL_MS/,
    );
    expect(() => loadConfig({ OGI_YEAR_END_CATCHUP_DAYS: '0' })).toThrow(/OGI_YEAR_END_CATCHUP_DAYS/);
  });
});
