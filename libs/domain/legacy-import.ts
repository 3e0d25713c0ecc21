/**
 * Legacy import (历史数据导入): an agency moving from spreadsheets brings its past applications in, so
 * that its first year's report counts them. Pure functions: the header mapping (Chinese headers and
 * English keys), a small RFC 4180 CSV reader (UTF-8 with or without BOM, GB18030 otherwise), and the
 * validation of every row, which answers every problem by row number and column, in Chinese.
 */
import {
  type ApplicationState,
  type StaffCommand,
  CURRENT_RULES,
  DEFAULT_SUPPLEMENT_PERIOD_WORKING_DAYS,
  MAX_SUPPLEMENT_PERIOD_WORKING_DAYS,
  decide,
  initialState,
  lapseSchedule,
} from './application';
import { BUILT_IN_CALENDAR, type WorkingDayCalendar } from './calendar';
import { MAX_EXTENSION_WORKING_DAYS } from './clock';
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
  'supplementRequestedOn',
  'supplementPeriod',
  'supplementNeeded',
  'supplementedOn',
  'consultationKind',
  'consultationParty',
  'consultationSentOn',
  'consultationRepliedOn',
  'consultationAnswer',
  'extensionApprovedOn',
  'extensionReason',
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
    description:
      '可留空；已办结，或未办结的状态：已登记（尚未开始办理）、办理中、待补正、征求意见中、已延期（未办结的按下列办理步骤日期接续办理）',
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
  // The steps an open application has been through (未办结的申请；已办结的不读取这些列): the workflow
  // takes them again with their real dates, so its clocks count as they did.
  {
    field: 'supplementRequestedOn',
    header: '告知补正日期',
    aliases: ['补正告知日期', '一次性告知补正日期', 'supplement_requested_on', 'supplementRequestedOn'],
    required: false,
    description: '未办结的：已告知补正的，告知补正之日（收到申请之日起7个工作日内）',
  },
  {
    field: 'supplementPeriod',
    header: '补正期限（工作日）',
    aliases: ['补正期限', 'supplement_period', 'supplementPeriod'],
    required: false,
    description: `未办结的：补正期限的工作日数，留空按${DEFAULT_SUPPLEMENT_PERIOD_WORKING_DAYS}个工作日`,
  },
  {
    field: 'supplementNeeded',
    header: '补正事项',
    aliases: ['需补正事项', 'supplement_needed', 'supplementNeeded'],
    required: false,
    description: '未办结的：告知补正的事项，可留空',
  },
  {
    field: 'supplementedOn',
    header: '收到补正日期',
    aliases: ['补正日期', 'supplemented_on', 'supplementedOn'],
    required: false,
    description: '未办结的：已收到补正的，收到之日（答复期限自该日重新计算）',
  },
  {
    field: 'consultationKind',
    header: '征求意见类型',
    aliases: ['征求意见对象类型', 'consultation_kind', 'consultationKind'],
    required: false,
    description: '未办结的：第三方 或 其他机关，留空按第三方',
  },
  {
    field: 'consultationParty',
    header: '征求意见对象',
    aliases: ['consultation_party', 'consultationParty'],
    required: false,
    description: '未办结的：被征求意见的第三方或机关名称，可留空',
  },
  {
    field: 'consultationSentOn',
    header: '征求意见日期',
    aliases: ['征求意见发出日期', 'consultation_sent_on', 'consultationSentOn'],
    required: false,
    description: '未办结的：正在或曾经征求意见的，发出征求意见之日（期间不计入答复期限）',
  },
  {
    field: 'consultationRepliedOn',
    header: '收到意见日期',
    aliases: ['意见答复日期', 'consultation_replied_on', 'consultationRepliedOn'],
    required: false,
    description: '未办结的：已收到意见的，收到之日（15个工作日内）；尚未答复的留空',
  },
  {
    field: 'consultationAnswer',
    header: '意见',
    aliases: ['征求意见结果', '第三方意见', 'consultation_answer', 'consultationAnswer'],
    required: false,
    description: '未办结的：已收到意见的，同意 或 不同意，留空按同意',
  },
  {
    field: 'extensionApprovedOn',
    header: '延期日期',
    aliases: ['批准延期日期', '延期批准日期', 'extension_approved_on', 'extensionApprovedOn'],
    required: false,
    description: `未办结的：已批准延长答复期限的，批准之日（延长${MAX_EXTENSION_WORKING_DAYS}个工作日）`,
  },
  {
    field: 'extensionReason',
    header: '延期理由',
    aliases: ['extension_reason', 'extensionReason'],
    required: false,
    description: '未办结的：延期理由，可留空',
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
  /**
   * An open application's steps so far (accepted, supplement, consultation, extension) with their real
   * dates, in order: its workflow takes them again after the receipt. Empty for a concluded row or one
   * still only registered (absent in jobs stored before the open states were read: none).
   */
  openSteps?: ImportedStep[];
}

