/**
 * The working-day calendar as entered (`calendar_years`) and its propagations to the open applications
 * (`calendar_propagations`, issue 10). Each function takes the data source or the transaction's entity
 * manager.
 *
 * The effective working-day calendar: the arrangements the product ships with, overridden year by year
 * by what admins entered (the latest entry of a year wins). Its version is the id of the latest entry
 * (0: nothing entered yet). Workflows receive the arrangements themselves, so replaying a workflow never
 * depends on what the code or the database holds later.
 */
import { BUILT_IN_ARRANGEMENTS, type HolidayArrangement } from '../../../libs/domain/calendar';
import { CONCLUDED_STATUSES } from '../../../libs/domain/application';
import { type Queryable, rowsOf, updatedRows } from './queryable';

export interface EffectiveCalendar {
  version: number;
  arrangements: HolidayArrangement[];
  /** Where each year comes from. */
  sources: Array<{
    year: number;
    source: 'built_in' | 'entered';
    notice: string;
    enteredBy: string | null;
    enteredAt: string | null;
    version: number;
  }>;
}

/** The effective calendar now, or as it was at version `asOf` (entries up to that id). */
export async function loadEffectiveCalendar(
  db: Queryable,
  asOf: number | null = null,
): Promise<EffectiveCalendar> {
  const rows = await rowsOf<{
    id: number;
    year: number;
    off_days: string[];
    work_days: string[];
    notice: string;
    entered_by: string;
    entered_at: Date;
  }>(
    db,
    `SELECT DISTINCT ON (year) id, year, off_days::text[] AS off_days, work_days::text[] AS work_days, notice, entered_by, entered_at
         FROM calendar_years WHERE $1::int IS NULL OR id <= $1::int ORDER BY year, id DESC`,
    [asOf],
  );
  const byYear = new Map<number, HolidayArrangement>(BUILT_IN_ARRANGEMENTS.map((a) => [a.year, a]));
  const sources = new Map<number, EffectiveCalendar['sources'][number]>(
    BUILT_IN_ARRANGEMENTS.map((a) => [
      a.year,
      {
        year: a.year,
        source: 'built_in',
        notice: a.source ?? '',
        enteredBy: null,
        enteredAt: null,
        version: 0,
      },
    ]),
  );
  let version = 0;
  for (const r of rows) {
    byYear.set(r.year, {
      year: r.year,
      off: [...r.off_days].sort(),
      work: [...r.work_days].sort(),
      source: r.notice,
    });
    sources.set(r.year, {
      year: r.year,
      source: 'entered',
      notice: r.notice,
      enteredBy: r.entered_by,
      enteredAt: r.entered_at.toISOString(),
      version: r.id,
    });
    version = Math.max(version, r.id);
  }
  const years = [...byYear.keys()].sort((a, b) => a - b);
  return {
    version,
    arrangements: years.map((y) => byYear.get(y)!),
    sources: years.map((y) => sources.get(y)!),
  };
}

/** The calendar's version now: the id of the latest entry (0: nothing entered yet). */
export async function calendarVersion(db: Queryable): Promise<number> {
  const [{ version }] = await rowsOf<{ version: number }>(
    db,
    'SELECT coalesce(max(id), 0)::int AS version FROM calendar_years',
  );
  return version;
}

/** Enters (or corrects) a year's arrangement: the new calendar version. */
export async function insertCalendarYear(
  db: Queryable,
  e: {
    year: number;
    offDays: readonly string[];
    workDays: readonly string[];
    notice: string;
    enteredBy: string;
  },
): Promise<number> {
  const [{ id }] = await rowsOf<{ id: number }>(
    db,
    `INSERT INTO calendar_years (year, off_days, work_days, notice, entered_by) VALUES ($1, $2::date[], $3::date[], $4, $5) RETURNING id`,
    [e.year, [...e.offDays], [...e.workDays], e.notice, e.enteredBy],
  );
  return id;
}

// ---- Propagations ----

