import { createHash, randomBytes } from 'node:crypto';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { verifyPassword } from '../../../../platform/passwords';
import type { Role } from '../../../../libs/domain/roles';
import type { StaffUser } from './auth.types';

const SESSION_HOURS = 12;

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

interface UserRow {
  id: string;
  agency_id: string;
  username: string;
  display_name: string;
  roles: Role[];
  password_hash: string;
  active: boolean;
  must_change_password?: boolean;
  platform_admin: boolean;
}

function toUser(r: UserRow): StaffUser {
  return {
    id: r.id,
    agencyId: r.agency_id,
    username: r.username,
    displayName: r.display_name,
    roles: r.roles,
    mustChangePassword: r.must_change_password === true,
    platformAdmin: r.platform_admin,
  };
}

@Injectable()
export class AuthService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Checks the password and opens a session; the same answer for an unknown user and a wrong password. */
  async signIn(
    username: string,
    password: string,
  ): Promise<{ token: string; expiresAt: string; user: StaffUser }> {
    const [row] = (await this.db.query(`SELECT * FROM users WHERE username = $1`, [username])) as UserRow[];
    const ok = row && row.active ? await verifyPassword(password, row.password_hash) : false;
    if (!row || !ok) {
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        message: '用户名或密码不正确',
      });
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_HOURS * 3_600_000);
    await this.db.query(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`, [
      tokenHash(token),
      row.id,
      expiresAt,
    ]);
    return { token, expiresAt: expiresAt.toISOString(), user: toUser(row) };
  }

  async authenticate(token: string): Promise<StaffUser | null> {
    const [row] = (await this.db.query(
      `SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`,
      [tokenHash(token)],
    )) as UserRow[];
    return row ? toUser(row) : null;
  }

  async signOut(token: string): Promise<void> {
    await this.db.query(`DELETE FROM sessions WHERE token_hash = $1`, [tokenHash(token)]);
  }

  // ---- issue 10: accounts agencies manage (see accounts.service.ts) ----

  /** Ends every session of the user, or every one but the session of `keepToken`. */
  async endSessionsOf(userId: string, keepToken?: string): Promise<void> {
    await this.db.query(`DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2`, [
      userId,
      keepToken ? tokenHash(keepToken) : null,
    ]);
  }
}
