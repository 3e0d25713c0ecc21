/**
 * Property test (issue 7): thousands of random sequences of staff actions, lapses and calendar changes
 * driven through `decide` and the deadline computation, as the workflow drives them. Whatever the
 * sequence: nothing throws, every reply deadline is a working day of the calendar in force, and the
 * deadline never moves earlier except by an event that records why (an answer or payment arriving before
 * its window's end, a supplement restarting the clock, an in-time entry replacing a lapse, a calendar
 * recount).
 */
import {
  type ApplicationState,
  type Command,
  type DecisionContext,
  CURRENT_RULES,
  decide,
  initialState,
  isConcluded,
  lapseSchedule,
  recountWindows,
  replyDeadline,
} from '../../libs/domain/application';
import { BUILT_IN_ARRANGEMENTS, WorkingDayCalendar } from '../../libs/domain/calendar';
import { type IsoDate, addDays } from '../../libs/domain/dates';
import { OUTCOME_CODES } from '../../libs/domain/outcome';
import { prng } from '../support/prng';

const MAY_MOVE_EARLIER = new Set([
  'consultation_answered',
  'fee_paid',
  'supplement_received',
  'deadline_recomputed',
]);

const BASE_CALENDAR = new WorkingDayCalendar(BUILT_IN_ARRANGEMENTS);

/** A made-up arrangement for 2027, as an admin might enter (or correct) it. */
function arrangement2027(random: () => number) {
  const off = ['2027-01-01'];
  const springStart = 5 + Math.floor(random() * 10);
  for (let d = 0; d < 7; d++) off.push(`2027-02-${String(springStart + d).padStart(2, '0')}`);
  if (random() < 0.5) off.push('2027-01-04', '2027-01-05');
  return { year: 2027, off, work: random() < 0.5 ? ['2027-02-20'] : [] };
}

/** The step a handler would most likely take next, so sequences reach deep into the procedure. */
function sensibleNext(
  state: ApplicationState,
  today: IsoDate,
  due: IsoDate,
  pick: <T>(xs: readonly T[]) => T,
): Command {
  const open = state.consultations.find((c) => !c.reply);
  if (state.status === 'registered')
    return pick<Command>([{ type: 'accept' }, { type: 'requestReasons', requestedOn: today }]);
  if (state.status === 'supplement_requested') return { type: 'recordSupplement', supplementedOn: today };
  if (open && state.status === 'under_review') {
    return pick<Command>([
      {
        type: 'recordConsultationReply',
        ref: open.ref,
        repliedOn: today,
        answer: pick(['agree', 'object'] as const),
      },
      { type: 'requestSupplement', requestedOn: today, periodWorkingDays: 5, whatIsNeeded: '文号' },
      { type: 'issueFeeNotice', noticeOn: today, fee: { method: 'per_page', pages: 120 } },
      { type: 'approveExtension', approvedOn: today, workingDays: 10, reason: '检索' },
    ]);
  }
  if (state.fee && !state.fee.paidOn) return { type: 'recordFeePayment', paidOn: today };
  if (state.status === 'under_review') {
    return pick<Command>([
      {
        type: 'startConsultation',
        kind: pick(['third_party', 'other_agency'] as const),
        party: '某公司',
        sentOn: today,
      },
      { type: 'requestSupplement', requestedOn: today, periodWorkingDays: 5, whatIsNeeded: '文号' },
      { type: 'issueFeeNotice', noticeOn: today, fee: { method: 'per_page', pages: 120 } },
      { type: 'approveExtension', approvedOn: today, workingDays: 10, reason: '检索' },
      { type: 'setLaterDeadline', setOn: today, due: addDays(due, 21), reason: '数量大' },
      {
        type: 'draftDecision',
        outcome: pick(['disclosed', 'partially_disclosed', 'unavailable.not_held'] as const),
        legalGround: '第三十六条',
        publicInterestGround: '公共利益',
      },
    ]);
  }
  if (state.status === 'decision_drafted')
    return pick<Command>([{ type: 'approveDecision' }, { type: 'returnDecision', reason: '依据不足' }]);
  return { type: 'deliver', deliveredOn: today, deliveryMethod: 'post', thirdPartyNotifiedOn: today };
}

interface Step {
  command: Command | { type: 'calendarChanged' };
  today: IsoDate;
}

