import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: the inbox at scale. The inbox filters, orders and counts in PostgreSQL, on the tasks table
 * alone: each active task carries its application's reply deadline and paused flag (`tasks.reply_due_on`,
 * `tasks.paused`), kept in step by two triggers whoever writes — a task takes its application's when it is
 * opened (or reopened), and a change of an application's deadline or pause reaches its active tasks in the
 * same statement. A closed task keeps what it had when it closed.
 *
 * Indexes, all partial on active tasks: the inbox's order (paused last, then by deadline, oldest task
 * first) per agency, with the filtered columns included so that counts and deep pages read the index
 * alone; the same per role (待领取) and per assignee (我的待办); and the active tasks of an application,
 * which the trigger updates.
 */
export class InboxAtScale1764900000000 implements MigrationInterface {
  name = 'InboxAtScale1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE tasks ADD COLUMN reply_due_on date, ADD COLUMN paused boolean NOT NULL DEFAULT false`,
    );
    await q.query(`
      UPDATE tasks t SET reply_due_on = a.reply_due_on, paused = a.paused
        FROM applications a WHERE a.id = t.application_id AND t.state <> 'done'`);
    await q.query(`
      CREATE FUNCTION tasks_take_application_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT a.reply_due_on, a.paused INTO NEW.reply_due_on, NEW.paused
          FROM applications a WHERE a.id = NEW.application_id;
        NEW.paused := coalesce(NEW.paused, false);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER tasks_opened_take_deadline BEFORE INSERT ON tasks
        FOR EACH ROW WHEN (NEW.state <> 'done') EXECUTE FUNCTION tasks_take_application_deadline()`);
    await q.query(`
      CREATE TRIGGER tasks_reopened_take_deadline BEFORE UPDATE OF state, application_id ON tasks
        FOR EACH ROW WHEN (NEW.state <> 'done' AND (OLD.state = 'done' OR OLD.application_id <> NEW.application_id))
        EXECUTE FUNCTION tasks_take_application_deadline()`);
    await q.query(`
      CREATE FUNCTION applications_deadline_to_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tasks SET reply_due_on = NEW.reply_due_on, paused = NEW.paused
         WHERE application_id = NEW.id AND state <> 'done';
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER applications_deadline_to_tasks AFTER UPDATE OF reply_due_on, paused ON applications
        FOR EACH ROW WHEN (OLD.reply_due_on IS DISTINCT FROM NEW.reply_due_on OR OLD.paused <> NEW.paused)
        EXECUTE FUNCTION applications_deadline_to_tasks()`);

    await q.query(`CREATE INDEX ix_tasks_application_active ON tasks (application_id) WHERE state <> 'done'`);
    await q.query(`
      CREATE INDEX ix_tasks_inbox ON tasks (agency_id, paused, reply_due_on, created_at, id)
        INCLUDE (state, role, kind, assignee_id) WHERE state <> 'done'`);
    await q.query(`
      CREATE INDEX ix_tasks_inbox_role ON tasks (agency_id, role, paused, reply_due_on, created_at, id)
        INCLUDE (kind) WHERE state = 'open'`);
    await q.query(`
      CREATE INDEX ix_tasks_inbox_assignee ON tasks (assignee_id, paused, reply_due_on, created_at, id)
        INCLUDE (kind) WHERE state = 'claimed'`);
    // Superseded by ix_tasks_inbox (per agency) and ix_tasks_inbox_assignee (an assigned active task is
    // claimed); left in place, the planner would count an agency's tasks by scanning all of them.
    await q.query(`DROP INDEX ix_tasks_agency_open`);
    await q.query(`DROP INDEX ix_tasks_assignee`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_tasks_agency_open ON tasks (agency_id, state, role)`);
    await q.query(`CREATE INDEX ix_tasks_assignee ON tasks (assignee_id) WHERE state <> 'done'`);
    await q.query(`DROP INDEX ix_tasks_inbox_assignee`);
    await q.query(`DROP INDEX ix_tasks_inbox_role`);
    await q.query(`DROP INDEX ix_tasks_inbox`);
    await q.query(`DROP INDEX ix_tasks_application_active`);
    await q.query(`DROP TRIGGER applications_deadline_to_tasks ON applications`);
    await q.query(`DROP FUNCTION applications_deadline_to_tasks()`);
    await q.query(`DROP TRIGGER tasks_reopened_take_deadline ON tasks`);
    await q.query(`DROP TRIGGER tasks_opened_take_deadline ON tasks`);
    await q.query(`DROP FUNCTION tasks_take_application_deadline()`);
    await q.query(`ALTER TABLE tasks DROP COLUMN paused, DROP COLUMN reply_due_on`);
  }
}
