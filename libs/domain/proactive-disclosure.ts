/**
 * Proactive disclosure (主动公开政府信息情况), table 二 of the annual report (REPORT.md).
 *
 * Rules (规章) and normative documents (行政规范性文件) are kept in a register with their issue and repeal
 * dates, from which "issued this year", "repealed this year" and "in force at year end" follow. The other
 * figures of the table (administrative licensing, penalty and enforcement decisions, fees in 万元) come
 * from other systems: staff record them per year, each with its source (来源).
 */
import { type IsoDate, isIsoDate } from './dates';
import { type FieldProblem, businessDateProblem, textFieldProblem } from './input';
import type { CrossCheck } from './report';

export const DOCUMENT_KINDS = ['rule', 'normative_document'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  rule: '规章',
  normative_document: '行政规范性文件',
};

/** The row of table 二 for each kind of document. */
export const DOCUMENT_KIND_ROWS: Record<DocumentKind, 'rules' | 'normative_documents'> = {
  rule: 'rules',
  normative_document: 'normative_documents',
};

export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(value);
}

/** The figures an agency records per year from other systems. */
export const FIGURE_KEYS = [
  'licensing_decisions',
  'penalty_decisions',
  'enforcement_decisions',
  'administrative_fees_wan_yuan',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export const FIGURE_LABELS: Record<FigureKey, string> = {
  licensing_decisions: '行政许可（本年处理决定数量）',
  penalty_decisions: '行政处罚（本年处理决定数量）',
  enforcement_decisions: '行政强制（本年处理决定数量）',
  administrative_fees_wan_yuan: '行政事业性收费（本年收费金额，万元）',
};

export function isFigureKey(value: unknown): value is FigureKey {
  return typeof value === 'string' && (FIGURE_KEYS as readonly string[]).includes(value);
}

/** A count figure is a whole number; the fee amount has at most 4 decimal places (万元, i.e. to the yuan). */
export function isCountFigure(key: FigureKey): boolean {
  return key !== 'administrative_fees_wan_yuan';
}

/** The largest amount numeric(14,4) holds (10 digits before the point). */
export const MAX_FIGURE_VALUE = 9_999_999_999;
export const MAX_TITLE_LENGTH = 500;
export const MAX_DOCUMENT_NUMBER_LENGTH = 100;
export const MAX_SOURCE_LENGTH = 500;
export const MAX_NOTE_LENGTH = 1000;

/** One document of the register. */
export interface DisclosureDocument {
  kind: DocumentKind;
  title: string;
  /** 文号, e.g. 某政办规〔2024〕1号 (optional). */
  documentNumber?: string | null;
  issuedOn: IsoDate;
  /** 废止日期 (on that day the document is no longer in force). */
  repealedOn?: IsoDate | null;
}

/** A figure recorded for a year (of one agency; figures of several agencies are summed). */
export interface RecordedFigure {
  agencyId?: string;
  year: number;
  key: FigureKey;
  value: number;
  /** 来源: where the figure comes from, e.g. "省政务服务平台导出 2025-01-05". */
  source: string;
  /** ISO instant. */
  recordedAt: string;
  recordedBy: string;
}

export interface DocumentRow {
  issued: number;
  repealed: number;
  in_force: number;
}

/** Table 二, in the shape of `table2` of the report JSON (REPORT.md). */
export interface Table2 {
  rules: DocumentRow;
  normative_documents: DocumentRow;
  licensing_decisions: number;
  penalty_decisions: number;
  enforcement_decisions: number;
  administrative_fees_wan_yuan: number;
}

/** Where each recorded figure of table 二 comes from; null when it was never entered for the year. */
export type Table2Sources = Record<
  FigureKey,
  { source: string; recordedAt: string; recordedBy: string } | null
>;

const yearStart = (year: number): IsoDate => `${year}-01-01`;
const yearEnd = (year: number): IsoDate => `${year}-12-31`;
const inYear = (date: IsoDate | null | undefined, year: number): boolean =>
  !!date && date >= yearStart(year) && date <= yearEnd(year);

/** In force at the end of `date`: issued by then and not repealed by then. */
export function inForceOn(doc: DisclosureDocument, date: IsoDate): boolean {
  return doc.issuedOn <= date && !(doc.repealedOn && doc.repealedOn <= date);
}

/** Rounds an amount to 4 decimal places (sums of 万元 amounts stay exact to the yuan). */
export function roundAmount(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function documentRow(
  documents: readonly DisclosureDocument[],
  kind: DocumentKind,
  year: number,
): DocumentRow {
  const ofKind = documents.filter((d) => d.kind === kind);
  return {
    issued: ofKind.filter((d) => inYear(d.issuedOn, year)).length,
    repealed: ofKind.filter((d) => inYear(d.repealedOn, year)).length,
    in_force: ofKind.filter((d) => inForceOn(d, yearEnd(year))).length,
  };
}

/**
 * Table 二 of `year`: issued = issued in the year, repealed = repealed in the year, in force = in force on
 * 31 December; the recorded figures of the year summed (over agencies); a figure never entered counts 0.
 */
export function computeTable2(
  documents: readonly DisclosureDocument[],
  figures: readonly RecordedFigure[],
  year: number,
): Table2 {
  const sum = (key: FigureKey) =>
    roundAmount(figures.filter((f) => f.year === year && f.key === key).reduce((s, f) => s + f.value, 0));
  return {
    rules: documentRow(documents, 'rule', year),
    normative_documents: documentRow(documents, 'normative_document', year),
    licensing_decisions: sum('licensing_decisions'),
    penalty_decisions: sum('penalty_decisions'),
    enforcement_decisions: sum('enforcement_decisions'),
    administrative_fees_wan_yuan: sum('administrative_fees_wan_yuan'),
  };
}

/**
 * The source of each figure of `year`, or null when none was entered. Figures of several agencies are
 * listed together (sources joined with "；", the latest recording time).
 */
export function table2Sources(figures: readonly RecordedFigure[], year: number): Table2Sources {
  const out = {} as Table2Sources;
  for (const key of FIGURE_KEYS) {
    const of = figures.filter((f) => f.year === year && f.key === key);
    if (!of.length) {
      out[key] = null;
      continue;
    }
    const latest = of.reduce((a, b) => (b.recordedAt > a.recordedAt ? b : a));
    out[key] = {
      source: [...new Set(of.map((f) => f.source))].join('；'),
      recordedAt: latest.recordedAt,
      recordedBy: [...new Set(of.map((f) => f.recordedBy))].join('；'),
    };
  }
  return out;
}

/**
 * The cross-checks of table 二: per kind, in force at year end = in force at the start of the year +
 * issued − repealed; and every recorded figure entered for the year (for each of `agencyIds` when given).
 */
export function crossCheckTable2(
  documents: readonly DisclosureDocument[],
  figures: readonly RecordedFigure[],
  year: number,
  agencyIds?: readonly string[],
): CrossCheck[] {
  const table = computeTable2(documents, figures, year);
  const checks: CrossCheck[] = DOCUMENT_KINDS.map((kind) => {
    const row = table[DOCUMENT_KIND_ROWS[kind]];
    const atStart = documents.filter((d) => d.kind === kind && inForceOn(d, `${year - 1}-12-31`)).length;
    const expected = atStart + row.issued - row.repealed;
    const failures =
      expected === row.in_force
        ? []
        : [
            `${DOCUMENT_KIND_LABELS[kind]}: 年初现行有效 ${atStart} + 本年制发 ${row.issued} − 本年废止 ${row.repealed} = ${expected}，但年末现行有效为 ${row.in_force}`,
          ];
    return {
      key: `table2.in_force.${DOCUMENT_KIND_ROWS[kind]}`,
      description: `${DOCUMENT_KIND_LABELS[kind]}：年初现行有效 + 本年制发 − 本年废止 = 年末现行有效`,
      ok: failures.length === 0,
      failures,
    };
  });
  const missing: string[] = [];
  const agencies = agencyIds && agencyIds.length > 1 ? agencyIds : null;
  for (const key of FIGURE_KEYS) {
    if (agencies) {
      for (const agencyId of agencies) {
        if (!figures.some((f) => f.year === year && f.key === key && f.agencyId === agencyId)) {
          missing.push(`${FIGURE_LABELS[key]}（机关 ${agencyId}）`);
        }
      }
    } else if (!figures.some((f) => f.year === year && f.key === key)) {
      missing.push(FIGURE_LABELS[key]);
    }
  }
  checks.push({
    key: 'table2.figures_entered',
    description: '本年行政许可、行政处罚、行政强制和行政事业性收费数据均已录入并注明来源（未录入的按 0 计）',
    ok: missing.length === 0,
    failures: missing.map((m) => `未录入${m}`),
  });
  return checks;
}

// ——— validation (the API checks the same at the edge and names the field) ———

export type InputProblem = FieldProblem;

function dateFieldProblem(field: string, value: unknown, today: IsoDate): InputProblem | null {
  const problem = businessDateProblem(value, today);
  return problem ? { field, reason: `${field} ${problem}` } : null;
}

/** Why a document cannot be registered as given (every problem, each naming its field). */
export function documentProblems(
  doc: {
    kind?: unknown;
    title?: unknown;
    documentNumber?: unknown;
    issuedOn?: unknown;
    repealedOn?: unknown;
  },
  today: IsoDate,
): InputProblem[] {
  const problems: InputProblem[] = [];
  if (!isDocumentKind(doc.kind)) {
    problems.push({ field: 'kind', reason: `kind must be one of: ${DOCUMENT_KINDS.join(', ')}` });
  }
  const title = textFieldProblem('title', doc.title, MAX_TITLE_LENGTH, true);
  if (title) problems.push(title);
  const number = textFieldProblem('documentNumber', doc.documentNumber, MAX_DOCUMENT_NUMBER_LENGTH, false);
  if (number) problems.push(number);
  const issued = dateFieldProblem('issuedOn', doc.issuedOn, today);
  if (issued) problems.push(issued);
  if (doc.repealedOn !== undefined && doc.repealedOn !== null) {
    const repealed = repealProblem(doc.issuedOn, doc.repealedOn, today);
    if (repealed) problems.push(repealed);
  }
  return problems;
}

/** Why `repealedOn` cannot be the repeal date of a document issued on `issuedOn`, or null. */
export function repealProblem(issuedOn: unknown, repealedOn: unknown, today: IsoDate): InputProblem | null {
  const date = dateFieldProblem('repealedOn', repealedOn, today);
  if (date) return date;
  if (isIsoDate(issuedOn) && (repealedOn as string) < issuedOn) {
    return {
      field: 'repealedOn',
      reason: `repealedOn ${repealedOn as string} is before the issue date ${issuedOn} (废止日期不能早于印发日期)`,
    };
  }
  return null;
}

/** Why a repeal note cannot be stored, or null (optional text). */
export function repealNoteProblem(note: unknown): InputProblem | null {
  return textFieldProblem('note', note, MAX_NOTE_LENGTH, false);
}

/** Why a figure cannot be recorded as given (each problem naming `figures.<key>.value|source`). */
export function figureProblems(key: string, value: unknown, source: unknown): InputProblem[] {
  const at = `figures.${key}`;
  if (!isFigureKey(key)) {
    return [{ field: at, reason: `${key} is not a figure of table 二; one of: ${FIGURE_KEYS.join(', ')}` }];
  }
  const problems: InputProblem[] = [];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({ field: `${at}.value`, reason: `${at}.value must be a number` });
  } else if (value < 0) {
    problems.push({ field: `${at}.value`, reason: `${at}.value must not be negative` });
  } else if (value > MAX_FIGURE_VALUE) {
    problems.push({ field: `${at}.value`, reason: `${at}.value must be at most ${MAX_FIGURE_VALUE}` });
  } else if (isCountFigure(key) && !Number.isInteger(value)) {
    problems.push({
      field: `${at}.value`,
      reason: `${at}.value must be a whole number (a count of decisions)`,
    });
  } else if (!isCountFigure(key) && roundAmount(value) !== value) {
    problems.push({
      field: `${at}.value`,
      reason: `${at}.value must have at most 4 decimal places (万元 to the yuan)`,
    });
  }
  const src = textFieldProblem(`${at}.source`, source, MAX_SOURCE_LENGTH, true);
  if (src) problems.push(src);
  return problems;
}
