import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Year end (年度结转, issue 8): `carry_overs` holds one row per application open on 31 December of a
 * year, as the year-end workflow found it (the carry-over report); `year_end_runs` one row per year with
 * the progress of its run. Both are written idempotently by the year-end activities.
 */
export class YearEnd1764540000000 implements MigrationInterface {
  name = 'YearEnd1764540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE carry_overs (
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        agency_id uuid NOT NULL REFERENCES agencies(id),
        case_number text NOT NULL,
        status varchar(32) NOT NULL,
        reply_due_on date,
        working_days_left int,
        paused boolean NOT NULL DEFAULT false,
        handler text,
        concluded_on date,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (year, application_id)
      )`);
    await q.query(`CREATE INDEX ix_carry_overs_agency ON carry_overs (year, agency_id, case_number)`);
    await q.query(`
      CREATE TABLE year_end_runs (
        year int PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        status varchar(16) NOT NULL CHECK (status IN ('running', 'done')),
        workflow_id text,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        applications int NOT NULL DEFAULT 0,
        signalled int NOT NULL DEFAULT 0
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE year_end_runs`);
    await q.query(`DROP TABLE carry_overs`);
  }
}
