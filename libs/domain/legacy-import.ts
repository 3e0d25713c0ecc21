/**
 * Legacy import (历史数据导入): an agency moving from spreadsheets brings its past applications in, so
 * that its first year's report counts them. Pure functions: the header mapping (Chinese headers and
 * English keys), a small RFC 4180 CSV reader (UTF-8 with or without BOM, GB18030 otherwise), and the
 * validation of every row, which answers every problem by row number and column, in Chinese.
 */
import { type ApplicationState, initialState } from './application';
import { APPLICANT_TYPES, APPLICANT_TYPE_LABELS, type ApplicantType } from './applicant';
import { RECEIPT_CHANNELS, RECEIPT_CHANNEL_RULES, type ReceiptChannel } from './channel';
import { type IsoDate, isIsoDate } from './dates';
import { EARLIEST_BUSINESS_DATE } from './input';
import { OUTCOME_CODES, OUTCOME_LABELS, type OutcomeCode } from './outcome';

export const LEGACY_IMPORT_FIELDS = [
  'caseNumber',
  'applicantType',
  'channel',
  'receivedOn',
  'outcome',
  'concludedOn',
  'state',
  'applicantName',
  'informationSought',
] as const;
export type LegacyImportField = (typeof LEGACY_IMPORT_FIELDS)[number];

export interface LegacyImportColumn {
  field: LegacyImportField;
  /** The header written in templates and named in problems. */
  header: string;
  /** Other headers accepted for the column (Chinese variants and English keys). */
  aliases: readonly string[];
  required: boolean;
  description: string;
}

export const LEGACY_IMPORT_COLUMNS: readonly LegacyImportColumn[] = [
  {
    field: 'caseNumber',
    header: '案件编号',
    aliases: ['编号', '申请编号', 'case_number', 'caseNumber', 'case number'],
    required: true,
    description: '本机关的案件编号，同一机关内唯一（最长32个字符）',
  },
  {
    field: 'applicantType',
    header: '申请人类型',
    aliases: ['applicant_type', 'applicantType', 'applicant type'],
    required: true,
    description:
      '年度报告表三的申请人类型：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他（或代码）',
  },
  {
    field: 'channel',
    header: '申请渠道',
    aliases: ['收到方式', '提交方式', '渠道', 'channel'],
    required: true,
    description: '当面提交、邮寄、平常信函、互联网渠道、电子邮件、传真（或代码）',
  },
  {
    field: 'receivedOn',
    header: '收到申请日期',
    aliases: ['收到日期', '收到申请之日', '受理日期', 'received_on', 'receivedOn', 'received on'],
    required: true,
    description: '收到申请之日，如 2025-03-18、2025/3/18 或 2025年3月18日',
  },
  {
    field: 'outcome',
    header: '办理结果',
    aliases: ['答复结果', 'outcome'],
    required: false,
    description: '已办结的：表三的办理结果代码或中文名称，如 disclosed 或 予以公开；未办结的留空',
  },
  {
    field: 'concludedOn',
    header: '办结日期',
    aliases: ['答复日期', 'concluded_on', 'concludedOn', 'concluded on'],
    required: false,
    description: '已办结的：办结日期；未办结的留空',
  },
  {
    field: 'state',
    header: '办理状态',
    aliases: ['状态', 'state', 'status'],
    required: false,
    description: '可留空；已办结 或 未办结（未办结的也可写 已登记、办理中）',
  },
  {
    field: 'applicantName',
    header: '申请人',
    aliases: ['申请人姓名', '申请人名称', 'applicant_name', 'applicantName', 'applicant'],
    required: false,
    description: '可留空',
  },
  {
    field: 'informationSought',
    header: '申请内容',
    aliases: ['申请公开的信息', '所需信息', 'information_sought', 'informationSought'],
    required: false,
    description: '可留空',
  },
];

const COLUMN_OF: Record<LegacyImportField, LegacyImportColumn> = Object.fromEntries(
  LEGACY_IMPORT_COLUMNS.map((c) => [c.field, c]),
) as Record<LegacyImportField, LegacyImportColumn>;

/** One problem of an uploaded file: the spreadsheet row (the header is row 1), the column, why. */
export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

/** A valid row, ready to import. */
export interface LegacyRow {
  /** The spreadsheet row number (the header is row 1). */
  row: number;
  caseNumber: string;
  applicantType: ApplicantType;
  channel: ReceiptChannel;
  receivedOn: IsoDate;
  applicantName: string;
  informationSought: string;
  /** Null: the application is still open; its workflow starts with its real receipt date. */
  conclusion: { outcome: OutcomeCode; concludedOn: IsoDate } | null;
}

export const IMPORTED_APPLICANT_NAME = '（历史数据导入）';
export const IMPORTED_INFORMATION_SOUGHT = '（历史数据导入，未录入申请内容）';
export const MAX_CASE_NUMBER_LENGTH = 32;
export const MAX_TEXT_LENGTH = 2000;

