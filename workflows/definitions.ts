/**
 * The contract between the API and the application workflow: input, updates (staff actions), signals,
 * query. Safe to import from the client side: it only defines names and types.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { ApplicationState, Registration, StaffCommand } from '../libs/domain/application';
import type { HolidayArrangement } from '../libs/domain/calendar';

export const APPLICATION_WORKFLOW_TYPE = 'applicationWorkflow';

export interface WorkflowTiming {
  /**
   * Real milliseconds per legal working day for timers, or null for the legal instants themselves.
   * Only tests and demonstrations shrink time; the business dates recorded are the legal ones either way.
   */
  workingDayMs: number | null;
  /**
   * Continue as new once the history has this many events, besides when Temporal suggests it (tests
   * force it with a small number; null: only when suggested).
   */
  continueAsNewAfterEvents?: number | null;
}

/** What a workflow that continued as new carries into its next run. */
export interface WorkflowContinuation {
  state: ApplicationState;
  /** The sequence number of the last transition recorded. */
  seq: number;
  /** The last deadline reminder sent, per deadline. */
  lastReminder: { dueOn: string; offset: number } | null;
  /** The late-entry notices already sent (their keys). */
  lateEntryNotices: string[];
  /** The shrunk timeline's anchor (tests), so legal days keep their place across runs. */
  anchor: { day: string; ms: number };
  /** How many runs came before this one. */
  run: number;
}

/** The working-day calendar a workflow counts with, carried in its history so replay never changes it. */
export interface CalendarSnapshot {
  version: number;
  arrangements: HolidayArrangement[];
}

export interface ApplicationWorkflowInput {
  registration: Registration;
  actor: string | null;
  timing: WorkflowTiming;
  calendar: CalendarSnapshot;
  /** Present when the workflow continued as new: the case goes on from here. */
  continuation?: WorkflowContinuation;
  /**
   * Present in a new run started for a concluded application whose decision a reviewing body corrected
   * (review cases): the run reopens the case from its `continuation` (the read model's state and
   * version) and it goes on as usual.
   */
  reopen?: ReopenRequest;
  /**
   * Present for an open application brought in by the legacy import (历史数据导入): the steps it had
   * been through, with their real dates, taken again right after the registration (the import checked
   * them against the same rules).
   */
  importedSteps?: StaffCommand[];
}

/** What a new run for a reopened application applies first (libs/domain/application.ts, `reopen`). */
export interface ReopenRequest {
  reviewCaseId: string;
  reviewCaseKind: string;
  /** The day the agency received the reviewing body's decision. */
  reopenedOn: string;
  /** The deadline the reviewing body set, or null for a fresh statutory period. */
  replyDueOn: string | null;
  actor: string | null;
}

/** What the workflow answers to a query or a completed update. */
export interface ApplicationView {
  applicationId: string;
  /** The sequence number of the last transition. */
  version: number;
  state: ApplicationState;
}

type Cmd<T extends StaffCommand['type']> = Extract<StaffCommand, { type: T }>;

/** Staff actions, one Update each; each takes the command of the same type. */
export const staffActionUpdates = {
  accept: defineUpdate<ApplicationView, [Cmd<'accept'>]>('accept'),
  requestSupplement: defineUpdate<ApplicationView, [Cmd<'requestSupplement'>]>('requestSupplement'),
  recordSupplement: defineUpdate<ApplicationView, [Cmd<'recordSupplement'>]>('recordSupplement'),
  draftDecision: defineUpdate<ApplicationView, [Cmd<'draftDecision'>]>('draftDecision'),
  returnDecision: defineUpdate<ApplicationView, [Cmd<'returnDecision'>]>('returnDecision'),
  approveDecision: defineUpdate<ApplicationView, [Cmd<'approveDecision'>]>('approveDecision'),
  deliver: defineUpdate<ApplicationView, [Cmd<'deliver'>]>('deliver'),
  withdraw: defineUpdate<ApplicationView, [Cmd<'withdraw'>]>('withdraw'),
  startConsultation: defineUpdate<ApplicationView, [Cmd<'startConsultation'>]>('startConsultation'),
  recordConsultationReply: defineUpdate<ApplicationView, [Cmd<'recordConsultationReply'>]>(
    'recordConsultationReply',
  ),
  approveExtension: defineUpdate<ApplicationView, [Cmd<'approveExtension'>]>('approveExtension'),
  issueFeeNotice: defineUpdate<ApplicationView, [Cmd<'issueFeeNotice'>]>('issueFeeNotice'),
  recordFeePayment: defineUpdate<ApplicationView, [Cmd<'recordFeePayment'>]>('recordFeePayment'),
  requestReasons: defineUpdate<ApplicationView, [Cmd<'requestReasons'>]>('requestReasons'),
  setLaterDeadline: defineUpdate<ApplicationView, [Cmd<'setLaterDeadline'>]>('setLaterDeadline'),
  // Issue 16: departments (new updates: additive, a case that never receives them replays as before).
  routeToDepartments: defineUpdate<ApplicationView, [Cmd<'routeToDepartments'>]>('routeToDepartments'),
  signForRouting: defineUpdate<ApplicationView, [Cmd<'signForRouting'>]>('signForRouting'),
  returnRouting: defineUpdate<ApplicationView, [Cmd<'returnRouting'>]>('returnRouting'),
  recordContribution: defineUpdate<ApplicationView, [Cmd<'recordContribution'>]>('recordContribution'),
} as const satisfies {
  // Every staff action of the domain's catalogue (libs/domain/staff-actions.ts) is an update taking its command.
  [A in StaffCommand['type']]: UpdateDefinition<ApplicationView, [Cmd<A>]>;
};

export type StaffActionName = keyof typeof staffActionUpdates;

export const applicationViewQuery = defineQuery<ApplicationView>('applicationView');

/** An admin entered or corrected a year's holiday arrangement: recompute deadlines with it. */
export const calendarChangedSignal = defineSignal<[CalendarSnapshot]>('calendarChanged');

/** Year end (年度结转): the case was open on 31 December of `year`; it records the carry-over once. */
export const carryOverSignal = defineSignal<[{ year: number }]>('carryOver');

/** The failure type a staff action is rejected with; its details carry the rule's code. */
export const RULE_VIOLATION_FAILURE = 'RuleViolation';

/** The failure type of a staff action whose transition the database refused (nothing was recorded). */
export const RECORDING_REFUSED_FAILURE = 'RecordingRefused';

/**
 * Patch ids (`patched()`) of behaviour changes to running workflows. A case whose history was made
 * before a change keeps the behaviour it had; `tests/replay` replays recorded histories of every kind
 * of case to prove it.
 */
export const PATCHES = {
  /** Issue 7: the case follows rules 2 (libs/domain/application.ts, CURRENT_RULES). */
  rules2: 'rules-2026-11',
  /** Issue 7: a long case continues as new, carrying its state, timers and reminder bookkeeping. */
  continueAsNew: 'continue-as-new-2026-11',
  /** Issue 7: a transition the database refuses fails its update and leaves the state as it was. */
  recordingRefused: 'recording-refused-2026-11',
  /** Issue 8: the year-end signal records a `carried_over` transition (once per year). */
  carryOver: 'carry-over-2026-11',
  /** Issue 8: a new run started for a corrected review case reopens the concluded application. */
  reopen: 'reopen-2026-11',
  /** Issue 11: an imported open application takes its steps so far again after the registration. */
  importedSteps: 'imported-steps-2026-11',
  /** Issue 16: the case follows rules 3 (a repeated application names the earlier reply). */
  rules3: 'rules-3-2026-11',
} as const;
