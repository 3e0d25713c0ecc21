import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Workflows that cannot make progress: an activity failing attempt after attempt, or a workflow task
 * failing (a bug, a non-deterministic change). One row per workflow and kind, upserted by the worker
 * and cleared when the workflow moves on; the API lists them for admins and counts them in /api/health.
 */
export class WorkflowProblems1764403600000 implements MigrationInterface {
  name = 'WorkflowProblems1764403600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_problems (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workflow_id text NOT NULL,
        run_id text,
        application_id uuid REFERENCES applications(id) ON DELETE CASCADE,
        kind varchar(16) NOT NULL CHECK (kind IN ('activity', 'workflow_task')),
        activity_type varchar(128),
        attempt int NOT NULL,
        error text NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_workflow_problems UNIQUE (workflow_id, kind)
      )`);
    await q.query(
      `CREATE INDEX ix_workflow_problems_application ON workflow_problems (application_id, first_seen_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE workflow_problems`);
  }
}