function normalizeHeader(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\s_\-（）()：:*]/g, '')
    .toLowerCase();
}

const HEADER_INDEX = new Map<string, LegacyImportField>();
for (const c of LEGACY_IMPORT_COLUMNS) {
  for (const name of [c.header, ...c.aliases]) HEADER_INDEX.set(normalizeHeader(name), c.field);
}

/** The field a header names, or null for a column the import does not read. */
export function fieldOfHeader(header: string): LegacyImportField | null {
  return HEADER_INDEX.get(normalizeHeader(header)) ?? null;
}

/** A label, without spaces, full-width forms or the separator dot, for matching staff's spelling. */
function normalizeLabel(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\s·•・.．、\-—_]/g, '')
    .toLowerCase();
}

function labelIndex<T extends string>(
  codes: readonly T[],
  labels: Record<T, string>,
  extra: Record<string, T>,
): Map<string, T> {
  const index = new Map<string, T>();
  const partCount = new Map<string, number>();
  for (const code of codes) {
    const parts = labels[code].split('·').map((p) => p.trim());
    if (parts.length > 1) {
      const last = normalizeLabel(parts[parts.length - 1]);
      partCount.set(last, (partCount.get(last) ?? 0) + 1);
    }
  }
  for (const code of codes) {
    index.set(normalizeLabel(code), code);
    index.set(normalizeLabel(labels[code]), code);
    const parts = labels[code].split('·').map((p) => p.trim());
    // The last part alone ("商业企业", "属于国家秘密") when no other label ends the same way.
    if (parts.length > 1) {
      const last = normalizeLabel(parts[parts.length - 1]);
      if (partCount.get(last) === 1) index.set(last, code);
    }
  }
  for (const [name, code] of Object.entries(extra)) index.set(normalizeLabel(name), code);
  return index;
}

const APPLICANT_TYPE_INDEX = labelIndex(APPLICANT_TYPES, APPLICANT_TYPE_LABELS, {
  个人: 'natural_person',
  公民: 'natural_person',
  企业: 'commercial_enterprise',
  其他组织: 'other_org',
  法人或其他组织其他: 'other_org',
});

const CHANNEL_LABELS = Object.fromEntries(
  RECEIPT_CHANNELS.map((c) => [c, RECEIPT_CHANNEL_RULES[c].label]),
) as Record<ReceiptChannel, string>;
const CHANNEL_INDEX = labelIndex(RECEIPT_CHANNELS, CHANNEL_LABELS, {
  当面: 'in_person',
  现场: 'in_person',
  现场提交: 'in_person',
  邮寄: 'registered_post',
  挂号信: 'registered_post',
  快递: 'registered_post',
  信函: 'ordinary_letter',
  平常信函: 'ordinary_letter',
  互联网: 'online_platform',
  网络: 'online_platform',
  网上申请: 'online_platform',
  在线平台: 'online_platform',
  互联网渠道: 'online_platform',
  邮件: 'email',
  电子邮件: 'email',
  传真: 'fax',
});

const OUTCOME_INDEX = labelIndex(OUTCOME_CODES, OUTCOME_LABELS, {});

export function applicantTypeOf(value: string): ApplicantType | null {
  return APPLICANT_TYPE_INDEX.get(normalizeLabel(value)) ?? null;
}
export function channelOf(value: string): ReceiptChannel | null {
  return CHANNEL_INDEX.get(normalizeLabel(value)) ?? null;
}
export function outcomeOf(value: string): OutcomeCode | null {
  return OUTCOME_INDEX.get(normalizeLabel(value)) ?? null;
}

const OPEN_STATES = new Set(
  ['未办结', '办理中', '已登记', '在办', 'open', 'registered', 'under_review'].map(normalizeLabel),
);
const CONCLUDED_STATES = new Set(['已办结', '办结', '已答复', 'concluded', 'closed'].map(normalizeLabel));

/**
 * A date cell as written: `2025-03-18`, `2025/3/18`, `2025.3.18`, `2025年3月18日`, or a spreadsheet
 * date (already turned into `YYYY-MM-DD` by the reader). Null when it is not a real calendar date.
 */
