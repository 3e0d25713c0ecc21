import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API's outbox towards Temporal, so that no case is left half-done when a process dies:
 *  - a registration is committed with the full input of its workflow (`start_input`) and marked
 *    `workflow_started_at` once the workflow runs; the sweeper starts those left unmarked;
 *  - every staff action is stored before it is sent as an Update (`staff_action_requests`, keyed by the
 *    Update id) and settled with its outcome; the sweeper re-sends those left unsettled.
 */
export class WorkflowOutbox1764400000000 implements MigrationInterface {
  name = 'WorkflowOutbox1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE applications ADD COLUMN start_input jsonb, ADD COLUMN workflow_started_at timestamptz`,
    );
    // Every application registered before this migration had its workflow started in the same transaction.
    await q.query(`UPDATE applications SET workflow_started_at = created_at`);
    await q.query(
      `CREATE INDEX ix_applications_workflow_unstarted ON applications (created_at) WHERE workflow_started_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE staff_action_requests (
        application_id uuid NOT NULL REFERENCES applications(id),
        update_id text NOT NULL,
        workflow_id text NOT NULL,
        action varchar(48) NOT NULL,
        command jsonb NOT NULL,
        outcome varchar(16) CHECK (outcome IN ('completed', 'rejected', 'gone')),
        outcome_code text,
        outcome_message text,
        created_at timestamptz NOT NULL DEFAULT now(),
        settled_at timestamptz,
        PRIMARY KEY (application_id, update_id)
      )`);
    await q.query(
      `CREATE INDEX ix_staff_action_requests_unsettled ON staff_action_requests (created_at) WHERE settled_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE staff_action_requests');
    await q.query('ALTER TABLE applications DROP COLUMN start_input, DROP COLUMN workflow_started_at');
  }
}
