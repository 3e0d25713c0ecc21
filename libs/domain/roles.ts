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

/**
 * Platform roles, apart from the agency roles: they are not any agency's to give. The platform
 * administrator (平台管理员) keeps what is national — the working-day calendar. It is a flag on the account
 * (`users.platform_admin`), set only by `npm run create-platform-admin` (and the demo account), never
 * through the user APIs, which take `ROLES` only.
 */
export const PLATFORM_ROLES = ['platform_admin'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export const PLATFORM_ROLE_LABELS: Record<PlatformRole, string> = {
  platform_admin: '平台管理员',
};

export type StaffAction = StaffCommand['type'] | 'register';

/** Issue 16: whoever belongs to a department may act for it, whatever their agency role. */
const DEPARTMENT_STAFF_ROLES: readonly Role[] = ROLES;

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
  // Issue 16: a handler (or reviewer) routes to departments; what a department does is open to any staff
  // member of the agency, and the API lets through only members of that department (department_members).
  routeToDepartments: ['handler', 'reviewer'],
  signForRouting: DEPARTMENT_STAFF_ROLES,
  returnRouting: DEPARTMENT_STAFF_ROLES,
  recordContribution: DEPARTMENT_STAFF_ROLES,
};

/**
 * Whether someone holding `held` holds at least one of `required`: the one test behind every role rule
 * (the API's role guard, a task's role, an assignee's roles).
 */
export function holdsAnyRole(held: readonly Role[], required: readonly Role[]): boolean {
  return required.some((r) => held.includes(r));
}

/** Reviewers and admins oversee the whole agency's work: all its tasks, assigning, releasing. */
export const WORK_MANAGER_ROLES: readonly Role[] = ['reviewer', 'admin'];

export function managesWork(roles: readonly Role[]): boolean {
  return holdsAnyRole(roles, WORK_MANAGER_ROLES);
}

export function mayPerform(roles: readonly Role[], action: StaffAction): boolean {
  return holdsAnyRole(roles, ACTION_ROLES[action]);
}
