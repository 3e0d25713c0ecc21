import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10, safe defaults: failed sign-ins (shared by every API process, for throttling per account and
 * per client address) and the last use of each session (for the idle timeout).
 *
 * No migration ever created a user (demo accounts come from `./ogi start` with OGI_DEMO_AGENCY), so
 * there is no seeded account to remove here; a demo account's published password is refused at sign-in
 * when the demo is off (apps/api/src/auth/demo-accounts.ts).
 */
export class SafeDefaults1764710000000 implements MigrationInterface {
  name = 'SafeDefaults1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sign_in_attempts (
        id bigserial PRIMARY KEY,
        username text NOT NULL,
        address text NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_sign_in_attempts_username ON sign_in_attempts (username, attempted_at)`);
    await q.query(`CREATE INDEX ix_sign_in_attempts_address ON sign_in_attempts (address, attempted_at)`);
    await q.query(`CREATE INDEX ix_sign_in_attempts_time ON sign_in_attempts (attempted_at)`);
    await q.query(`ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`CREATE INDEX ix_sessions_expiry ON sessions (expires_at)`);
    await q.query(`CREATE INDEX ix_sessions_last_seen ON sessions (last_seen_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_sessions_last_seen`);
    await q.query(`DROP INDEX ix_sessions_expiry`);
    await q.query(`ALTER TABLE sessions DROP COLUMN last_seen_at`);
    await q.query(`DROP TABLE sign_in_attempts`);
  }
}