/** The staff actions an imported open application's workflow takes again (its state when imported). */
export type ImportedStep = Extract<
  StaffCommand,
  {
    type:
      | 'accept'
      | 'requestSupplement'
      | 'recordSupplement'
      | 'startConsultation'
      | 'recordConsultationReply'
      | 'approveExtension';
  }
>;

/** What the open states of the 办理状态 column say of the case. */
type OpenState = 'open' | 'registered' | 'under_review' | 'supplement' | 'consultation' | 'extended';

export const IMPORTED_APPLICANT_NAME = '（历史数据导入）';
export const IMPORTED_INFORMATION_SOUGHT = '（历史数据导入，未录入申请内容）';
export const IMPORTED_SUPPLEMENT_NEEDED = '（历史数据导入，未录入补正事项）';
export const IMPORTED_CONSULTATION_PARTY = '（历史数据导入，未录入征求意见对象）';
export const IMPORTED_EXTENSION_REASON = '（历史数据导入，未录入延期理由）';
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

const OPEN_STATES = new Map<string, OpenState>(
  (
    [
      ['未办结', 'open'],
      ['open', 'open'],
      ['已登记', 'registered'],
      ['registered', 'registered'],
      ['办理中', 'under_review'],
      ['在办', 'under_review'],
      ['已受理', 'under_review'],
      ['under_review', 'under_review'],
      ['待补正', 'supplement'],
      ['补正中', 'supplement'],
      ['已告知补正', 'supplement'],
      ['supplement_requested', 'supplement'],
      ['征求意见中', 'consultation'],
      ['征求意见', 'consultation'],
      ['consultation', 'consultation'],
      ['已延期', 'extended'],
      ['延期', 'extended'],
      ['延期答复', 'extended'],
      ['extended', 'extended'],
    ] as Array<[string, OpenState]>
  ).map(([label, state]) => [normalizeLabel(label), state]),
);
const CONCLUDED_STATES = new Set(['已办结', '办结', '已答复', 'concluded', 'closed'].map(normalizeLabel));
const CONSULTATION_KIND_INDEX = new Map(
  (
    [
      ['第三方', 'third_party'],
      ['third_party', 'third_party'],
      ['其他机关', 'other_agency'],
      ['其他行政机关', 'other_agency'],
      ['行政机关', 'other_agency'],
      ['机关', 'other_agency'],
      ['other_agency', 'other_agency'],
    ] as const
  ).map(([label, kind]) => [normalizeLabel(label), kind]),
);
const CONSULTATION_ANSWER_INDEX = new Map(
  (
    [
      ['同意', 'agree'],
      ['无异议', 'agree'],
      ['agree', 'agree'],
      ['不同意', 'object'],
      ['有异议', 'object'],
      ['反对', 'object'],
      ['object', 'object'],
    ] as const
  ).map(([label, answer]) => [normalizeLabel(label), answer]),
);

/** The column a refused step is reported in. */
const STEP_COLUMN: Record<ImportedStep['type'], LegacyImportField> = {
  accept: 'state',
  requestSupplement: 'supplementRequestedOn',
  recordSupplement: 'supplementedOn',
  startConsultation: 'consultationSentOn',
  recordConsultationReply: 'consultationRepliedOn',
  approveExtension: 'extensionApprovedOn',
};
const STEP_ORDER: Record<ImportedStep['type'], number> = {
  accept: 0,
  requestSupplement: 1,
  recordSupplement: 2,
  startConsultation: 3,
  recordConsultationReply: 4,
  approveExtension: 5,
};

