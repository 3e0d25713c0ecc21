/**
 * Accounts agencies manage (issue 10). An admin manages the accounts of their own agency and of every
 * agency grouped under it (children, their children, …): creates them (the first admin of a new
 * department included), renames them, changes their roles, deactivates and reactivates them, resets
 * their passwords. Every change is an `account_events` row (who, what, when). Accounts of any other
 * agency answer 404, as if they did not exist.
 */
import { randomInt } from 'node:crypto';
import { HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { changedRoles, rolesOutOfReach, sameRoles } from '../../../../libs/domain/accounts';
import { type Role, holdsAnyRole } from '../../../../libs/domain/roles';
import { agencyTree } from '../../../../platform/agency-tree';
import { hashPassword, verifyPassword } from '../../../../platform/passwords';
import { ConflictError, ForbiddenError } from '../common/http-exception.filter';
import { badRequest } from '../common/validation';
import {
  ACCOUNT_EVENT_LABELS,
  type AccountEventDto,
  type AccountEventKind,
  type AccountEventPageDto,
  type CreateUserDto,
  type ListUsersQuery,
  type ResetPasswordAnswerDto,
  type UpdateUserDto,
  type UserDto,
  type UserPageDto,
} from './account.dto';
import { AuthService } from './auth.service';
import { type StaffUser, actorOf } from './auth.types';
import {
  type AccountRow,
  accountEvents,
  findAccount,
  insertAccount,
  listAccounts,
  otherActiveAdmins,
  passwordOf,
  recordAccountEvent,
  setAccountActive,
  setPassword,
  updateAccountProfile,
} from '../../../../platform/database/repositories/accounts.repository';
import { deleteSessionsOf } from '../../../../platform/database/repositories/sessions.repository';

/** Temporary passwords: 12 characters without look-alikes (0/O, 1/l/I). */
const TEMPORARY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
const TEMPORARY_LENGTH = 12;

export function temporaryPassword(): string {
  let s = '';
  for (let i = 0; i < TEMPORARY_LENGTH; i++) s += TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)];
  return s;
}

type UserRow = AccountRow;

