/** Reopening a concluded application after a reviewing body corrected its decision (RULES.md §9). */
import {
  type ApplicationState,
  type Command,
  type DecisionContext,
  decide,
  initialState,
  replyDeadline,
} from '../../libs/domain/application';
import { BUILT_IN_CALENDAR } from '../../libs/domain/calendar';
import { tasksFor } from '../../libs/domain/tasks';
import { type RecordedEvent, buildAnnualReport } from '../../libs/domain/report';
import { addDays } from '../../libs/domain/dates';
import { prng } from '../support/prng';

const ctx: DecisionContext = { today: '2024-12-31', calendar: BUILT_IN_CALENDAR };
const draft: Command = { type: 'draftDecision', outcome: 'disclosed', legalGround: '第三十六条' };

function run(commands: Command[], start: ApplicationState = initialState({ receivedOn: '2024-03-01' })) {
  let state = start;
  const events: Array<{ type: string; businessDate: string | null; payload: Record<string, unknown> }> = [];
  for (const c of commands) {
    const d = decide(state, c, ctx);
    if (!d.ok) throw new Error(`${c.type}: ${d.violation.code} ${d.violation.message}`);
    state = d.next;
    events.push(d.event);
  }
  return { state, events };
}

const delivered = [
  { type: 'accept' },
  draft,
  { type: 'approveDecision' },
  { type: 'deliver', deliveredOn: '2024-03-20', deliveryMethod: 'post' },
] as Command[];

const reopen = (reopenedOn: string, replyDueOn: string | null = null): Command => ({
  type: 'reopen',
  reviewCaseId: 'case-1',
  reviewCaseKind: 'reconsideration',
  reopenedOn,
  replyDueOn,
  actor: '审核人',
});

describe('reopening after a corrected result', () => {
  it('goes back to the handler with a fresh 20-working-day clock from the day the decision arrived', () => {
    const { state, events } = run([...delivered, reopen('2024-06-03')]);
    const last = events[events.length - 1];
    expect(last.type).toBe('reopened');
    expect(last.businessDate).toBe('2024-06-03');
    expect(last.payload).toMatchObject({
      reopened: true,
      reviewCaseId: 'case-1',
      reopenedOn: '2024-06-03',
      replyDueOn: null,
      previousConclusion: { outcome: 'disclosed', concludedOn: '2024-03-20' },
    });
    expect(last.payload).not.toHaveProperty('conclusion');
    expect(state.status).toBe('under_review');
    expect(state.conclusion).toBeNull();
    expect(state.decision).toBeNull();
    expect(tasksFor(state)).toEqual(['draft_decision']);
    const deadline = replyDeadline(state, BUILT_IN_CALENDAR);
    // 2024-06-03 + 20 working days (Dragon Boat Festival on 10 June) = 2024-07-02.
    expect(deadline.clockStartedOn).toBe('2024-06-03');
    expect(deadline.due).toBe(BUILT_IN_CALENDAR.addWorkingDays('2024-06-03', 20).due);
    expect(deadline.due).toBe('2024-07-02');
    expect(deadline.steps[0].text).toContain('纠正');
  });

  it('keeps the deadline the reviewing body set, and a later pause still moves it', () => {
    const { state } = run([...delivered, reopen('2024-06-03', '2024-06-20')]);
    expect(replyDeadline(state, BUILT_IN_CALENDAR).due).toBe('2024-06-20');
    const consulted = run(
      [
        {
          type: 'startConsultation',
          kind: 'third_party',
          party: '某公司',
          sentOn: '2024-06-04',
        },
        { type: 'recordConsultationReply', ref: 'c1', repliedOn: '2024-06-06', answer: 'agree' },
      ],
      state,
    ).state;
    expect(replyDeadline(consulted, BUILT_IN_CALENDAR).due).toBe(
      BUILT_IN_CALENDAR.addWorkingDays('2024-06-20', 2).due,
    );
  });

  it('concludes again with its timeliness counted from the reopening; the report counts it once', () => {
    const { events } = run([
      ...delivered,
      reopen('2024-06-03'),
      { ...draft, outcome: 'partially_disclosed' } as Command,
      { type: 'approveDecision' },
      { type: 'deliver', deliveredOn: '2024-06-14', deliveryMethod: 'post' },
    ]);
    const final = events[events.length - 1].payload.conclusion as {
      outcome: string;
      timeliness: { dueOn: string; onTime: boolean; workingDaysTaken: number };
    };
    expect(final.outcome).toBe('partially_disclosed');
    expect(final.timeliness).toEqual({
      dueOn: '2024-07-02',
      onTime: true,
      workingDaysTaken: BUILT_IN_CALENDAR.workingDaysBetween('2024-06-03', '2024-06-14'),
    });
    const recorded: RecordedEvent[] = [
      {
        applicationId: 'a',
        seq: 1,
        type: 'registered',
        businessDate: '2024-03-01',
        payload: { applicantType: 'natural_person', receivedOn: '2024-03-01' },
      },
      ...events.map((e, i) => ({ applicationId: 'a', seq: i + 2, ...e })),
    ];
    const report = buildAnnualReport(recorded, 2024);
    expect(report.table3.concluded_total[6]).toBe(1);
    expect(report.table3.partially_disclosed[6]).toBe(1);
    expect(report.table3.disclosed[6]).toBe(0);
    expect(report.checks.every((c) => c.ok)).toBe(true);
  });

  it('closes what was left open at the conclusion, so nothing lapses right after the reopening', () => {
    const { state } = run([
      { type: 'accept' },
      { type: 'issueFeeNotice', noticeOn: '2024-03-04', fee: { method: 'per_page', pages: 60 } },
      { type: 'lapseFeePayment' },
      reopen('2024-06-03'),
    ]);
    expect(state.status).toBe('under_review');
    expect(state.fee).toBeNull();
    expect(replyDeadline(state, BUILT_IN_CALENDAR).paused).toBe(false);
    expect(tasksFor(state)).toEqual(['draft_decision']);
  });

  it('is refused on an open application, before the conclusion, in the future, or with a deadline before it', () => {
    const open = run([{ type: 'accept' }]).state;
    const refusal = (state: ApplicationState, c: Command) => {
      const d = decide(state, c, ctx);
      if (d.ok) throw new Error('expected a refusal');
      return d.violation.code;
    };
    expect(refusal(open, reopen('2024-06-03'))).toBe('APPLICATION_NOT_CONCLUDED');
    const done = run(delivered).state;
    expect(refusal(done, reopen('2024-03-19'))).toBe('DATE_BEFORE_PREVIOUS_STEP');
    expect(refusal(done, reopen('2025-01-02'))).toBe('DATE_IN_FUTURE');
    expect(refusal(done, reopen('2024-06-03', '2024-06-03'))).toBe('REPLY_DUE_NOT_LATER');
    expect(refusal(done, { ...reopen('2024-06-03'), reviewCaseId: ' ' } as Command)).toBe('MISSING_FIELD');
    // Once reopened it is open: a second reopening is refused.
    const reopened = run([reopen('2024-06-03')], done).state;
    expect(refusal(reopened, reopen('2024-06-04'))).toBe('APPLICATION_NOT_CONCLUDED');
  });
});

