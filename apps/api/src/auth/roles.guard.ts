/**
 * Who may call an endpoint, said once on its handler: `@RequireRoles(...)` (or `@RequireAction(action)`,
 * which reads the roles of a staff action from libs/domain/roles.ts, or `@RequirePlatformAdmin(...)`),
 * checked by one global guard that runs after the AuthGuard has set the user. What depends on data (the
 * role a task is offered to, the roles of an assignee) is checked where the data is, with the same domain
 * predicate (`holdsAnyRole`).
 */
import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ACTION_ROLES,
  PLATFORM_ROLE_LABELS,
  ROLE_LABELS,
  type Role,
  type StaffAction,
  holdsAnyRole,
} from '../../../../libs/domain/roles';
import { ForbiddenError } from '../common/http-exception.filter';
import type { StaffUser } from './auth.types';

/** The 403 a refused user gets: `code` names the rule, `message` says it in Chinese. */
export interface Refusal {
  code: string;
  message: string;
}

export interface RoleRequirement {
  /** Any one of these agency roles lets the user through. */
  roles: readonly Role[];
  /** A platform administrator (平台管理员, not an agency role) is let through as well. */
  platformAdmin: boolean;
  refusal: Refusal;
}

export const ROLE_REQUIREMENT = 'ogi:roleRequirement';

/** 403 ROLE_REQUIRED naming the roles by their codes: `管理用户需要“admin”角色`. */
export function roleRequired(roles: readonly Role[], what: string): Refusal {
  return { code: 'ROLE_REQUIRED', message: `${what}需要${roles.map((r) => `“${r}”`).join('或')}角色` };
}

/** 403 ROLE_NOT_ALLOWED naming the roles by their labels: `此操作需要承办人角色`. */
export function roleNotAllowed(roles: readonly Role[], what: string): Refusal {
  return {
    code: 'ROLE_NOT_ALLOWED',
    message: `${what}需要${roles.map((r) => ROLE_LABELS[r]).join('或')}角色`,
  };
}

export function forbidden(refusal: Refusal): ForbiddenError {
  return new ForbiddenError(refusal.code, refusal.message);
}

/**
 * The endpoint needs one of `roles`; anyone else gets 403 with `refusal` (a text `what` is 403
 * ROLE_REQUIRED, `${what}需要“role”角色`). `platformAdmin` lets a platform administrator through too.
 */
export function RequireRoles(
  roles: readonly Role[],
  refusal: string | Refusal,
  options: { platformAdmin?: boolean } = {},
): MethodDecorator & ClassDecorator {
  const requirement: RoleRequirement = {
    roles,
    platformAdmin: options.platformAdmin ?? false,
    refusal: typeof refusal === 'string' ? roleRequired(roles, refusal) : refusal,
  };
  return SetMetadata(ROLE_REQUIREMENT, requirement);
}

/** The endpoint performs a staff action: the roles are the action's (`ACTION_ROLES`), else 403 ROLE_NOT_ALLOWED. */
export function RequireAction(action: StaffAction): MethodDecorator & ClassDecorator {
  return RequireRoles(ACTION_ROLES[action], roleNotAllowed(ACTION_ROLES[action], '此操作'));
}

/** The platform administrator's work (平台管理员): no agency role grants it; 403 PLATFORM_ADMIN_REQUIRED. */
export function RequirePlatformAdmin(what: string): MethodDecorator & ClassDecorator {
  return RequireRoles(
    [],
    {
      code: 'PLATFORM_ADMIN_REQUIRED',
      message: `${what}需要“${PLATFORM_ROLE_LABELS.platform_admin}”（platform_admin）角色：全国节假日安排由平台统一录入，机关管理员不能录入`,
    },
    { platformAdmin: true },
  );
}

/** Whether the user meets the requirement (the one test the guard makes). */
export function meetsRequirement(user: StaffUser, requirement: RoleRequirement): boolean {
  return (requirement.platformAdmin && user.platformAdmin) || holdsAnyRole(user.roles, requirement.roles);
}

/** Checks the handler's (or its controller's) `@RequireRoles`; registered globally after the AuthGuard. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const requirement = this.reflector.getAllAndOverride<RoleRequirement | undefined>(ROLE_REQUIREMENT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!requirement) return true;
    const user = context.switchToHttp().getRequest<{ user?: StaffUser }>().user;
    if (!user || !meetsRequirement(user, requirement)) throw forbidden(requirement.refusal);
    return true;
  }
}
