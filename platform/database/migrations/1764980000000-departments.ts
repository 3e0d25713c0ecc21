import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: departments inside an agency (内设机构/承办科室).
 *
 * - `departments`: an agency's departments, names unique per agency (codes too, when given); a
 *   department is deactivated, never deleted (routed applications name it).
 * - `department_members`: which accounts belong to which departments (many to many).
 * - `tasks.department_id`: a task offered to a routed department (签收, 协办意见), one active task per
 *   application, kind and department; the application's other tasks stay one per application and kind.
 */
export class Departments1764980000000 implements MigrationInterface {
  name = 'Departments1764980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE departments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        name varchar(100) NOT NULL CHECK (btrim(name) <> ''),
        code varchar(32),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_departments_name ON departments (agency_id, name)`);
    await q.query(
      `CREATE UNIQUE INDEX uq_departments_code ON departments (agency_id, code) WHERE code IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE department_members (
        department_id uuid NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (department_id, user_id)
      )`);
    await q.query(`CREATE INDEX ix_department_members_user ON department_members (user_id)`);

    await q.query(`ALTER TABLE tasks ADD COLUMN department_id uuid REFERENCES departments(id)`);
    await q.query(`DROP INDEX uq_tasks_active`);
    await q.query(
      `CREATE UNIQUE INDEX uq_tasks_active ON tasks (application_id, kind)
         WHERE state <> 'done' AND review_case_id IS NULL AND department_id IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX uq_tasks_department_active ON tasks (application_id, kind, department_id)
         WHERE state <> 'done' AND department_id IS NOT NULL`,
    );
    // The department inbox, in the inbox order (task-inbox.ts INBOX_ORDER).
    await q.query(
      `CREATE INDEX ix_tasks_inbox_department ON tasks (department_id, paused, reply_due_on, created_at, id)
         WHERE state <> 'done' AND department_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM tasks WHERE department_id IS NOT NULL`);
    await q.query(`DROP INDEX ix_tasks_inbox_department`);
    await q.query(`DROP INDEX uq_tasks_department_active`);
    await q.query(`DROP INDEX uq_tasks_active`);
    await q.query(
      `CREATE UNIQUE INDEX uq_tasks_active ON tasks (application_id, kind) WHERE state <> 'done' AND review_case_id IS NULL`,
    );
    await q.query(`ALTER TABLE tasks DROP COLUMN department_id`);
    await q.query(`DROP TABLE department_members`);
    await q.query(`DROP TABLE departments`);
  }
}
