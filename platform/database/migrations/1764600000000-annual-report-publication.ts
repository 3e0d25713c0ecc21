import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Publishing the annual report (issue 9): `report_drafts` holds the narrative sections (一, 五, 六) staff
 * write for an agency and year, with their placeholders; `published_reports` the published snapshots,
 * version 1 the first publication and 2… the restatements (更正), each the full report document as
 * published (rendered sections, templates, tables, checks), never updated.
 */
export class AnnualReportPublication1764600000000 implements MigrationInterface {
  name = 'AnnualReportPublication1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_drafts (
        agency_id uuid NOT NULL REFERENCES agencies(id),
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        overview text NOT NULL DEFAULT '',
        problems text NOT NULL DEFAULT '',
        other_matters text NOT NULL DEFAULT '',
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agency_id, year)
      )`);
    await q.query(`
      CREATE TABLE published_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        version int NOT NULL CHECK (version >= 1),
        kind varchar(16) NOT NULL CHECK (kind IN ('original', 'restatement')),
        reason text,
        document jsonb NOT NULL,
        published_by text NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_published_reports_version UNIQUE (agency_id, year, version),
        CONSTRAINT ck_published_reports_kind CHECK (
          (kind = 'original' AND version = 1 AND reason IS NULL)
          OR (kind = 'restatement' AND version > 1 AND reason IS NOT NULL AND btrim(reason) <> ''))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE published_reports`);
    await q.query(`DROP TABLE report_drafts`);
  }
}
