/** Creating agencies and staff accounts outside the API: the demo agency at start, test fixtures. */
import type { Client } from 'pg';
import type { Role } from '../libs/domain/roles';
import { hashPassword } from './passwords';

export interface StaffAccount {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  /** A platform administrator (平台管理员): enters the national working-day calendar. */
  platformAdmin?: boolean;
  /** Tests only: a hash of `password` computed once and reused (scrypt at N = 2^17 takes ~0.5 s). */
  passwordHash?: string;
}

/** The demo agency's accounts, one per role (shown in the README). */
export const DEMO_ACCOUNTS: StaffAccount[] = [
  { username: 'dengji', displayName: '登记员 王敏', password: 'demo-dengji', roles: ['registrar'] },
  { username: 'chengban', displayName: '承办人 李强', password: 'demo-chengban', roles: ['handler'] },
  { username: 'shenhe', displayName: '审核人 张华', password: 'demo-shenhe', roles: ['reviewer'] },
  { username: 'guanli', displayName: '管理员 赵静', password: 'demo-guanli', roles: ['admin'] },
];

/** The demo platform administrator (平台管理员, no agency role): enters the working-day calendar. */
export const DEMO_PLATFORM_ADMIN: StaffAccount = {
  username: 'pingtai',
  displayName: '平台管理员 孙伟',
  password: 'demo-pingtai',
  roles: [],
  platformAdmin: true,
};

export async function ensureAgency(
  client: Client,
  agency: { code: string; name: string; parentId?: string | null },
): Promise<{ id: string; code: string; name: string }> {
  await client.query(
    `INSERT INTO agencies (code, name, parent_id) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`,
    [agency.code, agency.name, agency.parentId ?? null],
  );
  const { rows } = await client.query<{ id: string; code: string; name: string }>(
    `SELECT id, code, name FROM agencies WHERE code = $1`,
    [agency.code],
  );
  return rows[0];
}

/** Creates the account unless the username exists; returns its id. */
export async function ensureStaffAccount(
  client: Client,
  agencyId: string,
  account: StaffAccount,
): Promise<string> {
  const existing = await client.query<{ id: string }>(`SELECT id FROM users WHERE username = $1`, [
    account.username,
  ]);
  if (existing.rows.length) return existing.rows[0].id;
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO users (agency_id, username, display_name, password_hash, roles, platform_admin)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (username) DO UPDATE SET username = EXCLUDED.username RETURNING id`,
    [
      agencyId,
      account.username,
      account.displayName,
      account.passwordHash ?? (await hashPassword(account.password)),
      account.roles,
      account.platformAdmin ?? false,
    ],
  );
  return rows[0].id;
}
