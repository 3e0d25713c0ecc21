/**
 * Search (检索, issue 16): the SQL of `GET /api/applications/search` and of its export, over the agencies
 * the user may see. Words and applicants go through the GIN index of `applications.search_terms`
 * (migration 1764960000000; libs/domain/search.ts builds the tsquery, with the agencies in it); the other
 * filters are columns. Framework-free: the API and the bench share it.
 *
 * A search counts its matches up to SEARCH_COUNT_CAP (a count reads every matching row, and a common word
 * matches tens of thousands); past it the answer says "more than" and only the first pages are served.
 * A page is chosen in one of two ways: when the matches are few (the count is exact), from all of them;
 * when they are many, by walking each agency's applications newest first (ix_applications_agency_received)
 * and keeping the matching ones, which stops after the page.
 */
import { searchQuery } from '../../../libs/domain/search';
import type { Queryable } from './queryable';
import { rowsOf } from './queryable';

/** Matches counted exactly up to this many. */
export const SEARCH_COUNT_CAP = 1000;

export interface SearchFilter {
  /** The agencies searched: those the user may see (at least one). */
  agencyIds: readonly string[];
  caseNumber?: string;
  /** Applicant name or certificate number (exact, white space and case aside). */
  applicant?: string;
  /** Normalized words of the information sought or the reply (libs/domain/search.ts searchTerms). */
  terms?: readonly string[];
  /** Received on or after / on or before (YYYY-MM-DD). */
  receivedFrom?: string;
  receivedTo?: string;
  status?: string;
  outcome?: string;
  /**
   * Extension point for departments (内设机构, built elsewhere): a condition over `a` (the application) and
   * its parameters, numbered after the others by `p`, e.g. `(p) => \`EXISTS (… = ANY(${p(ids)}))\``.
   */
  extra?: (p: (value: unknown) => string) => string;
}

export interface Statement {
  sql: string;
  parameters: unknown[];
}

/** The columns a search answers, as ApplicationSummaryDto names them. */
export const SEARCH_COLUMNS = `a.id, a.agency_id AS "agencyId", a.case_number AS "caseNumber",
  a.workflow_id AS "workflowId", a.applicant_name AS "applicantName", a.applicant_type AS "applicantType",
  a.channel, a.received_on::text AS "receivedOn", a.status, a.outcome, a.concluded_on::text AS "concludedOn",
  a.clock_started_on::text AS "clockStartedOn", a.supplement_due_on::text AS "supplementDueOn",
  a.reply_due_on::text AS "replyDueOn", a.reply_due_provisional AS "replyDueProvisional", a.paused, a.version,
  a.source, a.information_sought AS "informationSought"`;

export interface SearchRow {
  id: string;
  agencyId: string;
  caseNumber: string;
  workflowId: string;
  applicantName: string;
  applicantType: string;
  channel: string;
  receivedOn: string;
  status: string;
  outcome: string | null;
  concludedOn: string | null;
  clockStartedOn: string;
  supplementDueOn: string | null;
  replyDueOn: string | null;
  replyDueProvisional: boolean;
  paused: boolean;
  version: number;
  source: string;
  informationSought: string;
}

/** The newest first: receipt date, then case number, then id (two agencies may share a case number). */
export const SEARCH_ORDER = 'a.received_on DESC, a.case_number DESC, a.id DESC';

/** The WHERE clause over applications `a`, its parameters, and whether it uses the terms index. */
export function searchConditions(
  f: SearchFilter,
  o: { walk?: boolean } = {},
): Statement & { indexed: boolean } {
  const parameters: unknown[] = [];
  const p = (value: unknown) => `$${parameters.push(value)}`;
  const where: string[] = [];
  const indexed = Boolean(f.terms?.length) || f.applicant !== undefined;
  if (indexed) {
    const { tsquery, recheck } = searchQuery({
      agencyIds: f.agencyIds,
      terms: f.terms,
      applicant: f.applicant,
      status: f.status,
      outcome: f.outcome,
    });
    where.push(`a.search_terms @@ ${p(tsquery)}::tsquery`);
    // The agencies are in the tsquery; checked again on the column, in a form no index is chosen for.
    where.push(`(a.agency_id = ANY(${p([...f.agencyIds])}::uuid[])) IS TRUE`);
    for (const term of recheck)
      where.push(`position(${p(term)}::text in ogi_search_text(a.information_sought, a.state)) > 0`);
  } else {
    where.push(`a.agency_id = ANY(${p([...f.agencyIds])}::uuid[])`);
    if (f.status) where.push(`a.status = ${p(f.status)}`);
    if (f.outcome) where.push(`a.outcome = ${p(f.outcome)}`);
  }
  if (f.caseNumber) where.push(`a.case_number = ${p(f.caseNumber)}`);
  // With the terms index the dates filter its candidates (a form no index is chosen for: the planner,
  // misjudging how many the words match, would otherwise walk the date range of every agency), except
  // in a walk of one agency's receipt-date index (`walk`), where they bound it.
  const date = (cond: string) => where.push(indexed && !o.walk ? `(${cond}) IS TRUE` : cond);
  if (f.receivedFrom) date(`a.received_on >= ${p(f.receivedFrom)}::date`);
  if (f.receivedTo) date(`a.received_on <= ${p(f.receivedTo)}::date`);
  if (f.extra) where.push(f.extra(p));
  return { sql: where.join(' AND '), parameters, indexed };
}

