/**
 * The contract between the API and the application workflow: input, updates (staff actions), signals,
 * query. Safe to import from the client side: it only defines names and types.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ApplicationState, Registration, StaffCommand } from '../libs/domain/application';
import type { HolidayArrangement } from '../libs/domain/calendar';

export const APPLICATION_WORKFLOW_TYPE = 'applicationWorkflow';

export interface WorkflowTiming {
  /**
   * Real milliseconds per legal working day for timers, or null for the legal instants themselves.
   * Only tests and demonstrations shrink time; the business dates recorded are the legal ones either way.
   */
  workingDayMs: number | null;
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
} as const;

export type StaffActionName = keyof typeof staffActionUpdates;

export const applicationViewQuery = defineQuery<ApplicationView>('applicationView');

/** An admin entered or corrected a year's holiday arrangement: recompute deadlines with it. */
export const calendarChangedSignal = defineSignal<[CalendarSnapshot]>('calendarChanged');

/** The failure type a staff action is rejected with; its details carry the rule's code. */
export const RULE_VIOLATION_FAILURE = 'RuleViolation';
