import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: formal notices (正式文书). An agency's template (name, seal text, number scheme, closing
 * paragraph); a counter per agency, kind and year, moved in the same transaction that inserts the
 * notice (a rolled-back insert leaves no gap); the notices, one per application and step (a retried
 * generation finds the one it made), each with its document, its .docx and (once printed) its PDF.
 */
export class FormalNotices1764800000000 implements MigrationInterface {
  name = 'FormalNotices1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notice_templates (
        agency_id uuid PRIMARY KEY REFERENCES agencies(id) ON DELETE CASCADE,
        agency_display_name text NOT NULL,
        seal_text text NOT NULL,
        number_prefix text NOT NULL DEFAULT '',
        kind_codes jsonb NOT NULL DEFAULT '{}'::jsonb,
        serial_style varchar(16) NOT NULL DEFAULT 'plain' CHECK (serial_style IN ('plain', 'ordinal')),
        closing_paragraph text,
        updated_by text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE notice_counters (
        agency_id uuid NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
        kind varchar(40) NOT NULL,
        year int NOT NULL,
        last_serial int NOT NULL,
        PRIMARY KEY (agency_id, kind, year)
      )`);
    await q.query(`
      CREATE TABLE notices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        agency_id uuid NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
        kind varchar(40) NOT NULL,
        year int NOT NULL,
        serial int NOT NULL CHECK (serial >= 1),
        number text NOT NULL,
        step_key varchar(80) NOT NULL,
        seq int,
        issued_on date NOT NULL,
        document jsonb NOT NULL,
        docx bytea NOT NULL,
        pdf bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivery_method varchar(32),
        delivered_on date,
        CONSTRAINT uq_notices_step UNIQUE (application_id, step_key),
        CONSTRAINT uq_notices_serial UNIQUE (agency_id, kind, year, serial),
        CONSTRAINT ck_notices_delivery CHECK ((delivery_method IS NULL) = (delivered_on IS NULL))
      )`);
    await q.query(`CREATE INDEX ix_notices_application ON notices (application_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notices`);
    await q.query(`DROP TABLE notice_counters`);
    await q.query(`DROP TABLE notice_templates`);
  }
}
