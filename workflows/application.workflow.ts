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
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
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
  decide,
  initialState,
  isConcluded,
  isPaused,
  pendingLapses,
  registeredEvent,
  replyClockRuns,
  replyDeadline,
} from '../libs/domain/application';
import { WorkingDayCalendar } from '../libs/domain/calendar';
import { type IsoDate, dateInShanghai, endOfDayInShanghai } from '../libs/domain/dates';
import { nextReminder, reminderNotice } from '../libs/domain/reminders';
import type { RecordingActivities } from '../activities/recording.activities';
import type { NotificationActivities } from '../activities/notification.activities';
import {
  type ApplicationView,
  type ApplicationWorkflowInput,
  type CalendarSnapshot,
  RULE_VIOLATION_FAILURE,
  applicationViewQuery,
  calendarChangedSignal,
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

export async function applicationWorkflow(input: ApplicationWorkflowInput): Promise<ApplicationView> {
  const { registration } = input;
  let state: ApplicationState = initialState(registration);
  let seq = 0;
  let recorded: Promise<void> = Promise.resolve();
  let calendarVersion = input.calendar.version;
  let calendar = new WorkingDayCalendar(input.calendar.arrangements);
  let pendingCalendar: CalendarSnapshot | null = null;
  /** Bumped by every transition, so the timer loop re-arms. */
  let changes = 0;
  const deliveries: Promise<unknown>[] = [];
  const timeline = new Timeline(input.timing.workingDayMs, dateInShanghai(Date.now()), Date.now());
  /** The last reminder sent, per deadline. */
  let lastReminder: { dueOn: IsoDate; offset: number } | null = null;

  const context = (): DecisionContext => ({ today: dateInShanghai(Date.now()), calendar });
  const view = (): ApplicationView => ({ applicationId: registration.applicationId, version: seq, state });

  /** Number the event, and chain its recording after every earlier one. */
  const record = (event: ApplicationEvent, next: ApplicationState): Promise<void> => {
    seq += 1;
    changes += 1;
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
    recorded = recorded.then(() => recordTransition(transition));
    return recorded;
  };

  /** Decides the command against the current state; a refusal is thrown as the rule it breaks. */
  const decideOrThrow = (command: Command) => {
    const decision = decide(state, command, context());
    if (!decision.ok) throw ruleViolation(decision.violation);
    return decision;
  };

  const apply = (command: Command): Promise<void> => {
    const decision = decideOrThrow(command);
    state = decision.next;
    return record(decision.event, state);
  };

  setHandler(applicationViewQuery, view);
  setHandler(calendarChangedSignal, (snapshot) => {
    if (snapshot.version > calendarVersion) pendingCalendar = snapshot;
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

  await record(registeredEvent(registration, input.actor), state);

  while (!isConcluded(state)) {
    if (pendingCalendar) {
      // An admin entered a year's arrangement: count with it from now on, and say what it changed.
      const snapshot: CalendarSnapshot = pendingCalendar;
      pendingCalendar = null;
      const before = replyDeadline(state, calendar);
      calendar = new WorkingDayCalendar(snapshot.arrangements);
      calendarVersion = snapshot.version;
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
          },
        },
        state,
      );
      continue;
    }

    const now = Date.now();
    const lapse = pendingLapses(state)[0] ?? null;
    const lapseAt = lapse ? timeline.endOf(lapse.lastDay, calendar) : Infinity;

    let reminder: { offset: number; day: IsoDate; dueOn: IsoDate; at: number } | null = null;
    if (replyClockRuns(state) && !isPaused(state)) {
      const dueOn = replyDeadline(state, calendar).due;
      const last = lastReminder && lastReminder.dueOn === dueOn ? lastReminder.offset : null;
      const next = nextReminder(dueOn, last, timeline.currentDay(now, calendar), calendar);
      reminder = { ...next, dueOn, at: timeline.reminderAt(next.day, calendar) };
    }

    const wakeAt = Math.min(lapseAt, reminder?.at ?? Infinity);
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
      await apply(lapse.command);
      continue;
    }
    if (reminder && reminder.at <= Date.now()) {
      const notice = reminderNotice(registration, reminder.dueOn, reminder.offset, reminder.day);
      lastReminder = { dueOn: reminder.dueOn, offset: reminder.offset };
      await recordNotification({
        ...notice,
        kind: 'deadline_reminder',
        agencyId: registration.agencyId,
        applicationId: registration.applicationId,
      });
      deliveries.push(deliverNotification(notice.key).catch(() => undefined));
    }
  }

  await condition(allHandlersFinished);
  await recorded;
  await Promise.all(deliveries);
  return view();
}
