/**
 * Staff roles (角色) and what each may do. A user holds one or more roles within one agency.
 */
import type { StaffCommand } from './application';

export const ROLES = ['registrar', 'handler', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  registrar: '登记员',
  handler: '承办人',
  reviewer: '审核人',
  admin: '管理员',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export type StaffAction = StaffCommand['type'] | 'register';

/** Who may perform each staff action. */
export const ACTION_ROLES: Record<StaffAction, readonly Role[]> = {
  register: ['registrar'],
  accept: ['handler'],
  requestSupplement: ['handler'],
  recordSupplement: ['registrar', 'handler'],
  startConsultation: ['handler'],
  recordConsultationReply: ['registrar', 'handler'],
  issueFeeNotice: ['handler'],
  recordFeePayment: ['registrar', 'handler'],
  requestReasons: ['handler'],
  draftDecision: ['handler'],
  returnDecision: ['reviewer'],
  approveDecision: ['reviewer'],
  approveExtension: ['reviewer'],
  setLaterDeadline: ['reviewer'],
  deliver: ['registrar', 'handler'],
  withdraw: ['registrar', 'handler'],
};

/** Reviewers and admins oversee the whole agency's work: all its tasks, assigning, releasing. */
export function managesWork(roles: readonly Role[]): boolean {
  return roles.includes('reviewer') || roles.includes('admin');
}

export function mayPerform(roles: readonly Role[], action: StaffAction): boolean {
  return ACTION_ROLES[action].some((r) => roles.includes(r));
}
