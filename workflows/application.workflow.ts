/**
 * One workflow per application (依申请公开), from receipt to conclusion.
 *
 * Staff actions arrive as Updates. Each has a synchronous validator that runs the pure state machine
 * (`decide`): a refused action throws there and leaves no trace in the workflow history. An accepted
 * action changes the state at once and then waits until its transition is recorded in PostgreSQL, so
 * when the API answers, the read model already shows it.
 *
 * Transitions are numbered here (seq 1, 2, …) and written in that order by an idempotent activity:
 * a retried activity, or a workflow replayed on another worker, writes nothing twice.
 *
 * Legal periods end by durable timers set to absolute instants: a supplement, consultation or fee
 * period lapsing, and the deadline reminders (5 and 1 working days before, on the day, then every
 * working day overdue). Every clock change re-arms them.
 *
 * Running cases keep the behaviour they began with: every behaviour change is behind `patched()`
 * (PATCHES in ./definitions), and recorded histories of every kind of case replay in CI (tests/replay).
 * A long case continues as new when Temporal suggests it, carrying its state and bookkeeping.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type ApplicationEvent,
  type ApplicationState,
  type Command,
  type DecisionContext,
  type RuleViolation,
  CURRENT_RULES,
  decide,
  initialState,
  isConcluded,
  isPaused,
  lapseSchedule,
  recountWindows,
  registeredEvent,
  replyClockRuns,
  replyDeadline,
  rulesOf,
} from '../libs/domain/application';
import { type WorkingDayCalendar, sharedCalendar } from '../libs/domain/calendar';
import { type IsoDate, dateInShanghai, endOfDayInShanghai } from '../libs/domain/dates';
import { type ReminderNotice, lateEntryNotice, nextReminder, reminderNotice } from '../libs/domain/reminders';
import type { RecordingActivities } from '../activities/recording.activities';
import type { NotificationActivities } from '../activities/notification.activities';
import {
  type ApplicationView,
  type ApplicationWorkflowInput,
  type CalendarSnapshot,
  PATCHES,
  RECORDING_REFUSED_FAILURE,
  RULE_VIOLATION_FAILURE,
  applicationViewQuery,
  calendarChangedSignal,
  carryOverSignal,
  staffActionUpdates,
} from './definitions';

const { recordTransition } = proxyActivities<RecordingActivities>({
  startToCloseTimeout: '10 seconds',
  // No attempt limit: a transition must eventually be recorded, however long the database is away.
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const { recordNotification } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const { deliverNotification } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '15 seconds',
  // Webhook and e-mail are best effort after the in-app notification is stored.
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 8,
  },
});

const HOUR_MS = 3_600_000;

/** A refused staff action, as the failure the API turns into 409 with the rule's code. */
function ruleViolation(violation: RuleViolation): ApplicationFailure {
  return ApplicationFailure.create({
    type: RULE_VIOLATION_FAILURE,
    message: violation.message,
    details: [violation.code],
    nonRetryable: true,
  });
}

/**
 * Where legal dates fall in real time. With the legal clock, a day ends at midnight China Standard Time
 * and reminders go out at 09:00. With a shrunk clock (tests), each working day after the workflow's first
 * day lasts `workingDayMs`, counted from the workflow's start.
 */
class Timeline {
  constructor(
    private readonly workingDayMs: number | null,
    private readonly anchorDay: IsoDate,
    private readonly anchorMs: number,
  ) {}

  private shrunkEnd(day: IsoDate, calendar: WorkingDayCalendar): number {
    return this.anchorMs + calendar.workingDaysUntil(this.anchorDay, day) * this.workingDayMs!;
  }

  /** The instant the day ends: a period whose last day it is lapses then. */
  endOf(day: IsoDate, calendar: WorkingDayCalendar): number {
    return this.workingDayMs === null ? endOfDayInShanghai(day) : this.shrunkEnd(day, calendar);
  }

  /** The instant a reminder for the day goes out. */
  reminderAt(day: IsoDate, calendar: WorkingDayCalendar): number {
    return this.workingDayMs === null
      ? endOfDayInShanghai(day) - 15 * HOUR_MS
      : this.shrunkEnd(day, calendar) - this.workingDayMs;
  }

