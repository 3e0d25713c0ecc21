import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Calendar versions entered by admins, notifications (reminders), and each application's deadline. */
export class DeadlinesAndNotifications1764345600000 implements MigrationInterface {
  name = 'DeadlinesAndNotifications1764345600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_years (
        id serial PRIMARY KEY,
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        off_days date[] NOT NULL,
        work_days date[] NOT NULL,
        notice text NOT NULL,
        entered_by text NOT NULL,
        entered_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_calendar_years_year ON calendar_years (year, id DESC)`);
    await q.query(`
      CREATE TABLE notifications (
        id bigserial PRIMARY KEY,
        key text NOT NULL UNIQUE,
        agency_id uuid REFERENCES agencies(id),
        application_id uuid REFERENCES applications(id),
        kind varchar(32) NOT NULL,
        audience_role varchar(16) NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        due_on date,
        offset_working_days int,
        escalated boolean NOT NULL DEFAULT false,
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        webhook_status varchar(16) NOT NULL DEFAULT 'none',
        webhook_attempts int NOT NULL DEFAULT 0,
        email_status varchar(16) NOT NULL DEFAULT 'none'
      )`);
    await q.query(`CREATE INDEX ix_notifications_agency ON notifications (agency_id, created_at DESC)`);
    await q.query(`CREATE INDEX ix_notifications_application ON notifications (application_id, id)`);
    await q.query(`ALTER TABLE agencies ADD COLUMN notification_email text`);
    await q.query(`
      ALTER TABLE applications
        ADD COLUMN reply_due_on date,
        ADD COLUMN reply_due_provisional boolean NOT NULL DEFAULT false,
        ADD COLUMN paused boolean NOT NULL DEFAULT false,
        ADD COLUMN calendar_version int NOT NULL DEFAULT 0,
        ADD COLUMN state jsonb`);
    await q.query(`CREATE INDEX ix_applications_agency_due ON applications (agency_id, reply_due_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_applications_agency_due`);
    await q.query(
      `ALTER TABLE applications DROP COLUMN reply_due_on, DROP COLUMN reply_due_provisional, DROP COLUMN paused`,
    );
    await q.query(`ALTER TABLE agencies DROP COLUMN notification_email`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE calendar_years`);
  }
}
