/**
 * The code lists with their Chinese labels (代码表), in one place: GET /api/reference serves them and the
 * staff console shows every code through them, keeping no label table of its own.
 */
import { APPLICANT_TYPES, APPLICANT_TYPE_LABELS } from './applicant';
import {
  APPLICATION_STATUSES,
  APPLICATION_STATUS_LABELS,
  CONSULTATION_ANSWERS,
  CONSULTATION_KINDS,
  CONSULTATION_KIND_LABELS,
  DELIVERY_METHODS,
  DELIVERY_METHOD_LABELS,
  EVENT_TYPES,
  EVENT_TYPE_LABELS,
} from './application';
import { RECEIPT_CHANNELS, RECEIPT_CHANNEL_RULES } from './channel';
import { NOTICE_KINDS, NOTICE_KIND_LABELS } from './notices';
import { DRAFTABLE_OUTCOMES, OUTCOME_CODES, OUTCOME_LABELS } from './outcome';
import { DOCUMENT_KINDS, DOCUMENT_KIND_LABELS, FIGURE_KEYS, FIGURE_LABELS } from './proactive-disclosure';
import { REPORT_SECTIONS, TABLE3_LAYOUT } from './report-document';
import {
  REOPEN_STATES,
  REOPEN_STATE_LABELS,
  REVIEW_CASE_KINDS,
  REVIEW_CASE_KIND_LABELS,
  REVIEW_RESULTS,
  REVIEW_RESULT_LABELS,
} from './review-cases';
import { CALENDAR_PROPAGATION_STATUSES, CALENDAR_PROPAGATION_STATUS_LABELS } from './calendar';
import { PLATFORM_ROLES, PLATFORM_ROLE_LABELS, ROLES, ROLE_LABELS } from './roles';
import {
  CONSULTATION_ANSWER_LABELS,
  FEE_METHODS,
  FEE_METHOD_LABELS,
  STAFF_ACTIONS,
  STAFF_ACTION_TYPES,
} from './staff-actions';
import { TASK_KINDS, TASK_KIND_INFO } from './tasks';

export interface CodeLabel {
  code: string;
  label: string;
}

const list = <C extends string>(codes: readonly C[], labels: Record<C, string>): CodeLabel[] =>
  codes.map((code) => ({ code, label: labels[code] }));

/** Every code list, as GET /api/reference answers. */
export function referenceLists() {
  return {
    applicantTypes: list(APPLICANT_TYPES, APPLICANT_TYPE_LABELS),
    channels: RECEIPT_CHANNELS.map((code) => ({ code, ...RECEIPT_CHANNEL_RULES[code] })),
    outcomes: OUTCOME_CODES.map((code) => ({
      code,
      label: OUTCOME_LABELS[code],
      draftable: DRAFTABLE_OUTCOMES.includes(code),
    })),
    statuses: list(APPLICATION_STATUSES, APPLICATION_STATUS_LABELS),
    deliveryMethods: list(DELIVERY_METHODS, DELIVERY_METHOD_LABELS),
    eventTypes: list(EVENT_TYPES, EVENT_TYPE_LABELS),
    roles: list(ROLES, ROLE_LABELS),
    platformRoles: list(PLATFORM_ROLES, PLATFORM_ROLE_LABELS),
    staffActions: STAFF_ACTION_TYPES.map((code) => ({ code, label: STAFF_ACTIONS[code].label })),
    consultationKinds: list(CONSULTATION_KINDS, CONSULTATION_KIND_LABELS),
    consultationAnswers: list(CONSULTATION_ANSWERS, CONSULTATION_ANSWER_LABELS),
    feeMethods: list(FEE_METHODS, FEE_METHOD_LABELS),
    taskKinds: TASK_KINDS.map((code) => ({ code, label: TASK_KIND_INFO[code].label })),
    reviewCaseKinds: list(REVIEW_CASE_KINDS, REVIEW_CASE_KIND_LABELS),
    reviewResults: list(REVIEW_RESULTS, REVIEW_RESULT_LABELS),
    reopenStates: list(REOPEN_STATES, REOPEN_STATE_LABELS),
    calendarPropagationStatuses: list(CALENDAR_PROPAGATION_STATUSES, CALENDAR_PROPAGATION_STATUS_LABELS),
    noticeKinds: list(NOTICE_KINDS, NOTICE_KIND_LABELS),
    documentKinds: list(DOCUMENT_KINDS, DOCUMENT_KIND_LABELS),
    disclosureFigures: list(FIGURE_KEYS, FIGURE_LABELS),
    reportSections: REPORT_SECTIONS.map((s) => ({ code: s.content, label: s.heading })),
    reportTables: [
      { code: 'table2', label: '表二' },
      { code: 'table3', label: '表三' },
      { code: 'table4', label: '表四' },
    ],
    table3Rows: TABLE3_LAYOUT.flatMap((r) => (r.key ? [{ code: r.key, label: r.label }] : [])),
  };
}

export type ReferenceLists = ReturnType<typeof referenceLists>;