function run(seed: number): { steps: Step[]; problems: string[]; accepted: number } {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const receivedOn = addDays('2026-10-01', Math.floor(random() * 80));
  let today = receivedOn;
  let calendar = BASE_CALENDAR;
  let state: ApplicationState = initialState({ receivedOn }, random() < 0.85 ? CURRENT_RULES : 1);
  const steps: Step[] = [];
  const problems: string[] = [];
  let accepted = 0;
  const actors = ['承办人 李强（chengban）', '审核人 张华（shenhe）'];
  const someDay = () => {
    const r = random();
    if (r < 0.7) return today;
    if (r < 0.85) return addDays(today, -Math.floor(random() * 10));
    if (r < 0.95) return addDays(today, Math.floor(random() * 5) + 1);
    return pick(['1999-12-31', '2026-02-30', 'yesterday', '2101-01-01']);
  };
  let due = replyDeadline(state, calendar).due;

  for (let i = 0; i < 25 && !isConcluded(state); i++) {
    today = addDays(today, Math.floor(random() * 4));
    const lapse = lapseSchedule(state, calendar)[0];
    let command: Command | { type: 'calendarChanged' };
    const r = random();
    if (lapse && today > lapse.firesAfter && r < 0.6) {
      command = lapse.command;
    } else if (r < 0.05) {
      command = { type: 'calendarChanged' };
    } else if (r < 0.55) {
      command = sensibleNext(state, today, due, pick);
      (command as { actor?: string }).actor = pick(actors);
    } else {
      const ref = `c${1 + Math.floor(random() * 3)}`;
      command = pick<Command>([
        { type: 'accept' },
        {
          type: 'requestSupplement',
          requestedOn: someDay(),
          periodWorkingDays: pick([1, 5, 15, 61]),
          whatIsNeeded: pick(['文号', '', '\u0000']),
        },
        { type: 'recordSupplement', supplementedOn: someDay() },
        {
          type: 'startConsultation',
          kind: pick(['third_party', 'other_agency'] as const),
          party: '某公司',
          sentOn: someDay(),
          receivedOn: random() < 0.5 ? someDay() : null,
        },
        {
          type: 'recordConsultationReply',
          ref,
          repliedOn: someDay(),
          answer: pick(['agree', 'object'] as const),
        },
        {
          type: 'approveExtension',
          approvedOn: someDay(),
          workingDays: pick([1, 10, 20, 21]),
          reason: '检索档案',
        },
        {
          type: 'issueFeeNotice',
          noticeOn: someDay(),
          fee: pick([
            { method: 'per_page' as const, pages: pick([10, 80, 500]) },
            { method: 'per_application' as const, ordinalInMonth: pick([3, 12, 45]) },
          ]),
        },
        { type: 'recordFeePayment', paidOn: someDay() },
        { type: 'requestReasons', requestedOn: someDay() },
        {
          type: 'setLaterDeadline',
          setOn: someDay(),
          due: pick([addDays(due, 30), addDays(due, 31), addDays(due, 1), '2100-12-31', due]),
          reason: '数量大',
        },
        {
          type: 'draftDecision',
          outcome: pick(OUTCOME_CODES),
          legalGround: pick(['第三十六条', '']),
          publicInterestGround: random() < 0.5 ? '公共利益' : null,
        },
        { type: 'returnDecision', reason: '依据不足' },
        { type: 'approveDecision' },
        {
          type: 'deliver',
          deliveredOn: someDay(),
          deliveryMethod: 'post',
          thirdPartyNotifiedOn: random() < 0.5 ? today : null,
        },
        { type: 'withdraw', withdrawnOn: someDay() },
      ]);
      if ('actor' in command || command.type !== 'accept')
        (command as { actor?: string }).actor = pick(actors);
    }
    steps.push({ command, today });
    const ctx: DecisionContext = { today, calendar };
    let moved: string;
    try {
      if (command.type === 'calendarChanged') {
        calendar = new WorkingDayCalendar([...BUILT_IN_ARRANGEMENTS, arrangement2027(random)]);
        if ((state.rules ?? 1) >= 2) state = recountWindows(state, calendar).next;
        moved = 'deadline_recomputed';
      } else {
        const d = decide(state, command, ctx);
        if (!d.ok) {
          if (!d.violation.code || !d.violation.message)
            problems.push(`refusal without code or message at step ${i}`);
          if (lapse && command === lapse.command) {
            problems.push(
              `step ${i}: the lapse ${command.type} the workflow would fire was refused: ${d.violation.message}`,
            );
          }
          const farDue = 'due' in command && typeof command.due === 'string' && command.due >= '2100-01-01';
          if (d.violation.code === 'DEADLINE_OUT_OF_RANGE' && !farDue && due < '2100-01-01') {
            problems.push(
              `step ${i} (${command.type}): the deadline could not be computed: ${d.violation.message}`,
            );
          }
          continue;
        }
        accepted += 1;
        state = d.next;
        moved = d.event.type;
      }
      const next = replyDeadline(state, calendar);
      if (!calendar.isWorkingDay(next.due) && !(state.rules === undefined && next.laterDeadline)) {
        problems.push(`step ${i} (${moved}): due ${next.due} is not a working day`);
      }
      if (next.due < due && !MAY_MOVE_EARLIER.has(moved)) {
        problems.push(`step ${i} (${moved}): due moved earlier from ${due} to ${next.due}`);
      }
      due = next.due;
      // What the workflow computes after every transition must not throw either.
      lapseSchedule(state, calendar);
    } catch (err) {
      problems.push(`step ${i} (${command.type}) threw: ${(err as Error).message}`);
      break;
    }
  }
  return { steps, problems, accepted };
}

describe('random legal sequences through decide and the deadline computation', () => {
  it('never throw, keep every deadline on a working day, and move it earlier only for a recorded reason', () => {
    const SEQUENCES = 2000;
    let accepted = 0;
    let concluded = 0;
    const failures: string[] = [];
    for (let seed = 1; seed <= SEQUENCES; seed++) {
      const r = run(seed);
      accepted += r.accepted;
      if (r.steps.length && r.problems.length) {
        failures.push(`seed ${seed}: ${r.problems.join('; ')}`);
      }
      if (r.steps.some((s) => ['deliver', 'withdraw'].includes(s.command.type))) concluded += 1;
    }
    expect(failures.slice(0, 10)).toEqual([]);
    // The generator reaches deep into the procedure, not just refusals.
    expect(accepted).toBeGreaterThan(SEQUENCES * 2);
    expect(concluded).toBeGreaterThan(SEQUENCES / 10);
  });
});
