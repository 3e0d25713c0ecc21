import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proactive disclosure (table 二): the register of rules (规章) and normative documents (行政规范性文件)
 * with their issue and repeal dates, and the per-year figures an agency records from other systems, each
 * with its source (来源), who recorded it and when.
 */
export class ProactiveDisclosure1764510000000 implements MigrationInterface {
  name = 'ProactiveDisclosure1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE disclosure_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        kind varchar(24) NOT NULL CHECK (kind IN ('rule', 'normative_document')),
        title text NOT NULL CHECK (length(btrim(title)) > 0 AND length(title) <= 500),
        document_number text CHECK (document_number IS NULL OR length(document_number) <= 100),
        issued_on date NOT NULL CHECK (issued_on >= DATE '2000-01-01'),
        repealed_on date,
        repeal_note text CHECK (repeal_note IS NULL OR length(repeal_note) <= 1000),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_disclosure_documents_repeal CHECK (repealed_on IS NULL OR repealed_on >= issued_on)
      )`);
    await q.query(
      `CREATE INDEX ix_disclosure_documents_agency ON disclosure_documents (agency_id, issued_on DESC, id)`,
    );
    await q.query(`
      CREATE TABLE disclosure_figures (
        agency_id uuid NOT NULL REFERENCES agencies(id),
        year int NOT NULL CHECK (year BETWEEN 2008 AND 2100),
        key varchar(40) NOT NULL CHECK (key IN ('licensing_decisions', 'penalty_decisions',
          'enforcement_decisions', 'administrative_fees_wan_yuan')),
        value numeric(14,4) NOT NULL CHECK (value >= 0),
        source text NOT NULL CHECK (length(btrim(source)) > 0 AND length(source) <= 500),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agency_id, year, key),
        CONSTRAINT ck_disclosure_figures_count CHECK (key = 'administrative_fees_wan_yuan' OR value = trunc(value))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE disclosure_figures`);
    await q.query(`DROP TABLE disclosure_documents`);
  }
}
