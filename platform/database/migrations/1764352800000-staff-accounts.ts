import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff accounts with roles, sign-in sessions, and agencies grouped under a government. */
export class StaffAccounts1764352800000 implements MigrationInterface {
  name = 'StaffAccounts1764352800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agencies ADD COLUMN parent_id uuid REFERENCES agencies(id)`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        username varchar(64) NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_users_agency ON users (agency_id)`);
    await q.query(`
      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_sessions_user ON sessions (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE users`);
    await q.query(`ALTER TABLE agencies DROP COLUMN parent_id`);
  }
}
