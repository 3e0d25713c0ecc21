/**
 * Issue 16: an agency's departments (内设机构/承办科室) and their members, and the supervision view's
 * rows (督办): the open applications whose reply deadline lapses soon or has lapsed, with the departments
 * they are routed to (read from the application's state, `state.routing`).
 */
import type { RoutedDepartmentStatus, RoutingRole } from '../../../libs/domain/application';
import { CONCLUDED_STATUSES } from '../../../libs/domain/application';
import { type Queryable, rowsOf } from './queryable';

export interface DepartmentRow {
  id: string;
  agency_id: string;
  name: string;
  code: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface DepartmentMemberRow {
  department_id: string;
  user_id: string;
  username: string;
  display_name: string;
  active: boolean;
}

const DEPARTMENT_COLUMNS = 'id, agency_id, name, code, active, created_at, updated_at';

/** The agency's departments by name (active ones only unless `includeInactive`). */
export function listDepartments(
  db: Queryable,
  agencyId: string,
  includeInactive = true,
): Promise<DepartmentRow[]> {
  return rowsOf<DepartmentRow>(
    db,
    `SELECT ${DEPARTMENT_COLUMNS} FROM departments WHERE agency_id = $1 AND (active OR $2) ORDER BY name, id`,
    [agencyId, includeInactive],
  );
}

/** The members of these departments, by name. */
export function membersOf(db: Queryable, departmentIds: readonly string[]): Promise<DepartmentMemberRow[]> {
  return rowsOf<DepartmentMemberRow>(
    db,
    `SELECT m.department_id, u.id AS user_id, u.username, u.display_name, u.active
       FROM department_members m JOIN users u ON u.id = m.user_id
      WHERE m.department_id = ANY($1::uuid[]) ORDER BY u.display_name, u.username`,
    [[...departmentIds]],
  );
}

export async function findDepartment(
  db: Queryable,
  id: string,
  lock = false,
): Promise<DepartmentRow | undefined> {
  const [row] = await rowsOf<DepartmentRow>(
    db,
    `SELECT ${DEPARTMENT_COLUMNS} FROM departments WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row;
}

/** Another department of the agency with this name or code (for a 400 naming the field). */
export async function departmentClash(
  db: Queryable,
  agencyId: string,
  d: { name?: string; code?: string | null },
  exceptId: string | null,
): Promise<'name' | 'code' | null> {
  const [row] = await rowsOf<{ name_taken: boolean; code_taken: boolean }>(
    db,
    `SELECT bool_or(name = $2) AS name_taken, bool_or(code IS NOT NULL AND code = $3) AS code_taken
       FROM departments WHERE agency_id = $1 AND id IS DISTINCT FROM $4::uuid`,
    [agencyId, d.name ?? null, d.code ?? null, exceptId],
  );
  if (row?.name_taken) return 'name';
  if (row?.code_taken) return 'code';
  return null;
}

export async function insertDepartment(
  db: Queryable,
  d: { agencyId: string; name: string; code: string | null },
): Promise<string> {
  const [row] = await rowsOf<{ id: string }>(
    db,
    `INSERT INTO departments (agency_id, name, code) VALUES ($1, $2, $3) RETURNING id`,
    [d.agencyId, d.name, d.code],
  );
  return row.id;
}

export async function updateDepartment(
  db: Queryable,
  id: string,
  d: { name?: string; code?: string | null; active?: boolean },
): Promise<void> {
  await db.query(
    `UPDATE departments SET name = coalesce($2, name),
            code = CASE WHEN $3 THEN $4 ELSE code END,
            active = coalesce($5, active), updated_at = now()
      WHERE id = $1`,
    [id, d.name ?? null, d.code !== undefined, d.code ?? null, d.active ?? null],
  );
}

/** Replaces the department's members with these accounts. */
export async function setMembers(
  db: Queryable,
  departmentId: string,
  userIds: readonly string[],
): Promise<void> {
  await db.query(`DELETE FROM department_members WHERE department_id = $1 AND user_id <> ALL($2::uuid[])`, [
    departmentId,
    [...userIds],
  ]);
  await db.query(
    `INSERT INTO department_members (department_id, user_id)
       SELECT $1, u FROM unnest($2::uuid[]) AS u ON CONFLICT DO NOTHING`,
    [departmentId, [...userIds]],
  );
}

/** The ids of the accounts among `userIds` that belong to the agency (members must). */
export async function usersOfAgency(
  db: Queryable,
  agencyId: string,
  userIds: readonly string[],
): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(
    db,
    `SELECT id FROM users WHERE agency_id = $1 AND id = ANY($2::uuid[])`,
    [agencyId, [...userIds]],
  );
  return rows.map((r) => r.id);
}

/**
 * The departments the user belongs to. A deactivated department is no longer routed to, but its members
 * still finish what it holds (sign, send back, contribute), so it counts here.
 */
export async function departmentIdsOf(db: Queryable, userId: string): Promise<string[]> {
  const rows = await rowsOf<{ department_id: string }>(
    db,
    `SELECT department_id FROM department_members WHERE user_id = $1 ORDER BY department_id`,
    [userId],
  );
  return rows.map((r) => r.department_id);
}

/** Whether the user belongs to the department (see departmentIdsOf). */
export async function isMember(db: Queryable, userId: string, departmentId: string): Promise<boolean> {
  const rows = await rowsOf<{ ok: number }>(
    db,
    `SELECT 1 AS ok FROM department_members WHERE user_id = $1 AND department_id = $2`,
    [userId, departmentId],
  );
  return rows.length > 0;
}

/** One open application of the supervision view, with the departments it is routed to. */
export interface SupervisionRow {
  id: string;
  case_number: string;
  applicant_name: string;
  status: string;
  reply_due_on: string;
  paused: boolean;
  routing: {
    round: number;
    inputDueOn: string | null;
    departments: Array<{
      departmentId: string;
      name: string;
      role: RoutingRole;
      status: RoutedDepartmentStatus;
    }>;
  } | null;
}

/**
 * The agency's open applications whose reply deadline falls before `dueBefore` (the working-day bound
 * of "within N working days", overdue included), most urgent first.
 */
export function supervisionRows(
  db: Queryable,
  agencyId: string,
  dueBefore: string,
): Promise<SupervisionRow[]> {
  return rowsOf<SupervisionRow>(
    db,
    `SELECT a.id, a.case_number, a.applicant_name, a.status, a.reply_due_on::text AS reply_due_on, a.paused,
            a.state->'routing' AS routing
       FROM applications a
      WHERE a.agency_id = $1 AND a.status <> ALL($2::text[]) AND a.reply_due_on < $3::date
      ORDER BY a.reply_due_on, a.case_number`,
    [agencyId, [...CONCLUDED_STATUSES], dueBefore],
  );
}
