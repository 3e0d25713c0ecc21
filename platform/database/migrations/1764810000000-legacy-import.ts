import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: legacy import (历史数据导入). `applications.source` says where an application came from
 * (`registered` through the API and its workflow, `import` from an agency's spreadsheet of past
 * applications). `import_jobs` holds each upload: its file's SHA-256 (the same file imports once per
 * agency), the validated rows (so an interrupted job resumes from `done` after a restart), its progress,
 * and for a rejected file the problems found. `lease_until` says which API process works on a job.
 */
export class LegacyImport1764810000000 implements MigrationInterface {
  name = 'LegacyImport1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE applications ADD COLUMN source varchar(16) NOT NULL DEFAULT 'registered'
         CONSTRAINT ck_applications_source CHECK (source IN ('registered', 'import'))`,
    );
    await q.query(`
      CREATE TABLE import_jobs (
        id uuid PRIMARY KEY,
        agency_id uuid NOT NULL REFERENCES agencies(id),
        filename text NOT NULL,
        sha256 char(64) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('rejected', 'running', 'done')),
        total int NOT NULL,
        done int NOT NULL DEFAULT 0,
        concluded int NOT NULL DEFAULT 0,
        open int NOT NULL DEFAULT 0,
        imported int NOT NULL DEFAULT 0,
        problems jsonb NOT NULL DEFAULT '[]'::jsonb,
        rows jsonb,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        lease_until timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_import_jobs_file ON import_jobs (agency_id, sha256) WHERE status <> 'rejected'`,
    );
    await q.query(`CREATE INDEX ix_import_jobs_agency ON import_jobs (agency_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE import_jobs');
    await q.query('ALTER TABLE applications DROP COLUMN source');
  }
}
