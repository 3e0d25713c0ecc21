import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reconsideration and litigation cases (行政复议、行政诉讼) linked to an application, table 四's source
 * (libs/domain/review-cases.ts), and their place in the task inbox:
 *  - `review_cases`: one row per case, its result (null while pending) and, for a corrected result that
 *    reopens the concluded application, the reopening handed to Temporal (an outbox like registrations:
 *    `reopen_input` is the new run's full input, `reopen_started_at` is set once it runs);
 *  - `tasks.review_case_id`: an open case is one `review_case` task for reviewers, one per case; the
 *    application's own tasks stay one per application and kind.
 */
export class ReviewCases1764500000000 implements MigrationInterface {
  name = 'ReviewCases1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE review_cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications(id),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        kind varchar(40) NOT NULL
          CHECK (kind IN ('reconsideration', 'litigation_direct', 'litigation_after_reconsideration')),
        filed_on date NOT NULL CHECK (filed_on >= DATE '2000-01-01'),
        body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 200),
        reference text CHECK (length(reference) <= 100),
        result varchar(16) CHECK (result IN ('upheld', 'corrected', 'other')),
        result_on date,
        note text CHECK (length(note) <= 2000),
        result_note text CHECK (length(result_note) <= 2000),
        result_recorded_by text,
        result_recorded_at timestamptz,
        -- A recorded result corrected later (reviewers, admins, with a reason): the earlier one and why.
        corrections jsonb NOT NULL DEFAULT '[]'::jsonb,
        reopen_on date,
        reopen_reply_due_on date,
        reopen_request_id uuid,
        reopen_input jsonb,
        reopen_started_at timestamptz,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_review_cases_result_with_date CHECK ((result IS NULL) = (result_on IS NULL)),
        CONSTRAINT ck_review_cases_result_after_filing CHECK (result_on IS NULL OR result_on >= filed_on),
        CONSTRAINT ck_review_cases_reopen_corrected CHECK (reopen_on IS NULL OR result = 'corrected'),
        CONSTRAINT ck_review_cases_reopen_after_result CHECK (reopen_on IS NULL OR reopen_on >= result_on),
        CONSTRAINT ck_review_cases_reopen_due CHECK (
          reopen_reply_due_on IS NULL OR (reopen_on IS NOT NULL AND reopen_reply_due_on > reopen_on)),
        CONSTRAINT ck_review_cases_reopen_input CHECK (
          (reopen_on IS NULL) = (reopen_input IS NULL) AND (reopen_on IS NULL) = (reopen_request_id IS NULL)),
        CONSTRAINT ck_review_cases_reopen_started CHECK (reopen_started_at IS NULL OR reopen_input IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX ix_review_cases_agency_filed ON review_cases (agency_id, filed_on)`);
    await q.query(`CREATE INDEX ix_review_cases_application ON review_cases (application_id, filed_on)`);
    await q.query(
      `CREATE INDEX ix_review_cases_reopen_unstarted ON review_cases (updated_at)
         WHERE reopen_input IS NOT NULL AND reopen_started_at IS NULL`,
    );

    await q.query(`ALTER TABLE tasks ADD COLUMN review_case_id uuid REFERENCES review_cases(id)`);
    await q.query(
      `ALTER TABLE tasks ADD CONSTRAINT ck_tasks_review_case CHECK ((kind = 'review_case') = (review_case_id IS NOT NULL))`,
    );
    await q.query(`DROP INDEX uq_tasks_active`);
    await q.query(
      `CREATE UNIQUE INDEX uq_tasks_active ON tasks (application_id, kind) WHERE state <> 'done' AND review_case_id IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX uq_tasks_review_case_active ON tasks (review_case_id) WHERE state <> 'done' AND review_case_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM tasks WHERE review_case_id IS NOT NULL`);
    await q.query(`DROP INDEX uq_tasks_review_case_active`);
    await q.query(`DROP INDEX uq_tasks_active`);
    await q.query(
      `CREATE UNIQUE INDEX uq_tasks_active ON tasks (application_id, kind) WHERE state <> 'done'`,
    );
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT ck_tasks_review_case`);
    await q.query(`ALTER TABLE tasks DROP COLUMN review_case_id`);
    await q.query(`DROP TABLE review_cases`);
  }
}