  /** The legal day it is now. */
  currentDay(now: number, calendar: WorkingDayCalendar): IsoDate {
    if (this.workingDayMs === null) return dateInShanghai(now);
    const k = Math.ceil((now - this.anchorMs) / this.workingDayMs);
    return k <= 0 ? this.anchorDay : calendar.addWorkingDays(this.anchorDay, k).due;
  }
}

/** A recording the database refused for good (SQLSTATE class 22 or 23): retrying cannot fix it. */
function refusedByDatabase(err: unknown): boolean {
  return (
    err instanceof ActivityFailure &&
    err.cause instanceof ApplicationFailure &&
    (err.cause.nonRetryable || err.cause.type === 'InvalidRecord')
  );
}

export async function applicationWorkflow(input: ApplicationWorkflowInput): Promise<ApplicationView> {
  const { registration } = input;
  const carried = input.continuation ?? null;
  /** A new run for a concluded application whose decision a reviewing body corrected (issue 8). */
  const reopening = carried && input.reopen && patched(PATCHES.reopen) ? input.reopen : null;
  let state: ApplicationState =
    carried?.state ??
    initialState(registration, patched(PATCHES.rules2) ? (patched(PATCHES.rules3) ? CURRENT_RULES : 2) : 1);
  let seq = carried?.seq ?? 0;
  /** The chain of recordings, in order; a failed one does not stop the next. */
  let recorded: Promise<void> = Promise.resolve();
  let calendarVersion = input.calendar.version;
  // The same instance for every workflow with these arrangements (the same counts, built once).
  let calendar: WorkingDayCalendar = sharedCalendar(input.calendar.arrangements);
  let calendarArrangements = input.calendar.arrangements;
  let pendingCalendar: CalendarSnapshot | null = null;
  /** Bumped by every transition, so the timer loop re-arms. */
  let changes = 0;
  const deliveries: Promise<unknown>[] = [];
  // A reopened case's shrunk timeline (tests) starts afresh with its new run.
  const anchor = (!reopening && carried?.anchor) || { day: dateInShanghai(Date.now()), ms: Date.now() };
  const timeline = new Timeline(input.timing.workingDayMs, anchor.day, anchor.ms);
  /** The last reminder sent, per deadline. */
  let lastReminder: { dueOn: IsoDate; offset: number } | null = carried?.lastReminder ?? null;
  /** Late-entry notices sent (rules 2), by key. */
  const lateEntryNotices = new Set<string>(carried?.lateEntryNotices ?? []);

  const context = (): DecisionContext => ({ today: dateInShanghai(Date.now()), calendar });
  const view = (): ApplicationView => ({ applicationId: registration.applicationId, version: seq, state });

  /** Number the event, and chain its recording after every earlier one. */
  const record = (event: ApplicationEvent, next: ApplicationState): Promise<void> => {
    seq += 1;
    changes += 1;
    const numbered = seq;
    const deadline = replyDeadline(next, calendar);
    const transition = {
      applicationId: registration.applicationId,
      agencyId: registration.agencyId,
      workflowId: workflowInfo().workflowId,
      seq,
      event,
      occurredAt: new Date(Date.now()).toISOString(),
      registration,
      state: next,
      deadline: {
        replyDueOn: replyClockRuns(next) ? deadline.due : null,
        provisional: deadline.provisional,
        paused: isPaused(next),
        calendarVersion,
      },
    };
    const done = recorded.then(() => recordTransition({ ...transition, seq: numbered }));
    recorded = done.catch(() => undefined);
    return done;
  };

  /** Decides the command against the current state; a refusal is thrown as the rule it breaks. */
  const decideOrThrow = (command: Command) => {
    const decision = decide(state, command, context());
    if (!decision.ok) throw ruleViolation(decision.violation);
    return decision;
  };

  /** `imported`: a step of an imported case taken again; its event says so (and gets no new notice). */
  const apply = async (command: Command, imported = false): Promise<void> => {
    const decision = decideOrThrow(command);
    const before = { state, seq };
    state = decision.next;
    const event = imported
      ? { ...decision.event, payload: { ...decision.event.payload, imported: true } }
      : decision.event;
    try {
      await record(event, state);
    } catch (err) {
      if (!refusedByDatabase(err) || !patched(PATCHES.recordingRefused)) throw err;
      // Nothing was recorded: leave the case as it was, if nothing came after it.
      if (seq === before.seq + 1) {
        state = before.state;
        seq = before.seq;
        changes += 1;
      }
      throw ApplicationFailure.create({
        type: RECORDING_REFUSED_FAILURE,
        message: `数据库拒绝记录该办理步骤，申请未作改变：${(err as ActivityFailure).cause?.message ?? ''}`,
        nonRetryable: true,
      });
    }
  };

  /** Stores a notice in-app (once per key), then sends it by webhook and e-mail without waiting. */
  const notify = async (notice: ReminderNotice, kind: string): Promise<void> => {
    await recordNotification({
      ...notice,
      kind,
      agencyId: registration.agencyId,
      applicationId: registration.applicationId,
    });
    deliveries.push(deliverNotification(notice.key).catch(() => undefined));
  };

  setHandler(applicationViewQuery, view);
  setHandler(calendarChangedSignal, (snapshot) => {
    if (snapshot.version > calendarVersion) pendingCalendar = snapshot;
  });
  setHandler(carryOverSignal, async (signal) => {
    // Year end (年度结转): recorded once per year through the usual path; a duplicate or a refused
    // carry-over (concluded, received later, already carried) records nothing. Cases whose history
    // predates this never received the signal, so the patch marker only appears where it is recorded.
    if (!patched(PATCHES.carryOver)) return;
    const year = signal && typeof signal === 'object' ? Number(signal.year) : NaN;
    try {
      await apply({ type: 'carryOver', year });
    } catch {
      // Refused by the rules or by the database: nothing was recorded, and the year end says so.
    }
  });
  for (const [name, update] of Object.entries(staffActionUpdates)) {
    setHandler(
      update,
      async (command: Command) => {
        await apply({ ...command, type: name } as Command);
        return view();
      },
      {
        validator: (command: Command) => {
          if (command === null || typeof command !== 'object') {
            throw ruleViolation({ code: 'MISSING_FIELD', message: '缺少办理内容' });
          }
          decideOrThrow({ ...command, type: name } as Command);
        },
      },
    );
  }

  if (!carried) {
    await record(registeredEvent(registration, input.actor), state);
    if (input.importedSteps?.length && patched(PATCHES.importedSteps)) {
      // An imported open application (历史数据导入) takes its steps so far again, with their real
      // dates. The import checked them against these rules; one refused after all (the calendar changed
      // in between) records nothing, and the case waits there for staff, as after any refused action.
      for (const step of input.importedSteps) {
        try {
          await apply(step, true);
        } catch (err) {
          if (!(err instanceof ApplicationFailure)) throw err;
          break;
        }
      }
    }
  } else if (reopening && isConcluded(state)) {
    // Reopen from the recorded state. Refused (the API checked the same rule before starting this run)
    // or refused by the database, the case stays concluded and this run ends.
    try {
      await apply({
        type: 'reopen',
        reviewCaseId: reopening.reviewCaseId,
        reviewCaseKind: reopening.reviewCaseKind,
        reopenedOn: reopening.reopenedOn,
        replyDueOn: reopening.replyDueOn,
        actor: reopening.actor,
      });
    } catch (err) {
      if (!(err instanceof ApplicationFailure)) throw err;
    }
  }

  while (!isConcluded(state)) {
    if (pendingCalendar) {
      // An admin entered a year's arrangement: count with it from now on, and say what it changed.
      const snapshot: CalendarSnapshot = pendingCalendar;
      pendingCalendar = null;
      const before = replyDeadline(state, calendar);
      calendar = sharedCalendar(snapshot.arrangements);
      calendarArrangements = snapshot.arrangements;
      calendarVersion = snapshot.version;
      // Rules 2: the windows still open are recounted too, so no lapse fires on a provisional date.
      const recount = rulesOf(state) >= 2 ? recountWindows(state, calendar) : null;
      if (recount) state = recount.next;
      const after = replyDeadline(state, calendar);
      await record(
        {
          type: 'deadline_recomputed',
          businessDate: null,
          actor: null,
          payload: {
            calendarVersion,
            previousDue: before.due,
            due: after.due,
            provisional: after.provisional,
            ...(recount ? { windows: recount.changed } : {}),
          },
        },
        state,
      );
      continue;
    }

    const info = workflowInfo();
    const limit = input.timing.continueAsNewAfterEvents ?? null;
    if (
      (info.continueAsNewSuggested || (limit !== null && info.historyLength >= limit)) &&
      patched(PATCHES.continueAsNew)
    ) {
      // Keep the history short: finish what is in hand, then go on in a new run with the same state.
      await condition(allHandlersFinished);
      await recorded;
      await Promise.all(deliveries);
      if (pendingCalendar === null && !isConcluded(state)) {
        await continueAsNew<typeof applicationWorkflow>({
          ...input,
          calendar: { version: calendarVersion, arrangements: calendarArrangements },
          continuation: {
            state,
            seq,
            lastReminder,
            lateEntryNotices: [...lateEntryNotices],
            anchor,
            run: (carried?.run ?? 0) + 1,
          },
        });
      }
      continue;
    }

    const now = Date.now();
    const lapse = lapseSchedule(state, calendar)[0] ?? null;
    const lapseAt = lapse ? timeline.endOf(lapse.firesAfter, calendar) : Infinity;
    // Rules 2: when a period ends with a grace for late entries, the registrar is told at its end.
    const lateNotice =
      lapse && lapse.firesAfter !== lapse.lastDay && lapse.command.type !== 'lapseConsultation'
        ? lateEntryNotice(registration, lapse.command.type, lapse.lastDay, lapse.firesAfter)
        : null;
    const lateNoticeAt =
      lateNotice && !lateEntryNotices.has(lateNotice.key)
        ? timeline.endOf(lapse!.lastDay, calendar)
        : Infinity;

    let reminder: { offset: number; day: IsoDate; dueOn: IsoDate; at: number } | null = null;
    if (replyClockRuns(state) && !isPaused(state)) {
      const dueOn = replyDeadline(state, calendar).due;
      const last = lastReminder && lastReminder.dueOn === dueOn ? lastReminder.offset : null;
      const next = nextReminder(dueOn, last, timeline.currentDay(now, calendar), calendar);
      reminder = { ...next, dueOn, at: timeline.reminderAt(next.day, calendar) };
    }

    const wakeAt = Math.min(lapseAt, lateNoticeAt, reminder?.at ?? Infinity);
    if (wakeAt > now) {
      const seen = changes;
      const woken = () => changes !== seen || pendingCalendar !== null;
      const moved =
        wakeAt === Infinity
          ? (await condition(woken), true)
          : await condition(woken, Math.max(1, wakeAt - now));
      if (moved) continue;
    }

    if (lapse && lapseAt <= Date.now()) {
      try {
        await apply(lapse.command);
      } catch (err) {
        if (!(err instanceof ApplicationFailure && err.type === RECORDING_REFUSED_FAILURE)) throw err;
        // The database refused the lapse for good: the case shows as stuck; try again in an hour.
        const seen = changes;
        await condition(() => changes !== seen || pendingCalendar !== null, '1 hour');
      }
      continue;
    }
    if (lateNotice && lateNoticeAt <= Date.now()) {
      lateEntryNotices.add(lateNotice.key);
      await notify(lateNotice, 'late_entry_reminder');
      continue;
    }
    if (reminder && reminder.at <= Date.now()) {
      const notice = reminderNotice(registration, reminder.dueOn, reminder.offset, reminder.day);
      lastReminder = { dueOn: reminder.dueOn, offset: reminder.offset };
      await notify(notice, 'deadline_reminder');
    }
  }

  await condition(allHandlersFinished);
  await recorded;
  await Promise.all(deliveries);
  return view();
}
