/**
 * Placeholders (占位符) in the narrative sections of the annual report (一 总体情况, 五, 六): staff write
 * `{{本年新收申请数}}` where a figure belongs, and the text is filled from the same figures as tables 二,
 * 三 and 四 when the report is shown, exported or published — so text and tables cannot disagree. A
 * figure typed by hand is the only way to disagree; `literalNumberWarnings` points at those.
 */
import { APPLICANT_TYPES } from './applicant';
import type { Table2 } from './proactive-disclosure';
import { TABLE3_COLUMNS, TABLE3_ROWS, type Table3, type Timeliness } from './report';
import { TABLE4_COLUMNS, TABLE4_GROUPS, type Table4 } from './review-cases';
import { NARRATIVE_SECTIONS, type NarrativeSection } from './report-document';
import { type FieldProblem, textFieldProblem } from './input';

/** The figures placeholders read: the tables of the report (and the timeliness figures, when known). */
export interface ReportFigures {
  year: number;
  table3: Table3;
  table2: Table2;
  table4: Table4;
  timeliness?: Timeliness | null;
}

const TOTAL = APPLICANT_TYPES.length;
const rowTotal = (t: Table3, prefix: string) =>
  TABLE3_ROWS.filter((r) => r.startsWith(prefix)).reduce((s, r) => s + t[r][TOTAL], 0);
const t4 = (
  r: ReportFigures,
  group: (typeof TABLE4_GROUPS)[number],
  column: (typeof TABLE4_COLUMNS)[number],
) => r.table4[group][TABLE4_COLUMNS.indexOf(column)];
const litigation = (r: ReportFigures, column: (typeof TABLE4_COLUMNS)[number]) =>
  t4(r, 'litigation_direct', column) + t4(r, 'litigation_after_reconsideration', column);

/** A named placeholder: its name as staff type it, what it means, and how it is read from the report. */
export interface Placeholder {
  name: string;
  description: string;
  read: (r: ReportFigures) => number | null;
}

