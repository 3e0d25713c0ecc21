/**
 * Legacy import jobs (`import_jobs`, issue 7): an upload rejected with its problems, or a job that
 * imports its rows batch by batch under a lease (`lease_until`), resumed from `done` by any API process
 * once the lease has lapsed. Each function takes the data source or the transaction's entity manager.
 */
import type { ImportProblem, LegacyRow } from '../../../libs/domain/legacy-import';
import { type Queryable, rowsOf, updatedRows } from './queryable';

export type ImportJobStatus = 'rejected' | 'running' | 'done';

export interface ImportJobRow {
  id: string;
  agency_id: string;
  filename: string;
  sha256: string;
  status: ImportJobStatus;
  total: number;
  done: number;
  concluded: number;
  open: number;
  imported: number;
  problems: ImportProblem[];
  created_by: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const JOB_COLUMNS = `id, agency_id, filename, sha256, status, total, done, concluded, open, imported, problems,
  created_by, created_at, finished_at`;

/** How long a running job is held by the process running it. */
const LEASE = `interval '2 minutes'`;

/** Records an upload rejected with its problems (nothing imported). */
export async function insertRejectedJob(
  db: Queryable,
  j: {
    id: string;
    agencyId: string;
    filename: string;
    sha256: string;
    total: number;
    problems: ImportProblem[];
    createdBy: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO import_jobs (id, agency_id, filename, sha256, status, total, problems, created_by, finished_at)
         VALUES ($1, $2, $3, $4, 'rejected', $5, $6, $7, now())`,
    [j.id, j.agencyId, j.filename, j.sha256, j.total, JSON.stringify(j.problems), j.createdBy],
  );
}

/**
 * Creates a running job, leased to this process; false when the agency already has a job of this file
 * (not rejected): nothing written.
 */
export async function insertRunningJob(
  db: Queryable,
  j: {
    id: string;
    agencyId: string;
    filename: string;
    sha256: string;
    rows: LegacyRow[];
    concluded: number;
    createdBy: string;
  },
): Promise<boolean> {
  const inserted = await rowsOf<{ id: string }>(
    db,
    `INSERT INTO import_jobs (id, agency_id, filename, sha256, status, total, concluded, open, rows, created_by,
         lease_until)
       VALUES ($1, $2, $3, $4, 'running', $5, $6, $7, $8, $9, now() + ${LEASE})
       ON CONFLICT (agency_id, sha256) WHERE status <> 'rejected' DO NOTHING
       RETURNING id`,
    [
      j.id,
      j.agencyId,
      j.filename,
      j.sha256,
      j.rows.length,
      j.concluded,
      j.rows.length - j.concluded,
      JSON.stringify(j.rows),
      j.createdBy,
    ],
  );
  return inserted.length > 0;
}

/** The agency's job of this file, if one was accepted. */
export async function findJobByFile(
  db: Queryable,
  agencyId: string,
  sha256: string,
): Promise<ImportJobRow | undefined> {
  const [row] = await rowsOf<ImportJobRow>(
    db,
    `SELECT ${JOB_COLUMNS} FROM import_jobs WHERE agency_id = $1 AND sha256 = $2 AND status <> 'rejected'`,
    [agencyId, sha256],
  );
  return row;
}

export async function findJob(db: Queryable, id: string): Promise<ImportJobRow | undefined> {
  const [row] = await rowsOf<ImportJobRow>(db, `SELECT ${JOB_COLUMNS} FROM import_jobs WHERE id = $1`, [id]);
  return row;
}

/** The agency's latest jobs, newest first. */
export async function recentJobs(db: Queryable, agencyId: string, limit: number): Promise<ImportJobRow[]> {
  return rowsOf<ImportJobRow>(
    db,
    `SELECT ${JOB_COLUMNS} FROM import_jobs WHERE agency_id = $1 ORDER BY created_at DESC LIMIT ${limit}`,
    [agencyId],
  );
}

/** Takes over the running jobs whose lease has lapsed (their process died); their ids. */
export async function claimLapsedJobs(db: Queryable): Promise<string[]> {
  const rows = await updatedRows<{ id: string }>(
    db,
    `UPDATE import_jobs SET lease_until = now() + ${LEASE}
          WHERE status = 'running' AND (lease_until IS NULL OR lease_until < now())
          RETURNING id`,
  );
  return rows.map((r) => r.id);
}

/** What a running job still has to import: its rows, how many are done, and its agency. */
export interface RunningJob {
  agency_id: string;
  done: number;
  rows: LegacyRow[];
  created_by: string | null;
  agency_code: string;
}

export async function findRunningJob(db: Queryable, id: string): Promise<RunningJob | undefined> {
  const [job] = await rowsOf<RunningJob>(
    db,
    `SELECT j.agency_id, j.done, j.rows, j.created_by, a.code AS agency_code
         FROM import_jobs j JOIN agencies a ON a.id = j.agency_id
        WHERE j.id = $1 AND j.status = 'running'`,
    [id],
  );
  return job;
}

/** A batch written: how far the job has come, and its lease renewed. */
export async function recordBatch(db: Queryable, id: string, done: number, imported: number): Promise<void> {
  await db.query(
    `UPDATE import_jobs SET done = $2, imported = imported + $3, lease_until = now() + ${LEASE} WHERE id = $1`,
    [id, done, imported],
  );
}

/** The job has imported every row: done, its rows dropped. */
export async function finishJob(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE import_jobs SET status = 'done', finished_at = now(), lease_until = NULL, rows = NULL
          WHERE id = $1 AND status = 'running'`,
    [id],
  );
}