/** How many applications match, counted up to `cap` + 1 (more than `cap`: there are more). */
export function searchCountStatement(f: SearchFilter, cap: number): Statement {
  const c = searchConditions(f);
  return {
    sql: `SELECT count(*)::int AS n FROM (SELECT 1 FROM applications a WHERE ${c.sql} LIMIT ${cap + 1}) m`,
    parameters: c.parameters,
  };
}

/** A page chosen from all the matches (when they are few). */
export function searchPageOfFewStatement(f: SearchFilter, offset: number, limit: number): Statement {
  const c = searchConditions(f);
  return {
    sql: `WITH m AS MATERIALIZED (SELECT a.id, a.received_on, a.case_number FROM applications a WHERE ${c.sql}),
          p AS (SELECT m.id FROM m ORDER BY m.received_on DESC, m.case_number DESC, m.id DESC
                 LIMIT ${limit} OFFSET ${offset})
          SELECT ${SEARCH_COLUMNS} FROM p JOIN applications a ON a.id = p.id ORDER BY ${SEARCH_ORDER}`,
    parameters: c.parameters,
  };
}

/**
 * A page chosen by walking each agency's applications newest first (when the matches are many): per
 * agency the first `offset + limit` matching, then merged.
 */
export function searchPageOfManyStatement(f: SearchFilter, offset: number, limit: number): Statement {
  const c = searchConditions(f, { walk: true });
  const agencies = c.parameters.push([...f.agencyIds]);
  return {
    sql: `SELECT a.* FROM unnest($${agencies}::uuid[]) AS g(id)
          CROSS JOIN LATERAL (
            SELECT ${SEARCH_COLUMNS}, a.received_on AS r, a.case_number AS n FROM applications a
             WHERE a.agency_id = g.id AND ${c.sql}
             ORDER BY a.agency_id, a.received_on DESC, a.case_number DESC
             LIMIT ${offset + limit}) a
          ORDER BY a.r DESC, a.n DESC, a.id DESC
          LIMIT ${limit} OFFSET ${offset}`,
    parameters: c.parameters,
  };
}

/** The whole result in order (an export reads it through a cursor). */
export function searchAllStatement(f: SearchFilter): Statement {
  const c = searchConditions(f);
  return {
    sql: `SELECT ${SEARCH_COLUMNS} FROM applications a WHERE ${c.sql} ORDER BY ${SEARCH_ORDER}`,
    parameters: c.parameters,
  };
}

/** Runs `work` in a transaction (SET LOCAL lasts until its end). */
export type InTransaction = <T>(work: (q: Queryable) => Promise<T>) => Promise<T>;

/**
 * A page of the search and how many match (up to `cap`; `exact` false: more than `cap`). A page past the
 * first `cap` matches of a large result is the caller's to refuse.
 */
export async function searchApplications(
  inTransaction: InTransaction,
  f: SearchFilter,
  page: number,
  pageSize: number,
  cap = SEARCH_COUNT_CAP,
): Promise<{ rows: SearchRow[]; total: number; exact: boolean }> {
  const indexed = searchConditions(f).indexed;
  return inTransaction(async (q) => {
    // The words through the terms index (a bitmap of its candidates), nothing else: the planner
    // multiplies the bigrams' frequencies as if independent and misjudges how many match. (No JIT: the
    // disabled plans' costs would make it compile for a query of milliseconds.)
    if (indexed)
      for (const setting of ['enable_seqscan', 'enable_indexscan', 'jit'])
        await q.query(`SET LOCAL ${setting} = off`);
    const count = searchCountStatement(f, cap);
    const [{ n }] = await rowsOf<{ n: number }>(q, count.sql, count.parameters);
    const exact = n <= cap;
    const offset = (page - 1) * pageSize;
    if (exact) {
      if (offset >= n) return { rows: [], total: n, exact };
      const s = searchPageOfFewStatement(f, offset, pageSize);
      return { rows: await rowsOf<SearchRow>(q, s.sql, s.parameters), total: n, exact };
    }
    // Walk the receipt-date index: a bitmap of every match would read them all to sort them. There are
    // more than `cap`, so the walk stops early.
    for (const setting of ['enable_bitmapscan', 'enable_seqscan', 'enable_sort', 'jit'])
      await q.query(`SET LOCAL ${setting} = off`);
    await q.query(`SET LOCAL enable_indexscan = on`);
    const s = searchPageOfManyStatement(f, offset, pageSize);
    const rows = await rowsOf<SearchRow & { r?: unknown; n?: unknown }>(q, s.sql, s.parameters);
    return { rows: rows.map(({ r: _r, n: _n, ...row }) => row), total: cap, exact };
  });
}
