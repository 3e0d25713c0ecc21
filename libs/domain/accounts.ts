/**
 * Who may hand out which role (issue 10). An admin gives and takes the agency's working roles (those
 * that perform staff actions: registrar, handler, reviewer) and the roles they hold themselves (admin);
 * no one grants, removes or overrides a role they do not hold — so a role above an agency's admin (a
 * platform-level one) can neither be granted by an agency admin nor its holder's account be taken over
 * (edited, deactivated, its password reset) by one.
 */
import { ACTION_ROLES, type Role } from './roles';

/**
 * The working roles: those that perform staff actions, admin excepted — a department's steps are open to
 * every role of its members (issue 16), admin included, and that makes admin no working role.
 */
const WORKING_ROLES: readonly Role[] = [...new Set(Object.values(ACTION_ROLES).flat())].filter(
  (r) => r !== 'admin',
);

/** The roles someone holding `actorRoles` may grant or remove. */
export function grantableRoles(actorRoles: readonly Role[]): Set<Role> {
  return new Set<Role>([...WORKING_ROLES, ...actorRoles]);
}

/** The roles among `roles` that someone holding `actorRoles` may not grant, remove or override. */
export function rolesOutOfReach(actorRoles: readonly Role[], roles: readonly Role[]): Role[] {
  const grantable = grantableRoles(actorRoles);
  return roles.filter((r) => !grantable.has(r));
}

/** Whether a change of roles from `before` to `after` leaves them as they were (same count, none new). */
export function sameRoles(before: readonly Role[], after: readonly Role[]): boolean {
  return after.length === before.length && after.every((r) => before.includes(r));
}

/** The roles a change from `before` to `after` grants, then those it removes. */
export function changedRoles(before: readonly Role[], after: readonly Role[]): Role[] {
  return [...after.filter((r) => !before.includes(r)), ...before.filter((r) => !after.includes(r))];
}