export function parseLegacyDate(value: string): IsoDate | null {
  const v = value.normalize('NFKC').trim();
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(v);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** The header row read: which column holds which field, and the header problems. */
export function mapHeader(header: readonly string[]): {
  columns: Partial<Record<LegacyImportField, number>>;
  problems: ImportProblem[];
} {
  const columns: Partial<Record<LegacyImportField, number>> = {};
  const problems: ImportProblem[] = [];
  header.forEach((cell, index) => {
    const field = fieldOfHeader(cell ?? '');
    if (!field) return;
    if (columns[field] !== undefined) {
      problems.push({
        row: 1,
        column: cell,
        message: `表头重复：“${cell}”与第${columns[field]! + 1}列都对应“${COLUMN_OF[field].header}”`,
      });
      return;
    }
    columns[field] = index;
  });
  for (const c of LEGACY_IMPORT_COLUMNS) {
    if (c.required && columns[c.field] === undefined) {
      problems.push({ row: 1, column: c.header, message: `缺少必填列“${c.header}”（${c.description}）` });
    }
  }
  return { columns, problems };
}

function hasControlCharacters(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value);
}

/**
 * Validates a sheet (its first row the header, cells as text) and answers the rows to import and every
 * problem, each with its row number (the header is row 1) and the column's header. Blank rows are
 * skipped. A case number used twice in the file is a problem of the later rows; one already in the
 * database is the caller's to check (`existingCaseNumberProblems`).
 */
