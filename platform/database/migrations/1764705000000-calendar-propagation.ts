import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The national calendar is the platform's (issue 10): `users.platform_admin` marks the platform
 * administrators (平台管理员) who alone enter holiday arrangements — a flag apart from the agency roles, so
 * no agency admin can grant it through the user APIs; a platform admin needs no agency role. Each entry's
 * delivery to the open applications is a `calendar_propagations` row, written in the entry's transaction
 * and carried out by the calendar propagation workflow (its progress is recorded here page by page;
 * `cursor` is the last application id done, which keeps recording a page idempotent).
 */
export class CalendarPropagation1764705000000 implements MigrationInterface {
  name = 'CalendarPropagation1764705000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN platform_admin boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_roles_check`);
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 OR platform_admin)`,
    );
    await q.query(`
      CREATE TABLE calendar_propagations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        calendar_version int NOT NULL REFERENCES calendar_years(id),
        status varchar(16) NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'running', 'done', 'failed')),
        workflow_id text NOT NULL UNIQUE,
        total int NOT NULL DEFAULT 0,
        signalled int NOT NULL DEFAULT 0,
        skipped int NOT NULL DEFAULT 0,
        failed int NOT NULL DEFAULT 0,
        cursor uuid,
        error text,
        entered_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        workflow_started_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX ix_calendar_propagations_unstarted ON calendar_propagations (created_at)
        WHERE workflow_started_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_propagations`);
    await q.query(`DELETE FROM users WHERE cardinality(roles) = 0`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_roles_check`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0)`);
    await q.query(`ALTER TABLE users DROP COLUMN platform_admin`);
  }
}
