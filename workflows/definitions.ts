/**
 * The contract between the API and the application workflow: input, updates (staff actions), query.
 * Safe to import from the client side: it only defines names and types.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ApplicationState, Registration, StaffCommand } from '../libs/domain/application';

export const APPLICATION_WORKFLOW_TYPE = 'applicationWorkflow';

export interface WorkflowTiming {
  /**
   * Real milliseconds per legal working day for timers, or null for the legal instants themselves.
   * Only tests and demonstrations shrink time; the business dates recorded are the legal ones either way.
   */
  workingDayMs: number | null;
}

export interface ApplicationWorkflowInput {
  registration: Registration;
  actor: string | null;
  timing: WorkflowTiming;
}

/** What the workflow answers to a query or a completed update. */
export interface ApplicationView {
  applicationId: string;
  /** The sequence number of the last transition. */
  version: number;
  state: ApplicationState;
}

/** Staff actions, one Update each; each takes the command of the same type. */
export const staffActionUpdates = {
  accept: defineUpdate<ApplicationView, [Extract<StaffCommand, { type: 'accept' }>]>('accept'),
  requestSupplement: defineUpdate<ApplicationView, [Extract<StaffCommand, { type: 'requestSupplement' }>]>(
    'requestSupplement',
  ),
  recordSupplement: defineUpdate<ApplicationView, [Extract<StaffCommand, { type: 'recordSupplement' }>]>(
    'recordSupplement',
  ),
  draftDecision: defineUpdate<ApplicationView, [Extract<StaffCommand, { type: 'draftDecision' }>]>(
    'draftDecision',
  ),
  returnDecision: defineUpdate<ApplicationView, [Extract<StaffCommand, { type: 'returnDecision' }>]>(
    'returnDecision',
  ),
  approveDecision: defineUpdate<ApplicationView, [Extract<StaffCommand, { type: 'approveDecision' }>]>(
    'approveDecision',
  ),
  deliver: defineUpdate<ApplicationView, [Extract<StaffCommand, { type: 'deliver' }>]>('deliver'),
  withdraw: defineUpdate<ApplicationView, [Extract<StaffCommand, { type: 'withdraw' }>]>('withdraw'),
} as const;

export type StaffActionName = keyof typeof staffActionUpdates;

export const applicationViewQuery = defineQuery<ApplicationView>('applicationView');

/** The failure type a staff action is rejected with; its details carry the rule's code. */
export const RULE_VIOLATION_FAILURE = 'RuleViolation';