function toUserDto(r: UserRow): UserDto {
  return {
    id: r.id,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    username: r.username,
    displayName: r.display_name,
    roles: r.roles,
    active: r.active,
    mustChangePassword: r.must_change_password,
    lastSignInAt: r.last_sign_in_at ? new Date(r.last_sign_in_at).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** 403 when `roles` holds a role the admin may not grant or remove (libs/domain/accounts.ts). */
function requireGrantable(admin: StaffUser, roles: readonly Role[]): void {
  const out = rolesOutOfReach(admin.roles, roles);
  if (out.length) {
    throw new ForbiddenError('ROLE_NOT_GRANTABLE', `不能授予或取消自己不具有的角色：${out.join('、')}`);
  }
}

/** 403 when the account holds a role above the admin's: it is not theirs to edit, stop or reset. */
function requireWithinReach(admin: StaffUser, user: { roles: Role[]; platform_admin?: boolean }): void {
  // A platform administrator (平台管理员) is above every agency admin: only another one may manage it.
  if (user.platform_admin && !admin.platformAdmin) {
    throw new ForbiddenError('ACCOUNT_OUT_OF_REACH', '该账号是平台管理员，不能由机关管理员管理');
  }
  const out = rolesOutOfReach(admin.roles, user.roles);
  if (out.length) {
    throw new ForbiddenError(
      'ACCOUNT_OUT_OF_REACH',
      `该账号具有您没有的角色（${out.join('、')}），不能由您管理`,
    );
  }
}

function notFound(id: string): NotFoundException {
  return new NotFoundException({ statusCode: 404, error: 'Not Found', message: `没有编号为 ${id} 的用户` });
}

@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly auth: AuthService,
  ) {}

  /** The admin's agency and every agency grouped under it, at any depth. */
  managedAgencies(admin: StaffUser, db: DataSource | EntityManager = this.db): Promise<string[]> {
    return agencyTree(db, admin.agencyId);
  }

  /** The account, when it belongs to an agency the admin manages; 404 otherwise. */
  private async managedUser(admin: StaffUser, id: string, db: DataSource | EntityManager, lock = false) {
    const row = await findAccount(db, id, lock);
    if (!row || !(await this.managedAgencies(admin, db)).includes(row.agency_id)) throw notFound(id);
    return row;
  }

  private async record(
    db: DataSource | EntityManager,
    actor: StaffUser,
    user: { id: string; agency_id: string },
    kind: AccountEventKind,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    await recordAccountEvent(db, {
      userId: user.id,
      agencyId: user.agency_id,
      kind,
      actorUserId: actor.id,
      actor: actorOf(actor),
      detail,
    });
  }

  /**
   * Refuses (409) a change that would leave the user's agency without an active admin. Locks the agency
   * row first, so two admins deactivating each other at once cannot both succeed.
   */
  private async keepAnActiveAdmin(db: EntityManager, user: UserRow, message: string): Promise<void> {
    if (!user.active || !holdsAnyRole(user.roles, ['admin'])) return;
    const n = await otherActiveAdmins(db, user.agency_id, user.id);
    if (n === 0) throw new ConflictError('LAST_ACTIVE_ADMIN', message);
  }

  async list(admin: StaffUser, q: ListUsersQuery): Promise<UserPageDto> {
    const managed = await this.managedAgencies(admin);
    const agencyId = q.agencyId ?? admin.agencyId;
    if (!managed.includes(agencyId))
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `没有编号为 ${agencyId} 的机关`,
      });
    let agencies = [agencyId];
    if (q.includeSubAgencies === 'true') agencies = await agencyTree(this.db, agencyId);
    const { rows, total } = await listAccounts(this.db, agencies, {
      active: q.active === undefined ? undefined : q.active === 'true',
      page: q.page,
      pageSize: q.pageSize,
    });
    return { items: rows.map(toUserDto), total, page: q.page, pageSize: q.pageSize };
  }

  async get(admin: StaffUser, id: string): Promise<UserDto> {
    return toUserDto(await this.managedUser(admin, id, this.db));
  }

  /** A new account in the admin's agency or one under it (403 for any other agency). */
  async create(admin: StaffUser, dto: CreateUserDto): Promise<UserDto> {
    requireGrantable(admin, dto.roles);
    const agencyId = dto.agencyId ?? admin.agencyId;
    if (!(await this.managedAgencies(admin)).includes(agencyId)) {
      throw new ForbiddenError('AGENCY_NOT_MANAGED', '只能为本机关或下属机关创建账号');
    }
    const passwordHash = await hashPassword(dto.password);
    return this.db.transaction(async (m) => {
      const inserted = await insertAccount(m, {
        agencyId,
        username: dto.username,
        displayName: dto.displayName.trim(),
        passwordHash,
        roles: dto.roles,
      });
      if (!inserted) throw new ConflictError('USERNAME_TAKEN', `用户名“${dto.username}”已被使用`);
      const user = await this.managedUser(admin, inserted, m);
      await this.record(m, admin, user, 'created', {
        username: user.username,
        displayName: user.display_name,
        roles: user.roles,
      });
      return toUserDto(user);
    });
  }

  async update(admin: StaffUser, id: string, dto: UpdateUserDto): Promise<UserDto> {
    if (dto.displayName === undefined && dto.roles === undefined) {
      throw badRequest([{ field: 'body', reasons: ['give displayName or roles (or both)'] }]);
    }
    try {
      return await this.db.transaction(async (m) => {
        const user = await this.managedUser(admin, id, m, true);
        requireWithinReach(admin, user);
        const detail: Record<string, unknown> = {};
        const displayName = dto.displayName?.trim() ?? user.display_name;
        if (displayName !== user.display_name)
          detail.displayName = { from: user.display_name, to: displayName };
        const roles = dto.roles ?? user.roles;
        if (!sameRoles(user.roles, roles)) {
          requireGrantable(admin, changedRoles(user.roles, roles));
          detail.roles = { from: user.roles, to: roles };
          if (!holdsAnyRole(roles, ['admin'])) {
            await this.keepAnActiveAdmin(
              m,
              user,
              '不能取消本机关最后一位在用管理员的管理员角色，请先为其他人设置管理员角色',
            );
          }
        }
        if (Object.keys(detail).length === 0) return toUserDto(user);
        await updateAccountProfile(m, id, displayName, roles);
        await this.record(m, admin, user, 'updated', detail);
        return toUserDto(await this.managedUser(admin, id, m));
      });
    } finally {
      // Committed or not: this process reads the account's sessions afresh (issue 12, session-cache.ts).
      this.auth.forgetUser(id);
    }
  }

  /** Deactivates (停用) the account and ends its sessions at once; already inactive: unchanged. */
  async deactivate(admin: StaffUser, id: string): Promise<UserDto> {
    try {
      return await this.db.transaction(async (m) => {
        const user = await this.managedUser(admin, id, m, true);
        if (user.id === admin.id) throw new ConflictError('CANNOT_DEACTIVATE_SELF', '不能停用自己的账号');
        requireWithinReach(admin, user);
        if (!user.active) return toUserDto(user);
        await this.keepAnActiveAdmin(
          m,
          user,
          '不能停用本机关最后一位在用的管理员，请先为其他人设置管理员角色',
        );
        await setAccountActive(m, id, false);
        await deleteSessionsOf(m, id);
        await this.record(m, admin, user, 'deactivated');
        return toUserDto(await this.managedUser(admin, id, m));
      });
    } finally {
      // Committed or not: this process reads the account's sessions afresh (issue 12, session-cache.ts).
      this.auth.forgetUser(id);
    }
  }

  /** Reactivates (启用) the account; already active: unchanged. */
  async reactivate(admin: StaffUser, id: string): Promise<UserDto> {
    try {
      return await this.db.transaction(async (m) => {
        const user = await this.managedUser(admin, id, m, true);
        if (user.active) return toUserDto(user);
        requireWithinReach(admin, user);
        await setAccountActive(m, id, true);
        await this.record(m, admin, user, 'reactivated');
        return toUserDto(await this.managedUser(admin, id, m));
      });
    } finally {
      // Committed or not: this process reads the account's sessions afresh (issue 12, session-cache.ts).
      this.auth.forgetUser(id);
    }
  }

  /**
   * Sets a temporary password (the one given, or a generated one), ends the account's sessions and
   * makes the person set a password of their own at next sign-in. The temporary password is answered
   * this once and never stored but as a hash.
   */
  async resetPassword(admin: StaffUser, id: string, given?: string): Promise<ResetPasswordAnswerDto> {
    if (id === admin.id) {
      throw new ConflictError('CANNOT_RESET_OWN_PASSWORD', '不能重置自己的密码，请使用“修改密码”');
    }
    const password = given ?? temporaryPassword();
    const passwordHash = await hashPassword(password);
    try {
      return await this.db.transaction(async (m) => {
        const user = await this.managedUser(admin, id, m, true);
        requireWithinReach(admin, user);
        await setPassword(m, id, passwordHash, true);
        await deleteSessionsOf(m, id);
        await this.record(m, admin, user, 'password_reset', { generated: given === undefined });
        return { user: toUserDto(await this.managedUser(admin, id, m)), temporaryPassword: password };
      });
    } finally {
      // Committed or not: this process reads the account's sessions afresh (issue 12, session-cache.ts).
      this.auth.forgetUser(id);
    }
  }

  async events(admin: StaffUser, id: string, page: number, pageSize: number): Promise<AccountEventPageDto> {
    await this.managedUser(admin, id, this.db);
    const { rows, total } = await accountEvents<AccountEventKind>(this.db, id, page, pageSize);
    const items: AccountEventDto[] = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      kindLabel: ACCOUNT_EVENT_LABELS[r.kind],
      actor: r.actor,
      detail: r.detail,
      at: new Date(r.at).toISOString(),
    }));
    return { items, total, page, pageSize };
  }

  /**
   * The signed-in person sets a new password: the current one must match (400 otherwise), the new one
   * must differ; clears must-change, and ends every other session of theirs (this one stays).
   */
  async changeOwnPassword(
    user: StaffUser,
    token: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<{ changed: true }> {
    const row = await passwordOf(this.db, user.id);
    if (!row || !(await verifyPassword(currentPassword, row.password_hash))) {
      throw wrongPassword('currentPassword', '当前密码不正确', 'WRONG_CURRENT_PASSWORD');
    }
    if (newPassword === currentPassword) {
      throw wrongPassword('newPassword', '新密码不能与当前密码相同', 'PASSWORD_UNCHANGED');
    }
    const passwordHash = await hashPassword(newPassword);
    await this.db.transaction(async (m) => {
      await setPassword(m, user.id, passwordHash, false);
      await this.record(m, user, row, 'password_changed');
    });
    await this.auth.endSessionsOf(user.id, token);
    return { changed: true };
  }
}

/** 400 naming the field, with a code the console can tell apart. */
function wrongPassword(field: string, reason: string, code: string): HttpException {
  const err = badRequest([{ field, reasons: [reason] }]);
  const body = err.getResponse() as Record<string, unknown>;
  return new HttpException({ ...body, code, message: reason }, 400);
}
