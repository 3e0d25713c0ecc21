/**
 * `npm run create-platform-admin -- --username NAME --password PASSWORD [--display-name 名称]
 *   [--agency CODE [--agency-name 机关名称]]` (after a build, with OGI_DATABASE_URL): creates a platform
 * administrator (平台管理员) — the account that enters the national working-day calendar — on a
 * production install. The username and password may come from OGI_PLATFORM_ADMIN_USERNAME and
 * OGI_PLATFORM_ADMIN_PASSWORD instead (keeps the password out of the shell history). The account holds
 * no agency role; it belongs to the agency `--agency` (by code; created with `--agency-name` if missing),
 * by default the only top-level agency. An existing username is made a platform admin (its password is
 * left as it is). Exit code 0 on success, 2 on bad arguments or when the database cannot be reached.
 */
import { Client } from 'pg';
import { ConfigError, loadConfig } from '../platform/config';
import { migrate } from '../platform/database/data-source';
import { ensureAgency, ensureStaffAccount } from '../platform/staff';

const USAGE =
  'usage: npm run create-platform-admin -- --username NAME --password PASSWORD [--display-name 名称] ' +
  '[--agency CODE [--agency-name 机关名称]]  (or OGI_PLATFORM_ADMIN_USERNAME / OGI_PLATFORM_ADMIN_PASSWORD)';

class UsageError extends Error {}

export interface PlatformAdminArgs {
  username: string;
  password: string;
  displayName: string;
  agencyCode: string | null;
  agencyName: string | null;
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): PlatformAdminArgs {
  const given: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--(username|password|display-name|agency|agency-name)(?:=(.*))?$/.exec(a);
    if (!m) throw new UsageError(a === '--help' || a === '-h' ? '' : `unknown argument "${a}"`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${m[1]} needs a value`);
    given[m[1]] = value;
  }
  const username = given.username ?? env.OGI_PLATFORM_ADMIN_USERNAME ?? '';
  const password = given.password ?? env.OGI_PLATFORM_ADMIN_PASSWORD ?? '';
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(username))
    throw new UsageError('username must be 2–64 lowercase letters, digits, . _ or - (--username)');
  if (password.length < 10 || password.length > 200)
    throw new UsageError('password must be 10 to 200 characters (--password)');
  return {
    username,
    password,
    displayName: given['display-name'] ?? `平台管理员 ${username}`,
    agencyCode: given.agency ?? null,
    agencyName: given['agency-name'] ?? null,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { databaseUrl } = loadConfig();
  await migrate(databaseUrl);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let agencyId: string;
    if (args.agencyCode && args.agencyName) {
      agencyId = (await ensureAgency(client, { code: args.agencyCode, name: args.agencyName })).id;
    } else if (args.agencyCode) {
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM agencies WHERE code = $1`, [
        args.agencyCode,
      ]);
      if (!rows.length)
        throw new UsageError(`no agency with code "${args.agencyCode}" (add --agency-name to create it)`);
      agencyId = rows[0].id;
    } else {
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM agencies WHERE parent_id IS NULL`);
      if (rows.length !== 1)
        throw new UsageError(
          `${rows.length} top-level agencies: name the platform admin's agency with --agency CODE` +
            (rows.length ? '' : ' --agency-name 机关名称'),
        );
      agencyId = rows[0].id;
    }
    const existing = await client.query(`UPDATE users SET platform_admin = true WHERE username = $1`, [
      args.username,
    ]);
    if (existing.rowCount) {
      console.log(`[ogi] ${args.username} exists: now a platform admin (平台管理员); password unchanged`);
      return;
    }
    await ensureStaffAccount(client, agencyId, {
      username: args.username,
      displayName: args.displayName,
      password: args.password,
      roles: [],
      platformAdmin: true,
    });
    console.log(`[ogi] platform admin (平台管理员) ${args.username} created`);
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    if (err instanceof UsageError) console.error(err.message ? `[ogi] ${err.message}\n${USAGE}` : USAGE);
    else if (err instanceof ConfigError) console.error(`[ogi] ${err.message}`);
    else console.error('[ogi] create-platform-admin failed:', err instanceof Error ? err.message : err);
    process.exit(2);
  });
}