export const PLACEHOLDERS: readonly Placeholder[] = [
  { name: '年度', description: '报告年度', read: (r) => r.year },
  // Table 三 (totals of each row).
  {
    name: '本年新收申请数',
    description: '表三 本年新收政府信息公开申请数量（总计）',
    read: (r) => r.table3.new_this_year[TOTAL],
  },
  {
    name: '上年结转数',
    description: '表三 上年结转政府信息公开申请数量（总计）',
    read: (r) => r.table3.carried_from_last_year[TOTAL],
  },
  {
    name: '本年办结数',
    description: '表三 本年度办理结果总计',
    read: (r) => r.table3.concluded_total[TOTAL],
  },
  {
    name: '结转下年度数',
    description: '表三 结转下年度继续办理（总计）',
    read: (r) => r.table3.carried_to_next_year[TOTAL],
  },
  {
    name: '自然人申请数',
    description: '表三 本年新收申请中自然人提出的',
    read: (r) => r.table3.new_this_year[0],
  },
  {
    name: '法人或其他组织申请数',
    description: '表三 本年新收申请中法人或其他组织提出的',
    read: (r) => r.table3.new_this_year[TOTAL] - r.table3.new_this_year[0],
  },
  { name: '予以公开数', description: '表三 予以公开（总计）', read: (r) => r.table3.disclosed[TOTAL] },
  {
    name: '部分公开数',
    description: '表三 部分公开（总计）',
    read: (r) => r.table3.partially_disclosed[TOTAL],
  },
  { name: '不予公开数', description: '表三 不予公开各项之和', read: (r) => rowTotal(r.table3, 'withheld.') },
  {
    name: '无法提供数',
    description: '表三 无法提供各项之和',
    read: (r) => rowTotal(r.table3, 'unavailable.'),
  },
  {
    name: '不予处理数',
    description: '表三 不予处理各项之和',
    read: (r) => rowTotal(r.table3, 'not_processed.'),
  },
  { name: '其他处理数', description: '表三 其他处理各项之和', read: (r) => rowTotal(r.table3, 'other.') },
  // Timeliness (按时办结情况), from the same recorded history.
  {
    name: '按时办结数',
    description: '本年作出答复中在期限内办结的',
    read: (r) => r.timeliness?.onTime ?? null,
  },
  { name: '逾期办结数', description: '本年作出答复中超过期限的', read: (r) => r.timeliness?.late ?? null },
  {
    name: '办理天数中位数',
    description: '本年作出答复的办理工作日中位数',
    read: (r) => r.timeliness?.medianWorkingDays ?? null,
  },
  // Table 四.
  { name: '行政复议总数', description: '表四 行政复议 总计', read: (r) => t4(r, 'reconsideration', 'total') },
  {
    name: '行政复议维持数',
    description: '表四 行政复议 结果维持',
    read: (r) => t4(r, 'reconsideration', 'upheld'),
  },
  {
    name: '行政复议纠正数',
    description: '表四 行政复议 结果纠正',
    read: (r) => t4(r, 'reconsideration', 'corrected'),
  },
  {
    name: '行政复议其他结果数',
    description: '表四 行政复议 其他结果',
    read: (r) => t4(r, 'reconsideration', 'other'),
  },
  {
    name: '行政复议尚未审结数',
    description: '表四 行政复议 尚未审结',
    read: (r) => t4(r, 'reconsideration', 'pending'),
  },
  {
    name: '行政诉讼总数',
    description: '表四 行政诉讼 总计（直接起诉与复议后起诉）',
    read: (r) => litigation(r, 'total'),
  },
  { name: '行政诉讼维持数', description: '表四 行政诉讼 结果维持', read: (r) => litigation(r, 'upheld') },
  { name: '行政诉讼纠正数', description: '表四 行政诉讼 结果纠正', read: (r) => litigation(r, 'corrected') },
  {
    name: '行政诉讼尚未审结数',
    description: '表四 行政诉讼 尚未审结',
    read: (r) => litigation(r, 'pending'),
  },
  // Table 二.
  { name: '规章制发数', description: '表二 规章 本年制发件数', read: (r) => r.table2.rules.issued },
  { name: '规章废止数', description: '表二 规章 本年废止件数', read: (r) => r.table2.rules.repealed },
  { name: '现行有效规章数', description: '表二 规章 现行有效件数', read: (r) => r.table2.rules.in_force },
  {
    name: '行政规范性文件制发数',
    description: '表二 行政规范性文件 本年制发件数',
    read: (r) => r.table2.normative_documents.issued,
  },
  {
    name: '行政规范性文件废止数',
    description: '表二 行政规范性文件 本年废止件数',
    read: (r) => r.table2.normative_documents.repealed,
  },
  {
    name: '现行有效行政规范性文件数',
    description: '表二 行政规范性文件 现行有效件数',
    read: (r) => r.table2.normative_documents.in_force,
  },
  {
    name: '行政许可决定数',
    description: '表二 行政许可 本年处理决定数量',
    read: (r) => r.table2.licensing_decisions,
  },
  {
    name: '行政处罚决定数',
    description: '表二 行政处罚 本年处理决定数量',
    read: (r) => r.table2.penalty_decisions,
  },
  {
    name: '行政强制决定数',
    description: '表二 行政强制 本年处理决定数量',
    read: (r) => r.table2.enforcement_decisions,
  },
  {
    name: '行政事业性收费金额',
    description: '表二 行政事业性收费 本年收费金额（万元）',
    read: (r) => r.table2.administrative_fees_wan_yuan,
  },
];

const BY_NAME = new Map(PLACEHOLDERS.map((p) => [p.name, p]));

/** The generic form: 表三.<row>.<column>, 表四.<group>.<column>, 表二.<key>[.issued|repealed|in_force]. */
const TABLE2_DOCUMENT_FIELDS = ['issued', 'repealed', 'in_force'] as const;

