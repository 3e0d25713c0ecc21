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
  registeredEvent,
} from '../libs/domain/application';
import { BUILT_IN_CALENDAR } from '../libs/domain/calendar';
import { dateInShanghai, endOfDayInShanghai } from '../libs/domain/dates';
import type { RecordingActivities } from '../activities/recording.activities';
import {
  type ApplicationView,
  type ApplicationWorkflowInput,
  RULE_VIOLATION_FAILURE,
  applicationViewQuery,
  staffActionUpdates,
} from './definitions';

const { recordTransition } = proxyActivities<RecordingActivities>({
  startToCloseTimeout: '10 seconds',
  // No attempt limit: a transition must eventually be recorded, however long the database is away.
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** A refused staff action, as the failure the API turns into 409 with the rule's code. */
function ruleViolation(violation: RuleViolation): ApplicationFailure {
  return ApplicationFailure.create({
    type: RULE_VIOLATION_FAILURE,
    message: violation.message,
    details: [violation.code],
    nonRetryable: true,
  });
}

export async function applicationWorkflow(input: ApplicationWorkflowInput): Promise<ApplicationView> {
  const { registration } = input;
  let state: ApplicationState = initialState(registration);
  let seq = 0;
  let recorded: Promise<void> = Promise.resolve();
  /** Workflow time at which the pending supplement request was recorded (for shrunk timers). */
  let supplementRequestedAtMs = 0;

  const context = (): DecisionContext => ({ today: dateInShanghai(Date.now()), calendar: BUILT_IN_CALENDAR });
  const view = (): ApplicationView => ({ applicationId: registration.applicationId, version: seq, state });

  /** Number the event, and chain its recording after every earlier one. */
  const record = (event: ApplicationEvent, next: ApplicationState): Promise<void> => {
    seq += 1;
    const transition = {
      applicationId: registration.applicationId,
      agencyId: registration.agencyId,
      workflowId: workflowInfo().workflowId,
      seq,
      event,
      occurredAt: new Date(Date.now()).toISOString(),
      registration,
      state: next,
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
    if (decision.event.type === 'supplement_requested') supplementRequestedAtMs = Date.now();
    return record(decision.event, state);
  };

  setHandler(applicationViewQuery, view);
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
    const supplement = state.status === 'supplement_requested' ? state.supplement : null;
    if (supplement) {
      // Timer from the absolute end of the supplement period (or its shrunk equivalent in tests).
      const lapseAtMs =
        input.timing.workingDayMs !== null
          ? supplementRequestedAtMs + supplement.periodWorkingDays * input.timing.workingDayMs
          : endOfDayInShanghai(supplement.dueOn);
      const waitMs = Math.max(1, lapseAtMs - Date.now());
      const moved = await condition(() => state.status !== 'supplement_requested', waitMs);
      if (!moved) await apply({ type: 'lapseSupplement' });
    } else {
      await condition(() => isConcluded(state) || state.status === 'supplement_requested');
    }
  }

  await condition(allHandlersFinished);
  await recorded;
  return view();
}