/** A propagation as the API answers it. */
export interface PropagationRow {
  id: string;
  year: number;
  calendarVersion: number;
  status: 'pending' | 'running' | 'done' | 'failed';
  total: number;
  signalled: number;
  skipped: number;
  failed: number;
  workflowId: string;
  workflowStarted: boolean;
  enteredBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const SELECT_PROPAGATIONS = `SELECT p.id, y.year, p.calendar_version AS "calendarVersion", p.status, p.total, p.signalled,
                     p.skipped, p.failed, p.workflow_id AS "workflowId",
                     p.workflow_started_at IS NOT NULL AS "workflowStarted", p.entered_by AS "enteredBy",
                     p.created_at AS "createdAt", p.started_at AS "startedAt", p.finished_at AS "finishedAt"
                FROM calendar_propagations p JOIN calendar_years y ON y.id = p.calendar_version`;

export async function insertPropagation(
  db: Queryable,
  p: { id: string; version: number; workflowId: string; enteredBy: string },
): Promise<void> {
  await db.query(
    `INSERT INTO calendar_propagations (id, calendar_version, workflow_id, entered_by) VALUES ($1, $2, $3, $4)`,
    [p.id, p.version, p.workflowId, p.enteredBy],
  );
}

/** Once its workflow has started (or was found started): the sweeper no longer needs to start it. */
export async function markPropagationStarted(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE calendar_propagations SET workflow_started_at = coalesce(workflow_started_at, now()) WHERE id = $1`,
    [id],
  );
}

/** The latest propagations, newest first. */
export async function listPropagations(db: Queryable, limit: number): Promise<PropagationRow[]> {
  return rowsOf<PropagationRow>(db, `${SELECT_PROPAGATIONS} ORDER BY p.created_at DESC, p.id LIMIT $1`, [
    limit,
  ]);
}

export async function findPropagation(db: Queryable, id: string): Promise<PropagationRow | undefined> {
  const [row] = await rowsOf<PropagationRow>(db, `${SELECT_PROPAGATIONS} WHERE p.id = $1`, [id]);
  return row;
}

/** Propagations whose workflow has not started `graceMs` after their entry, oldest first. */
export async function unstartedPropagations(
  db: Queryable,
  graceMs: number,
  limit: number,
): Promise<Array<{ id: string; workflow_id: string; calendar_version: number }>> {
  return rowsOf<{ id: string; workflow_id: string; calendar_version: number }>(
    db,
    `SELECT id, workflow_id, calendar_version FROM calendar_propagations
          WHERE workflow_started_at IS NULL
            AND created_at < now() - make_interval(secs => $1::double precision / 1000)
          ORDER BY created_at LIMIT ${limit}`,
    [graceMs],
  );
}

/**
 * Marks the propagation running (its workflow started) and, the first time, counts the applications open
 * now; the count (a retry keeps the first one; 0: no such propagation).
 */
export async function startPropagationRun(db: Queryable, id: string): Promise<number> {
  const rows = await updatedRows<{ total: number }>(
    db,
    `UPDATE calendar_propagations
              SET status = 'running', started_at = coalesce(started_at, now()),
                  workflow_started_at = coalesce(workflow_started_at, now()),
                  total = CASE WHEN status = 'pending'
                               THEN (SELECT count(*)::int FROM applications WHERE status <> ALL($2))
                               ELSE total END
            WHERE id = $1 RETURNING total`,
    [id, [...CONCLUDED_STATUSES]],
  );
  return rows[0]?.total ?? 0;
}

/** A page of the open applications by id, after `after` (null: from the first). */
export async function openApplicationsAfter(
  db: Queryable,
  after: string | null,
  limit: number,
): Promise<Array<{ id: string; workflow_id: string }>> {
  return rowsOf<{ id: string; workflow_id: string }>(
    db,
    `SELECT id, workflow_id FROM applications
            WHERE status <> ALL($1) AND ($2::uuid IS NULL OR id > $2::uuid)
            ORDER BY id LIMIT $3`,
    [[...CONCLUDED_STATUSES], after, limit],
  );
}

/**
 * Adds a page's counts and moves the cursor to its last application, only while the cursor is still
 * `after` (where the page began): a retried page is counted once.
 */
export async function recordPropagationPage(
  db: Queryable,
  p: {
    id: string;
    after: string | null;
    signalled: number;
    skipped: number;
    failed: number;
    last: string | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE calendar_propagations
              SET signalled = signalled + $3, skipped = skipped + $4, failed = failed + $5,
                  cursor = coalesce($6::uuid, cursor)
            WHERE id = $1 AND cursor IS NOT DISTINCT FROM $2::uuid`,
    [p.id, p.after, p.signalled, p.skipped, p.failed, p.last],
  );
}

export async function finishPropagation(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE calendar_propagations SET status = 'done', finished_at = coalesce(finished_at, now())
            WHERE id = $1`,
    [id],
  );
}