function stepDate(step: ImportedStep): IsoDate {
  switch (step.type) {
    case 'accept':
      return '0000-01-01';
    case 'requestSupplement':
      return step.requestedOn;
    case 'recordSupplement':
      return step.supplementedOn;
    case 'startConsultation':
      return step.sentOn;
    case 'recordConsultationReply':
      return step.repliedOn;
    case 'approveExtension':
      return step.approvedOn;
  }
}

/**
 * Takes an open row's steps from its receipt as the workflow will, with the rules of a new case: the
 * first step refused (its column and the rule's message), or null. Also refused: a supplement period
 * that has already run out beyond the grace for late entries, which the workflow would conclude at once
 * as 逾期未补正 — such a row is a concluded one.
 */
export function checkOpenSteps(
  receivedOn: IsoDate,
  steps: readonly ImportedStep[],
  today: IsoDate,
  calendar: WorkingDayCalendar,
): { field: LegacyImportField; message: string } | null {
  let state = initialState({ receivedOn }, CURRENT_RULES);
  const ctx = { today, calendar };
  for (const step of steps) {
    const decision = decide(state, { ...step, actor: step.actor ?? '历史数据导入' } as StaffCommand, ctx);
    if (!decision.ok) {
      const field =
        decision.violation.code === 'INVALID_SUPPLEMENT_PERIOD' ? 'supplementPeriod' : STEP_COLUMN[step.type];
      return { field, message: decision.violation.message };
    }
    state = decision.next;
  }
  const lapse = lapseSchedule(state, calendar).find((l) => l.command.type === 'lapseSupplement');
  if (lapse && lapse.firesAfter < today) {
    return {
      field: 'supplementRequestedOn',
      message: `补正期限已于 ${lapse.lastDay} 届满：已收到补正的，请填写收到补正日期；申请人逾期未补正的，请按已办结导入（办理结果：${OUTCOME_LABELS['other.supplement_overdue']}）`,
    };
  }
  return null;
}

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
 * The steps an open row's cells describe, in the order they happened (accepted first, then by date), or
 * none when the row is only registered. Problems of the step cells (an unreadable date, a period or a
 * kind that cannot be read, a state its dates contradict) are reported through `problem`.
 */