describe('property: random histories with reopenings', () => {
  it('never throw, keep deadlines on working days, and every year’s table 三 checks hold; each application counts once', () => {
    const random = prng(8_2026);
    const today = '2026-11-20';
    const context: DecisionContext = { today, calendar: BUILT_IN_CALENDAR };
    const events: RecordedEvent[] = [];
    let concludedNow = 0;
    let reopenings = 0;
    const APPLICATIONS = 400;
    for (let n = 0; n < APPLICATIONS; n++) {
      const applicationId = `p-${n}`;
      const receivedOn = addDays('2023-01-02', Math.floor(random() * 1000));
      let state = initialState({ receivedOn });
      let seq = 1;
      events.push({
        applicationId,
        seq,
        type: 'registered',
        businessDate: receivedOn,
        payload: { applicantType: random() < 0.8 ? 'natural_person' : 'commercial_enterprise', receivedOn },
      });
      let day = receivedOn;
      const step = (command: Command) => {
        const d = decide(state, command, context);
        if (!d.ok) return false;
        state = d.next;
        seq += 1;
        events.push({ applicationId, seq, ...d.event });
        const deadline = replyDeadline(state, BUILT_IN_CALENDAR);
        const bodySet = state.reopened?.replyDueOn === deadline.due;
        if (!BUILT_IN_CALENDAR.isWorkingDay(deadline.due) && !bodySet) {
          throw new Error(`${applicationId}: due ${deadline.due} is not a working day`);
        }
        return true;
      };
      const later = (max: number) => {
        day = addDays(day, 1 + Math.floor(random() * max));
        return day <= today;
      };
      for (let round = 0; round < 4; round++) {
        if (state.status === 'registered') step({ type: 'accept' });
        if (random() < 0.15) {
          if (later(30)) step({ type: 'withdraw', withdrawnOn: day });
        } else {
          if (random() < 0.3 && later(10)) {
            step({ type: 'startConsultation', kind: 'third_party', party: '某公司', sentOn: day });
            if (random() < 0.6 && later(10))
              step({
                type: 'recordConsultationReply',
                ref: `c${state.consultations.length}`,
                repliedOn: day,
                answer: 'agree',
              });
            else if (state.consultations.some((c) => !c.reply))
              step({ type: 'lapseConsultation', ref: `c${state.consultations.length}` });
          }
          step({ ...draft, outcome: random() < 0.5 ? 'disclosed' : 'unavailable.not_held' } as Command);
          step({ type: 'approveDecision' });
          if (later(40)) step({ type: 'deliver', deliveredOn: day, deliveryMethod: 'post' });
        }
        // A reviewing body corrects the decision now and then, maybe in a later year.
        if (!['delivered', 'withdrawn', 'abandoned'].includes(state.status) || random() < 0.6) break;
        if (!later(200)) break;
        const replyDueOn = random() < 0.4 ? BUILT_IN_CALENDAR.addWorkingDays(day, 15).due : null;
        if (step({ type: 'reopen', reviewCaseId: `r-${n}-${round}`, reopenedOn: day, replyDueOn } as Command))
          reopenings += 1;
      }
      if (state.conclusion) concludedNow += 1;
    }
    expect(reopenings).toBeGreaterThan(50);
    let concludedCounted = 0;
    for (let year = 2023; year <= 2026; year++) {
      const report = buildAnnualReport(events, year);
      for (const check of report.checks)
        expect([year, check.key, check.failures]).toEqual([year, check.key, []]);
      concludedCounted += report.table3.concluded_total[6];
    }
    expect(concludedCounted).toBe(concludedNow);
  });
});
