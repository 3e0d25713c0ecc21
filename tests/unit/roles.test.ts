import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { changedRoles, sameRoles } from '../../libs/domain/accounts';
import { REVIEW_CASE_ROLES } from '../../libs/domain/review-cases';
import {
  ACTION_ROLES,
  ROLES,
  type Role,
  type StaffAction,
  holdsAnyRole,
  managesWork,
  mayPerform,
} from '../../libs/domain/roles';
import { TASK_KIND_INFO } from '../../libs/domain/tasks';
import type { StaffUser } from '../../apps/api/src/auth/auth.types';
import {
  RequireAction,
  RequirePlatformAdmin,
  RequireRoles,
  RolesGuard,
  roleNotAllowed,
} from '../../apps/api/src/auth/roles.guard';

describe('holdsAnyRole', () => {
  it('is true when one of the required roles is held', () => {
    expect(holdsAnyRole(['handler'], ['registrar', 'handler'])).toBe(true);
    expect(holdsAnyRole(['reviewer'], ['registrar', 'handler'])).toBe(false);
    expect(holdsAnyRole([], ['admin'])).toBe(false);
    expect(holdsAnyRole(['admin'], [])).toBe(false);
  });

  it('is what mayPerform and managesWork ask', () => {
    for (const role of ROLES) {
      for (const action of Object.keys(ACTION_ROLES) as StaffAction[])
        expect(mayPerform([role], action)).toBe(ACTION_ROLES[action].includes(role));
      expect(managesWork([role])).toBe(role === 'reviewer' || role === 'admin');
    }
  });

  it('lets whoever holds a task’s role perform its action (the task path checks the task’s role only)', () => {
    for (const [kind, info] of Object.entries(TASK_KIND_INFO)) {
      const roles = info.action === 'recordReviewResult' ? REVIEW_CASE_ROLES : ACTION_ROLES[info.action];
      expect([kind, roles.includes(info.role)]).toEqual([kind, true]);
    }
  });
});

describe('changes of roles', () => {
  it('names what is granted, then what is removed', () => {
    expect(sameRoles(['handler', 'admin'], ['admin', 'handler'])).toBe(true);
    expect(sameRoles(['handler'], ['handler', 'admin'])).toBe(false);
    expect(changedRoles(['handler', 'reviewer'], ['handler', 'admin'])).toEqual(['admin', 'reviewer']);
  });
});

describe('RolesGuard', () => {
  const guard = new RolesGuard(new Reflector());
  const user = (roles: Role[], platformAdmin = false): StaffUser => ({
    id: 'u',
    agencyId: 'a',
    username: 'u',
    displayName: 'U',
    roles,
    platformAdmin,
  });
  /** The guard's view of a request to a handler carrying `decorator`, by `who`. */
  function check(decorator: MethodDecorator | null, who: StaffUser) {
    class Controller {
      handler(): void {}
    }
    const descriptor = Object.getOwnPropertyDescriptor(Controller.prototype, 'handler')!;
    if (decorator) decorator(Controller.prototype, 'handler', descriptor);
    const context = {
      getHandler: () => Controller.prototype.handler,
      getClass: () => Controller,
      switchToHttp: () => ({ getRequest: () => ({ user: who }) }),
    } as unknown as ExecutionContext;
    try {
      return guard.canActivate(context);
    } catch (err) {
      return (err as { getStatus(): number; getResponse(): unknown }).getResponse();
    }
  }

  it('lets anyone through a handler without a requirement', () => {
    expect(check(null, user([]))).toBe(true);
  });

  it('answers a staff action by its roles, 403 ROLE_NOT_ALLOWED naming them', () => {
    expect(check(RequireAction('deliver'), user(['handler']))).toBe(true);
    expect(check(RequireAction('deliver'), user(['reviewer']))).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      code: 'ROLE_NOT_ALLOWED',
      message: '此操作需要登记员或承办人角色',
    });
  });

  it('answers other roles 403 ROLE_REQUIRED naming the role codes, or the refusal given', () => {
    expect(check(RequireRoles(['admin'], '管理用户'), user(['reviewer']))).toMatchObject({
      code: 'ROLE_REQUIRED',
      message: '管理用户需要“admin”角色',
    });
    expect(
      check(RequireRoles(['reviewer', 'admin'], roleNotAllowed(['reviewer', 'admin'], '分派待办')), user([])),
    ).toMatchObject({ code: 'ROLE_NOT_ALLOWED', message: '分派待办需要审核人或管理员角色' });
  });

  it('lets a platform admin through only where the requirement says so', () => {
    expect(check(RequireRoles(['admin'], '查看'), user([], true))).toMatchObject({ code: 'ROLE_REQUIRED' });
    expect(check(RequireRoles(['admin'], '查看', { platformAdmin: true }), user([], true))).toBe(true);
    expect(check(RequirePlatformAdmin('录入节假日安排'), user(['admin']))).toMatchObject({
      code: 'PLATFORM_ADMIN_REQUIRED',
    });
    expect(check(RequirePlatformAdmin('录入节假日安排'), user([], true))).toBe(true);
  });
});