function genericReader(name: string): ((r: ReportFigures) => number | null) | null {
  const parts = name.split('.');
  if (parts[0] === '表三' && parts.length === 3) {
    const [, row, column] = parts;
    const i = (TABLE3_COLUMNS as readonly string[]).indexOf(column);
    if (!(TABLE3_ROWS as readonly string[]).includes(row) || i < 0) return null;
    return (r) => r.table3[row as keyof Table3][i];
  }
  if (parts[0] === '表四' && parts.length === 3) {
    const [, group, column] = parts;
    const i = (TABLE4_COLUMNS as readonly string[]).indexOf(column);
    if (!(TABLE4_GROUPS as readonly string[]).includes(group) || i < 0) return null;
    return (r) => r.table4[group as keyof Table4][i];
  }
  if (parts[0] === '表二') {
    const key = parts[1];
    if ((key === 'rules' || key === 'normative_documents') && parts.length === 3) {
      const field = parts[2] as (typeof TABLE2_DOCUMENT_FIELDS)[number];
      if (!TABLE2_DOCUMENT_FIELDS.includes(field)) return null;
      return (r) => r.table2[key][field];
    }
    if (
      parts.length === 2 &&
      [
        'licensing_decisions',
        'penalty_decisions',
        'enforcement_decisions',
        'administrative_fees_wan_yuan',
      ].includes(key)
    ) {
      return (r) => r.table2[key as 'licensing_decisions'] as number;
    }
  }
  return null;
}

function readerOf(name: string): ((r: ReportFigures) => number | null) | null {
  return BY_NAME.get(name)?.read ?? genericReader(name);
}

/** `{{名称}}`, spaces inside the braces allowed. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholder names a text uses, in order (repeated names repeated). */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** How a figure reads in the text: whole numbers as they are, amounts as written, unknown as 「—」. */
function formatFigure(value: number | null): string {
  return value === null ? '—' : String(value);
}

/** The text with each placeholder replaced by its figure from `report` (unknown ones left as typed). */
export function renderText(template: string, report: ReportFigures): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const read = readerOf(name);
    return read ? formatFigure(read(report)) : whole;
  });
}

export type SectionTemplates = Record<NarrativeSection, string>;

export function emptyTemplates(): SectionTemplates {
  return { overview: '', problems: '', other_matters: '' };
}

/** The three narrative sections filled from the report's figures. */
export function renderSections(templates: SectionTemplates, report: ReportFigures): SectionTemplates {
  const out = emptyTemplates();
  for (const s of NARRATIVE_SECTIONS) out[s] = renderText(templates[s] ?? '', report);
  return out;
}

/** The unknown placeholders of a text, and braces left open (`{{` without `}}`), as reasons. */
export function placeholderProblems(template: string): string[] {
  const problems: string[] = [];
  for (const name of placeholdersIn(template)) {
    if (!readerOf(name)) problems.push(`未知的占位符 {{${name}}} (unknown placeholder)`);
  }
  const rest = template.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) {
    problems.push('占位符的括号不完整：应写作 {{名称}} (unbalanced placeholder braces)');
  }
  return problems;
}

/** The longest text a narrative section may hold. */
export const MAX_SECTION_LENGTH = 20_000;

/**
 * Why the sections as sent are refused, naming the field (`sections.overview` …): not text, too long,
 * a character that cannot be stored, or an unknown placeholder. Sections not sent are not checked.
 */
export function sectionProblems(sections: Partial<Record<string, unknown>>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const s of NARRATIVE_SECTIONS) {
    const field = `sections.${s}`;
    const value = sections[s];
    const text = textFieldProblem(field, value, MAX_SECTION_LENGTH, false);
    if (text) {
      problems.push(text);
      continue;
    }
    if (typeof value === 'string') {
      for (const reason of placeholderProblems(value)) problems.push({ field, reason });
    }
  }
  return problems;
}

/**
 * Figures typed by hand in a template (a number followed by a counting word, e.g. 「21件」): they do not
 * follow the data and are the only way text can contradict the tables. A warning each, never an error.
 */
export function literalNumberWarnings(
  templates: SectionTemplates,
): Array<{ section: NarrativeSection; text: string; warning: string }> {
  const out: Array<{ section: NarrativeSection; text: string; warning: string }> = [];
  for (const s of NARRATIVE_SECTIONS) {
    const rest = (templates[s] ?? '').replace(PLACEHOLDER, ' ');
    for (const m of rest.matchAll(/\d+(?:\.\d+)?\s*(?:件|个|起|项|宗|份|次|人|家|万元|%)/g)) {
      out.push({
        section: s,
        text: m[0],
        warning: `「${m[0]}」是手工填写的数字，不随数据更新，可能与表格不一致；请改用占位符`,
      });
    }
  }
  return out;
}
