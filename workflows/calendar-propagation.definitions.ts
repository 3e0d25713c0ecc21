/**
 * The contract of the calendar propagation workflow (issue 10): it brings one calendar version to every
 * open application. Safe to import from the client side.
 */
export const CALENDAR_PROPAGATION_WORKFLOW_TYPE = 'calendarPropagationWorkflow';

/** The workflow id of a propagation: derived from its id, so a second start is a no-op. */
export function calendarPropagationWorkflowId(propagationId: string): string {
  return `calendar-propagation-${propagationId}`;
}

export interface CalendarPropagationInput {
  propagationId: string;
  /** The calendar version it sends (the `calendar_years` id of the entry). */
  version: number;
  /** Applications per page (default 200) and pages per run before continuing as new (default 50). */
  pageSize?: number;
  pagesPerRun?: number;
  /** Present when the run continued as new: the last application id done. */
  continuation?: { after: string | null };
}
