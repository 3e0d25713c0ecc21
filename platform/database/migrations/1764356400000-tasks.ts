import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The task inbox: one active task per application and kind, offered to a role, optionally assigned. */
export class Tasks1764356400000 implements MigrationInterface {
  name = 'Tasks1764356400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications(id),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        kind varchar(32) NOT NULL,
        role varchar(16) NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'claimed', 'done')),
        assignee_id uuid REFERENCES users(id),
        completing boolean NOT NULL DEFAULT false,
        opened_seq int NOT NULL,
        closed_seq int,
        created_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz,
        closed_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_tasks_active ON tasks (application_id, kind) WHERE state <> 'done'`,
    );
    await q.query(`CREATE INDEX ix_tasks_agency_open ON tasks (agency_id, state, role)`);
    await q.query(`CREATE INDEX ix_tasks_assignee ON tasks (assignee_id) WHERE state <> 'done'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tasks`);
  }
}
