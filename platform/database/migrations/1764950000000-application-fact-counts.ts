import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns that key a count of application_facts (and the expressions computing them from a fact). */
const FACT_KEY = 'agency_id, applicant_type, outcome, received_month, concluded_month';
const FACT_KEY_OF = `agency_id, applicant_type, outcome, date_trunc('month', received_on)::date,
  date_trunc('month', concluded_on)::date`;
const DECISION_KEY = 'agency_id, concluded_year, received_year, working_days_taken, on_time';

/** The statement that adds `sign` × the rows of `rows` (a transition table) to both counts. */
const addCounts = (rows: string, sign: string) => `
    INSERT INTO application_fact_counts AS c (${FACT_KEY}, count)
    SELECT ${FACT_KEY_OF}, ${sign}
      FROM ${rows} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (${FACT_KEY}) DO UPDATE SET count = c.count + EXCLUDED.count;
    INSERT INTO application_decision_counts AS c (${DECISION_KEY}, count)
    SELECT ${DECISION_KEY}, ${sign}
      FROM ${rows} WHERE on_time IS NOT NULL GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (${DECISION_KEY}) DO UPDATE SET count = c.count + EXCLUDED.count;`;

/**
 * Issue 15: the report's counts kept as the facts change, so the report and the dashboard read a few
 * hundred rows per agency-year instead of grouping up to a million facts.
 *
 * - `application_fact_counts`: how many applications of an agency have each applicant type, outcome
 *   (null: open), month of receipt and month of conclusion (null: open). Table 三 of a year and its
 *   months are sums of these rows (platform/database/application-facts.ts, table3Queries).
 * - `application_decision_counts`: the decisions by year of conclusion and of receipt, working days
 *   taken and timeliness: the timeliness figures, their median and their distribution.
 *
 * Both are kept by statement triggers on application_facts, in the transaction of the change (the
 * recording activity's, an import's, a backfill's), from the statement's transition tables: the rows
 * inserted count +1, deleted −1, an update −1 for its old key and +1 for its new one. The rows are
 * upserted in key order, so two transactions lock the counts they share in the same order. A count that
 * falls to 0 stays (it is skipped when read). The counts of the facts already there are filled here.
 *
 * The open applications by reply deadline (`ix_applications_open`): only the open ones, with what the
 * dashboard bands them by, in deadline order — the overdue ones are the first range of each agency's.
 */
export class ApplicationFactCounts1764950000000 implements MigrationInterface {
  name = 'ApplicationFactCounts1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE application_fact_counts (
        agency_id uuid NOT NULL,
        applicant_type varchar(32) NOT NULL,
        outcome varchar(64),
        received_month date NOT NULL,
        concluded_month date,
        relevant_month date NOT NULL
          GENERATED ALWAYS AS (GREATEST(COALESCE(concluded_month, 'infinity'::date), received_month)) STORED,
        count int NOT NULL
      )`);
    await q.query(
      `CREATE UNIQUE INDEX ux_application_fact_counts ON application_fact_counts (${FACT_KEY}) NULLS NOT DISTINCT`,
    );
    // A year's rows: concluded since 1 January or open (the month of relevant_until of application_facts).
    await q.query(
      `CREATE INDEX ix_application_fact_counts_year ON application_fact_counts (agency_id, relevant_month)
         INCLUDE (applicant_type, outcome, received_month, concluded_month, count)`,
    );
    await q.query(`
      CREATE TABLE application_decision_counts (
        agency_id uuid NOT NULL,
        concluded_year smallint NOT NULL,
        received_year smallint NOT NULL,
        working_days_taken int NOT NULL,
        on_time boolean NOT NULL,
        count int NOT NULL,
        PRIMARY KEY (${DECISION_KEY})
      )`);
    await q.query(`
      CREATE FUNCTION application_facts_count() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN ${addCounts('new_rows', 'count(*)::int')}
        ELSIF TG_OP = 'DELETE' THEN ${addCounts('old_rows', '-count(*)::int')}
        ELSE
          ${addCounts(
            `(SELECT *, 1 AS change FROM new_rows UNION ALL SELECT *, -1 AS change FROM old_rows) AS changed`,
            'sum(change)::int',
          ).replace(/ORDER BY/g, 'HAVING sum(change) <> 0 ORDER BY')}
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER application_facts_count_insert AFTER INSERT ON application_facts
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION application_facts_count()`);
    await q.query(`CREATE TRIGGER application_facts_count_update AFTER UPDATE ON application_facts
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION application_facts_count()`);
    await q.query(`CREATE TRIGGER application_facts_count_delete AFTER DELETE ON application_facts
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION application_facts_count()`);
    // The counts of the facts recorded so far.
    await q.query(`INSERT INTO application_fact_counts (${FACT_KEY}, count)
      SELECT ${FACT_KEY_OF}, count(*)::int FROM application_facts GROUP BY 1, 2, 3, 4, 5`);
    await q.query(`INSERT INTO application_decision_counts (${DECISION_KEY}, count)
      SELECT ${DECISION_KEY}, count(*)::int FROM application_facts WHERE on_time IS NOT NULL GROUP BY 1, 2, 3, 4, 5`);
    await q.query(
      `CREATE INDEX ix_applications_open ON applications (agency_id, reply_due_on) INCLUDE (status, paused)
         WHERE concluded_on IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_applications_open`);
    await q.query(`DROP TRIGGER application_facts_count_delete ON application_facts`);
    await q.query(`DROP TRIGGER application_facts_count_update ON application_facts`);
    await q.query(`DROP TRIGGER application_facts_count_insert ON application_facts`);
    await q.query(`DROP FUNCTION application_facts_count()`);
    await q.query(`DROP TABLE application_decision_counts`);
    await q.query(`DROP TABLE application_fact_counts`);
  }
}
