/**
 * Publishing the annual report (发布): the checks a report must pass before it is published, the
 * differences between a published snapshot and the current figures (for a restatement, 更正), and the
 * sum of published reports (a government's roll-up, 汇总).
 */
import { type Table2, roundAmount } from './proactive-disclosure';
import { type CrossCheck, TABLE3_COLUMNS, TABLE3_ROWS, type Table3, crossCheckTable3 } from './report';
import { TABLE4_COLUMNS, TABLE4_GROUPS, type Table4, crossCheckTable4 } from './review-cases';

/** The tables of a report (a draft's current figures or a published snapshot's). */
export interface ReportTables {
  table3: Table3;
  table2: Table2;
  table4: Table4;
}

/** A report as the server computes it: its tables and the checks it evaluated (table 二's included). */
export interface CheckedReport extends ReportTables {
  year: number;
  checks: CrossCheck[];
}

/** The previous year, for the chain check: its published snapshot, or its current figures when unpublished. */
export type PreviousYear =
  { published: true; version: number; table3: Table3 } | { published: false; table3: Table3 };

/** A check of the publication; every failing check blocks publishing. */
export interface PublicationCheck extends CrossCheck {
  blocking: boolean;
}

/**
 * Every cross-check of REPORT.md on the report, each blocking publication when it fails: table 三's
 * balance, concluded total and total column (recomputed from the table), table 二's in-force identities
 * and its figures entered (as the server evaluated them from the register: a figure never entered must
 * be entered, 0 with its source if there was none), table 四's totals, and the chain: this year's
 * 上年结转 equals last year's PUBLISHED 结转下年度继续办理, per column (last year's current figures when
 * it was not published, and the check says so).
 */
export function publicationChecks(report: CheckedReport, previous: PreviousYear | null): PublicationCheck[] {
  const own = crossCheckTable3(report.table3);
  const table2 = report.checks.filter((c) => c.key.startsWith('table2.'));
  const table4 = crossCheckTable4(report.table4);
  const checks: CrossCheck[] = [...own, ...table2.map((c) => withTable2Hint(c)), ...table4];
  if (previous) checks.push(chainCheck(report.table3, previous, report.year));
  return checks.map((c) => ({ ...c, blocking: true }));
}

function withTable2Hint(c: CrossCheck): CrossCheck {
  if (c.key !== 'table2.figures_entered' || c.ok) return c;
  return {
    ...c,
    failures: [...c.failures, '请在“主动公开数据”中录入这些数据；没有的，录入 0 并注明来源'],
  };
}

/** This year's 上年结转 against last year's 结转下年度继续办理 (published, or current when unpublished). */
export function chainCheck(table3: Table3, previous: PreviousYear, year: number): CrossCheck {
  const failures = TABLE3_COLUMNS.flatMap((column, i) => {
    const mine = table3.carried_from_last_year[i];
    const theirs = previous.table3.carried_to_next_year[i];
    return mine === theirs ? [] : [`${column}: ${mine} ≠ ${theirs}`];
  });
  const against = previous.published
    ? `${year - 1}年已发布报告（第 ${previous.version} 版）`
    : `${year - 1}年当前数据（${year - 1}年尚未发布）`;
  return {
    key: 'chain.carry_over',
    description: `本年“上年结转” = ${against}的“结转下年度继续办理”，逐列`,
    ok: failures.length === 0,
    failures,
  };
}

/** The checks that fail and block publication. */
export function blockingFailures(checks: readonly PublicationCheck[]): PublicationCheck[] {
  return checks.filter((c) => c.blocking && !c.ok);
}

/** One figure that differs between a published snapshot and the current figures. */
export interface FigureDifference {
  table: 'table2' | 'table3' | 'table4';
  row: string;
  column: string;
  published: number;
  current: number;
  /** current − published */
  difference: number;
}

/** Every figure of tables 二, 三 and 四 that differs, per table, row and column, in table order. */
export function compareReports(published: ReportTables, current: ReportTables): FigureDifference[] {
  const out: FigureDifference[] = [];
  const add = (table: FigureDifference['table'], row: string, column: string, p: number, c: number) => {
    if (p !== c) out.push({ table, row, column, published: p, current: c, difference: roundAmount(c - p) });
  };
  for (const key of ['rules', 'normative_documents'] as const) {
    for (const field of ['issued', 'repealed', 'in_force'] as const) {
      add('table2', key, field, published.table2[key][field], current.table2[key][field]);
    }
  }
  for (const key of [
    'licensing_decisions',
    'penalty_decisions',
    'enforcement_decisions',
    'administrative_fees_wan_yuan',
  ] as const) {
    add('table2', key, 'value', published.table2[key], current.table2[key]);
  }
  for (const row of TABLE3_ROWS) {
    TABLE3_COLUMNS.forEach((column, i) =>
      add('table3', row, column, published.table3[row][i], current.table3[row][i]),
    );
  }
  for (const group of TABLE4_GROUPS) {
    TABLE4_COLUMNS.forEach((column, i) =>
      add('table4', group, column, published.table4[group][i], current.table4[group][i]),
    );
  }
  return out;
}

/** Zero tables, the start of a sum. */
export function emptyTables(): ReportTables {
  return {
    table3: Object.fromEntries(TABLE3_ROWS.map((r) => [r, TABLE3_COLUMNS.map(() => 0)])) as Table3,
    table4: Object.fromEntries(TABLE4_GROUPS.map((g) => [g, TABLE4_COLUMNS.map(() => 0)])) as Table4,
    table2: {
      rules: { issued: 0, repealed: 0, in_force: 0 },
      normative_documents: { issued: 0, repealed: 0, in_force: 0 },
      licensing_decisions: 0,
      penalty_decisions: 0,
      enforcement_decisions: 0,
      administrative_fees_wan_yuan: 0,
    },
  };
}

/** The sum of reports' tables, figure by figure (fee amounts rounded to the yuan, 4 decimals of 万元). */
export function sumReports(reports: readonly ReportTables[]): ReportTables {
  const sum = emptyTables();
  for (const r of reports) {
    for (const row of TABLE3_ROWS) r.table3[row].forEach((v, i) => (sum.table3[row][i] += v));
    for (const g of TABLE4_GROUPS) r.table4[g].forEach((v, i) => (sum.table4[g][i] += v));
    for (const key of ['rules', 'normative_documents'] as const) {
      for (const field of ['issued', 'repealed', 'in_force'] as const)
        sum.table2[key][field] += r.table2[key][field];
    }
    sum.table2.licensing_decisions += r.table2.licensing_decisions;
    sum.table2.penalty_decisions += r.table2.penalty_decisions;
    sum.table2.enforcement_decisions += r.table2.enforcement_decisions;
    sum.table2.administrative_fees_wan_yuan = roundAmount(
      sum.table2.administrative_fees_wan_yuan + r.table2.administrative_fees_wan_yuan,
    );
  }
  return sum;
}