export function validateLegacySheet(
  sheet: readonly (readonly string[])[],
  today: IsoDate,
): { rows: LegacyRow[]; problems: ImportProblem[] } {
  if (!sheet.length || sheet[0].every((c) => !c?.trim())) {
    return { rows: [], problems: [{ row: 1, column: '', message: '文件为空：第1行应为表头' }] };
  }
  const { columns, problems } = mapHeader(sheet[0].map((c) => (c ?? '').trim()));
  if (problems.length) return { rows: [], problems };
  const rows: LegacyRow[] = [];
  const firstRowOfCase = new Map<string, number>();
  for (let i = 1; i < sheet.length; i += 1) {
    const cells = sheet[i];
    if (!cells || cells.every((c) => !c?.trim())) continue;
    const rowNumber = i + 1;
    const cell = (field: LegacyImportField): string => {
      const index = columns[field];
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const rowProblems: ImportProblem[] = [];
    const problem = (field: LegacyImportField, message: string) =>
      rowProblems.push({ row: rowNumber, column: COLUMN_OF[field].header, message });

    const caseNumber = cell('caseNumber');
    if (!caseNumber) problem('caseNumber', '必填项为空');
    else if (caseNumber.length > MAX_CASE_NUMBER_LENGTH)
      problem('caseNumber', `案件编号过长（${caseNumber.length}个字符，最多${MAX_CASE_NUMBER_LENGTH}个）`);
    else if (hasControlCharacters(caseNumber)) problem('caseNumber', '案件编号含有控制字符');
    else {
      const first = firstRowOfCase.get(caseNumber);
      if (first !== undefined) problem('caseNumber', `案件编号“${caseNumber}”与第${first}行重复`);
      else firstRowOfCase.set(caseNumber, rowNumber);
    }

    const applicantTypeText = cell('applicantType');
    const applicantType = applicantTypeText ? applicantTypeOf(applicantTypeText) : null;
    if (!applicantTypeText) problem('applicantType', '必填项为空');
    else if (!applicantType)
      problem(
        'applicantType',
        `“${applicantTypeText}”不是年度报告表三的申请人类型（可填：${APPLICANT_TYPES.map((t) => APPLICANT_TYPE_LABELS[t]).join('、')}）`,
      );

    const channelText = cell('channel');
    const channel = channelText ? channelOf(channelText) : null;
    if (!channelText) problem('channel', '必填项为空');
    else if (!channel)
      problem(
        'channel',
        `“${channelText}”不是可识别的申请渠道（可填：${RECEIPT_CHANNELS.map((c) => CHANNEL_LABELS[c]).join('、')}）`,
      );

    const date = (field: 'receivedOn' | 'concludedOn', required: boolean): IsoDate | null => {
      const text = cell(field);
      if (!text) {
        if (required) problem(field, '必填项为空');
        return null;
      }
      const d = parseLegacyDate(text);
      if (!d) {
        problem(field, `“${text}”不是有效日期（应写作 2025-03-18、2025/3/18 或 2025年3月18日）`);
        return null;
      }
      if (d > today) {
        problem(field, `${d} 是将来的日期（今天是 ${today}，北京时间）`);
        return null;
      }
      if (d < EARLIEST_BUSINESS_DATE) {
        problem(field, `${d} 早于工作日历可计算的最早日期 ${EARLIEST_BUSINESS_DATE}`);
        return null;
      }
      return d;
    };
    const receivedOn = date('receivedOn', true);

    const stateText = cell('state');
    const state = !stateText
      ? null
      : OPEN_STATES.has(normalizeLabel(stateText))
        ? 'open'
        : CONCLUDED_STATES.has(normalizeLabel(stateText))
          ? 'concluded'
          : undefined;
    if (state === undefined)
      problem('state', `“${stateText}”不是可识别的办理状态（可填：已办结、未办结、已登记、办理中）`);

    const outcomeText = cell('outcome');
    const outcome = outcomeText ? outcomeOf(outcomeText) : null;
    if (outcomeText && !outcome)
      problem(
        'outcome',
        `“${outcomeText}”不是年度报告表三的办理结果（填写结果代码或其中文名称，如 予以公开）`,
      );
    const concludedText = cell('concludedOn');
    const concludedOn = date('concludedOn', false);
    const concluded = state === 'concluded' || !!outcomeText || !!concludedText;
    if (state === 'open' && (outcomeText || concludedText)) {
      problem('state', `办理状态为“${stateText}”（未办结），但填写了办理结果或办结日期`);
    } else if (concluded) {
      if (!outcomeText) problem('outcome', '已办结的申请必须填写办理结果');
      if (!concludedText) problem('concludedOn', '已办结的申请必须填写办结日期');
    }
    if (receivedOn && concludedOn && concludedOn < receivedOn) {
      problem('concludedOn', `办结日期 ${concludedOn} 早于收到申请日期 ${receivedOn}`);
    }

    const applicantName = cell('applicantName') || IMPORTED_APPLICANT_NAME;
    const informationSought = cell('informationSought') || IMPORTED_INFORMATION_SOUGHT;
    for (const [field, value] of [
      ['applicantName', applicantName],
      ['informationSought', informationSought],
    ] as const) {
      if (value.length > MAX_TEXT_LENGTH) problem(field, `内容过长（最多${MAX_TEXT_LENGTH}个字符）`);
      else if (hasControlCharacters(value)) problem(field, '含有控制字符');
    }

    if (rowProblems.length) {
      problems.push(...rowProblems);
      continue;
    }
    rows.push({
      row: rowNumber,
      caseNumber,
      applicantType: applicantType!,
      channel: channel!,
      receivedOn: receivedOn!,
      applicantName,
      informationSought,
      conclusion: concluded ? { outcome: outcome!, concludedOn: concludedOn! } : null,
    });
  }
  if (!rows.length && !problems.length) {
    problems.push({ row: 2, column: '', message: '文件中没有数据行' });
  }
  return { rows, problems };
}

/** The problems of rows whose case number the agency already has (the database's answer). */
export function existingCaseNumberProblems(
  rows: readonly LegacyRow[],
  existing: ReadonlySet<string>,
): ImportProblem[] {
  return rows
    .filter((r) => existing.has(r.caseNumber))
    .map((r) => ({
      row: r.row,
      column: COLUMN_OF.caseNumber.header,
      message: `案件编号“${r.caseNumber}”在本机关已存在（已登记或已导入）`,
    }));
}

/** Problems in file order: by row, the header first. */
export function sortProblems(problems: readonly ImportProblem[]): ImportProblem[] {
  const order = new Map(LEGACY_IMPORT_COLUMNS.map((c, i) => [c.header, i]));
  return [...problems].sort(
    (a, b) => a.row - b.row || (order.get(a.column) ?? 99) - (order.get(b.column) ?? 99),
  );
}

/**
 * Reads CSV text (RFC 4180): fields separated by commas, quoted with double quotes (a quote inside a
 * quoted field doubled), records ended by CRLF or LF; line breaks inside quotes belong to the field.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i += 1;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i += 1;
    }
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * The text of a CSV file's bytes: UTF-8 (with or without BOM) when the bytes are valid UTF-8,
 * otherwise GB18030 (which covers GBK and GB2312, as Excel saves CSV on Chinese Windows).
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** The status an imported concluded application takes (the workflow's end states). */
export function importedStatusOf(outcome: OutcomeCode): 'delivered' | 'abandoned' {
  return outcome === 'other.supplement_overdue' || outcome === 'other.fee_unpaid' ? 'abandoned' : 'delivered';
}

/**
 * The state an imported concluded application is left in, as the workflow would have left it: so a
 * reviewing body's correction can reopen it like any other (a new run continues from this state).
 */
export function importedState(
  receivedOn: IsoDate,
  conclusion: { outcome: OutcomeCode; concludedOn: IsoDate },
): ApplicationState {
  return {
    ...initialState({ receivedOn }),
    status: importedStatusOf(conclusion.outcome),
    lastBusinessDate: conclusion.concludedOn,
    conclusion: { ...conclusion, timeliness: null },
  };
}

/** `YYYY-NNNN` case numbers take the agency's counter past them, so a later registration never collides. */
export function caseNumberCounters(caseNumbers: readonly string[]): Map<number, number> {
  const max = new Map<number, number>();
  for (const c of caseNumbers) {
    const m = /^(\d{4})-(\d{1,9})$/.exec(c);
    if (!m) continue;
    const year = Number(m[1]);
    const n = Number(m[2]);
    if (n > (max.get(year) ?? 0)) max.set(year, n);
  }
  return max;
}
