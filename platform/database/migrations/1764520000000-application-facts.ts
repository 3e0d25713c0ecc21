import type { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillApplicationFacts } from '../application-facts';

/**
 * application_facts: per application, what the annual report counts (applicant type, receipt, conclusion
 * and its timeliness), maintained by the recording activity in the transaction that records each event
 * and aggregated in SQL by the report (see ../application-facts.ts). Filled here from the recorded event
 * log by the domain's fold.
 */
export class ApplicationFacts1764520000000 implements MigrationInterface {
  name = 'ApplicationFacts1764520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE application_facts (
        application_id uuid PRIMARY KEY REFERENCES applications(id),
        agency_id uuid NOT NULL,
        applicant_type varchar(32) NOT NULL,
        received_on date NOT NULL,
        outcome varchar(64),
        concluded_on date,
        due_on date,
        on_time boolean,
        working_days_taken int,
        received_year smallint NOT NULL GENERATED ALWAYS AS (extract(year FROM received_on)) STORED,
        concluded_year smallint GENERATED ALWAYS AS (extract(year FROM concluded_on)) STORED,
        relevant_until date NOT NULL
          GENERATED ALWAYS AS (GREATEST(COALESCE(concluded_on, 'infinity'::date), received_on)) STORED,
        last_seq int NOT NULL,
        CONSTRAINT ck_application_facts_conclusion CHECK ((outcome IS NULL) = (concluded_on IS NULL))
      )`);
    // The report of a year reads one range of this index per agency (relevant_until >= 1 January), and
    // nothing else: an index-only scan once the table is vacuumed, parallel on large agencies.
    await q.query(
      `CREATE INDEX ix_application_facts_report ON application_facts (agency_id, relevant_until)
         INCLUDE (received_year, concluded_year, applicant_type, outcome, on_time, working_days_taken)`,
    );
    // The year's decisions by working days taken, in index order: the timeliness figures and the median
    // are counted from this narrow index alone.
    await q.query(
      `CREATE INDEX ix_application_facts_timeliness
         ON application_facts (agency_id, concluded_year, working_days_taken, on_time) INCLUDE (received_year)
         WHERE on_time IS NOT NULL`,
    );
    // How many groups the report's GROUP BY makes (the columns are far from independent): with it the
    // planner aggregates in parallel instead of sorting.
    await q.query(
      `CREATE STATISTICS st_application_facts_groups (ndistinct)
         ON applicant_type, outcome, received_year, concluded_year FROM application_facts`,
    );
    await backfillApplicationFacts((sql, parameters) => q.query(sql, parameters));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE application_facts`);
  }
}