function openStepsOf(
  openState: OpenState,
  cell: (field: LegacyImportField) => string,
  date: (field: LegacyImportField, required: boolean) => IsoDate | null,
  problem: (field: LegacyImportField, message: string) => void,
  stateText: string,
): ImportedStep[] {
  const requestedOn = date('supplementRequestedOn', openState === 'supplement');
  const supplementedOn = date('supplementedOn', false);
  const sentOn = date('consultationSentOn', openState === 'consultation');
  const repliedOn = date('consultationRepliedOn', false);
  const approvedOn = date('extensionApprovedOn', openState === 'extended');
  const given = [requestedOn, supplementedOn, sentOn, repliedOn, approvedOn].some((d) => d !== null);
  if (openState === 'registered') {
    if (given)
      problem('state', `办理状态为“${stateText}”（尚未开始办理），但填写了办理步骤的日期；请改为“办理中”`);
    return [];
  }
  if (openState === 'supplement' && supplementedOn)
    problem('state', `办理状态为“${stateText}”，但已填写收到补正日期 ${supplementedOn}；请改为“办理中”`);
  if (openState === 'consultation' && repliedOn)
    problem('state', `办理状态为“${stateText}”，但已填写收到意见日期 ${repliedOn}；请改为“办理中”`);
  if (supplementedOn && !requestedOn && !cell('supplementRequestedOn'))
    problem('supplementedOn', '填写了收到补正日期，但未填写告知补正日期');
  if (repliedOn && !sentOn && !cell('consultationSentOn'))
    problem('consultationRepliedOn', '填写了收到意见日期，但未填写征求意见日期');

  const steps: ImportedStep[] = [];
  if (requestedOn) {
    const periodText = cell('supplementPeriod');
    const period = periodText ? Number(periodText.normalize('NFKC')) : DEFAULT_SUPPLEMENT_PERIOD_WORKING_DAYS;
    if (!Number.isInteger(period) || period < 1 || period > MAX_SUPPLEMENT_PERIOD_WORKING_DAYS) {
      problem(
        'supplementPeriod',
        `“${periodText}”不是有效的补正期限（应为 1 至 ${MAX_SUPPLEMENT_PERIOD_WORKING_DAYS} 的整数个工作日）`,
      );
    }
    steps.push({
      type: 'requestSupplement',
      requestedOn,
      periodWorkingDays: period,
      whatIsNeeded: cell('supplementNeeded') || IMPORTED_SUPPLEMENT_NEEDED,
    });
    if (supplementedOn) steps.push({ type: 'recordSupplement', supplementedOn, note: null });
  }
  if (sentOn) {
    const kindText = cell('consultationKind');
    const kind = kindText ? CONSULTATION_KIND_INDEX.get(normalizeLabel(kindText)) : 'third_party';
    if (!kind) problem('consultationKind', `“${kindText}”不是可识别的征求意见类型（可填：第三方、其他机关）`);
    steps.push({
      type: 'startConsultation',
      kind: kind ?? 'third_party',
      party: cell('consultationParty') || IMPORTED_CONSULTATION_PARTY,
      sentOn,
    });
    if (repliedOn) {
      const answerText = cell('consultationAnswer');
      const answer = answerText ? CONSULTATION_ANSWER_INDEX.get(normalizeLabel(answerText)) : 'agree';
      if (!answer) problem('consultationAnswer', `“${answerText}”不是可识别的意见（可填：同意、不同意）`);
      steps.push({
        type: 'recordConsultationReply',
        ref: 'c1',
        repliedOn,
        answer: answer ?? 'agree',
        reasons: null,
      });
    }
  }
  if (approvedOn) {
    steps.push({
      type: 'approveExtension',
      approvedOn,
      workingDays: MAX_EXTENSION_WORKING_DAYS,
      reason: cell('extensionReason') || IMPORTED_EXTENSION_REASON,
    });
  }
  for (const [field, value] of [
    ['supplementNeeded', cell('supplementNeeded')],
    ['consultationParty', cell('consultationParty')],
    ['extensionReason', cell('extensionReason')],
  ] as const) {
    if (value.length > MAX_TEXT_LENGTH) problem(field, `内容过长（最多${MAX_TEXT_LENGTH}个字符）`);
    else if (hasControlCharacters(value)) problem(field, '含有控制字符');
  }
  if (!steps.length && openState === 'open') return [];
  steps.sort(
    (a, b) =>
      (stepDate(a) < stepDate(b) ? -1 : stepDate(a) > stepDate(b) ? 1 : 0) ||
      STEP_ORDER[a.type] - STEP_ORDER[b.type],
  );
  return [{ type: 'accept' }, ...steps];
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
  calendar: WorkingDayCalendar = BUILT_IN_CALENDAR,
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

    const date = (field: LegacyImportField, required: boolean): IsoDate | null => {
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
    const openState = stateText ? (OPEN_STATES.get(normalizeLabel(stateText)) ?? null) : null;
    const state = !stateText
      ? null
      : openState
        ? 'open'
        : CONCLUDED_STATES.has(normalizeLabel(stateText))
          ? 'concluded'
          : undefined;
    if (state === undefined)
      problem(
        'state',
        `“${stateText}”不是可识别的办理状态（可填：已办结、未办结、已登记、办理中、待补正、征求意见中、已延期）`,
      );

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

    const openSteps =
      !concluded && state !== undefined
        ? openStepsOf(openState ?? 'open', cell, date, problem, stateText)
        : [];
    if (openSteps.length && receivedOn && !rowProblems.length) {
      const refused = checkOpenSteps(receivedOn!, openSteps, today, calendar);
      if (refused) problem(refused.field, refused.message);
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
      openSteps,
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
