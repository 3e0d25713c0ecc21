import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts agencies manage (issue 10): `users.must_change_password` (set by a password reset, cleared
 * when the person sets their own), `users.last_sign_in_at` (kept by a trigger on each new session), and
 * `account_events`, the record of who did what to an account and when.
 */
export class AccountManagement1764700000000 implements MigrationInterface {
  name = 'AccountManagement1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE users ADD COLUMN last_sign_in_at timestamptz`);
    await q.query(`
      CREATE FUNCTION users_record_sign_in() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE users SET last_sign_in_at = NEW.created_at WHERE id = NEW.user_id;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER sessions_record_sign_in AFTER INSERT ON sessions
        FOR EACH ROW EXECUTE FUNCTION users_record_sign_in()`);
    await q.query(`
      CREATE TABLE account_events (
        id bigserial PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        kind varchar(32) NOT NULL CHECK (kind IN ('created', 'updated', 'deactivated', 'reactivated',
          'password_reset', 'password_changed')),
        actor_user_id uuid REFERENCES users(id),
        actor text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_account_events_user ON account_events (user_id, at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE account_events`);
    await q.query(`DROP TRIGGER sessions_record_sign_in ON sessions`);
    await q.query(`DROP FUNCTION users_record_sign_in()`);
    await q.query(`ALTER TABLE users DROP COLUMN last_sign_in_at`);
    await q.query(`ALTER TABLE users DROP COLUMN must_change_password`);
  }
}
