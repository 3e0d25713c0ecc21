/**
 * The annual report (政府信息公开工作年度报告) as a document in the national format of 2021: its title, six
 * sections and the national labels of tables 二, 三 and 四 (REPORT.md). The publishing code fills a
 * `ReportDocument`; the console and every export (print page, Word, PDF, spreadsheet) lay it out with
 * these labels, so the wording is defined once.
 */
import type { Table2 } from './proactive-disclosure';
import type { Table3, Table3RowKey } from './report';
import type { Table4 } from './review-cases';

/** The sections staff write (一, 五, 六); 二, 三 and 四 are the tables. */
export const NARRATIVE_SECTIONS = ['overview', 'problems', 'other_matters'] as const;
export type NarrativeSection = (typeof NARRATIVE_SECTIONS)[number];

/** The six section headings, in order, with the part each holds. */
export const REPORT_SECTIONS: ReadonlyArray<{
  number: string;
  heading: string;
  content: NarrativeSection | 'table2' | 'table3' | 'table4';
}> = [
  { number: '一', heading: '一、总体情况', content: 'overview' },
  { number: '二', heading: '二、主动公开政府信息情况', content: 'table2' },
  { number: '三', heading: '三、收到和处理政府信息公开申请情况', content: 'table3' },
  { number: '四', heading: '四、政府信息公开行政复议、行政诉讼情况', content: 'table4' },
  { number: '五', heading: '五、存在的主要问题及改进情况', content: 'problems' },
  { number: '六', heading: '六、其他需要报告的事项', content: 'other_matters' },
];

/** The report's title, as published: 「某机关2024年政府信息公开工作年度报告」. */
export function reportTitle(agencyName: string, year: number): string {
  return `${agencyName}${year}年政府信息公开工作年度报告`;
}

/** Table 三's column headings: 申请人情况 (natural persons, five kinds of organisation, total). */
export const TABLE3_COLUMN_LABELS = {
  group: '申请人情况',
  naturalPerson: '自然人',
  organisations: '法人或其他组织',
  kinds: ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'],
  total: '总计',
} as const;

/** Table 三's rows in the national wording, with the headings that stand without figures. */
export const TABLE3_LAYOUT: ReadonlyArray<{ key: Table3RowKey | null; label: string; indent: number }> = [
  { key: 'new_this_year', label: '一、本年新收政府信息公开申请数量', indent: 0 },
  { key: 'carried_from_last_year', label: '二、上年结转政府信息公开申请数量', indent: 0 },
  { key: null, label: '三、本年度办理结果', indent: 0 },
  { key: 'disclosed', label: '（一）予以公开', indent: 1 },
  {
    key: 'partially_disclosed',
    label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    indent: 1,
  },
  { key: null, label: '（三）不予公开', indent: 1 },
  { key: 'withheld.state_secret', label: '1.属于国家秘密', indent: 2 },
  { key: 'withheld.prohibited_by_law', label: '2.其他法律行政法规禁止公开', indent: 2 },
  { key: 'withheld.security_stability', label: '3.危及“三安全一稳定”', indent: 2 },
  { key: 'withheld.third_party_rights', label: '4.保护第三方合法权益', indent: 2 },
  { key: 'withheld.internal_affairs', label: '5.属于三类内部事务信息', indent: 2 },
  { key: 'withheld.process_information', label: '6.属于四类过程性信息', indent: 2 },
  { key: 'withheld.enforcement_case_file', label: '7.属于行政执法案卷', indent: 2 },
  { key: 'withheld.administrative_inquiry', label: '8.属于行政查询事项', indent: 2 },
  { key: null, label: '（四）无法提供', indent: 1 },
  { key: 'unavailable.not_held', label: '1.本机关不掌握相关政府信息', indent: 2 },
  { key: 'unavailable.requires_new_creation', label: '2.没有现成信息需要另行制作', indent: 2 },
  { key: 'unavailable.unclear_after_supplement', label: '3.补正后申请内容仍不明确', indent: 2 },
  { key: null, label: '（五）不予处理', indent: 1 },
  { key: 'not_processed.petition_or_complaint', label: '1.信访举报投诉类申请', indent: 2 },
  { key: 'not_processed.repeated_application', label: '2.重复申请', indent: 2 },
  { key: 'not_processed.public_publication', label: '3.要求提供公开出版物', indent: 2 },
  { key: 'not_processed.excessive_without_reason', label: '4.无正当理由大量反复申请', indent: 2 },
  {
    key: 'not_processed.confirm_or_reissue',
    label: '5.要求行政机关确认或重新出具已获取信息',
    indent: 2,
  },
  { key: null, label: '（六）其他处理', indent: 1 },
  {
    key: 'other.supplement_overdue',
    label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    indent: 2,
  },
  {
    key: 'other.fee_unpaid',
    label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    indent: 2,
  },
  { key: 'other.other', label: '3.其他', indent: 2 },
  { key: 'concluded_total', label: '（七）总计', indent: 1 },
  { key: 'carried_to_next_year', label: '四、结转下年度继续办理', indent: 0 },
];

/** Table 二's rows: the register (制发, 废止, 现行有效) and the figures of the year. */
export const TABLE2_LAYOUT = {
  documentsHeading: '第二十条第（一）项',
  documentColumns: ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
  documents: [
    { key: 'rules', label: '规章' },
    { key: 'normative_documents', label: '行政规范性文件' },
  ],
  decisionsColumns: ['信息内容', '本年处理决定数量'],
  decisions: [
    { key: 'licensing_decisions', heading: '第二十条第（五）项', label: '行政许可' },
    { key: 'penalty_decisions', heading: '第二十条第（六）项', label: '行政处罚' },
    { key: 'enforcement_decisions', heading: '第二十条第（六）项', label: '行政强制' },
  ],
  feesColumns: ['信息内容', '本年收费金额（单位：万元）'],
  fees: { key: 'administrative_fees_wan_yuan', heading: '第二十条第（八）项', label: '行政事业性收费' },
} as const;

/** Table 四's headings: two groups of results, each upheld, corrected, other, pending, total. */
export const TABLE4_LAYOUT = {
  groups: [
    { key: 'reconsideration', label: '行政复议' },
    { key: 'litigation_direct', label: '行政诉讼 · 未经复议直接起诉' },
    { key: 'litigation_after_reconsideration', label: '行政诉讼 · 复议后起诉' },
  ],
  resultLabels: ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'],
} as const;

/**
 * One agency's (or a roll-up's) report for a year, ready to lay out: narrative sections with their
 * placeholders already filled from the same data as the tables.
 */
export interface ReportDocument {
  agency: { id: string; name: string };
  year: number;
  title: string;
  /** Plain text; paragraphs separated by blank lines or line breaks. */
  sections: Record<NarrativeSection, string>;
  columns: readonly string[];
  table3: Table3;
  table4_columns: readonly string[];
  table4: Table4;
  table2: Table2;
  /** draft: the figures as they stand; published / restated: a stored snapshot. */
  status: 'draft' | 'published' | 'restated';
  /** The snapshot's version (1 = first publication, 2… = restatements); null for a draft. */
  version: number | null;
  publishedAt: string | null;
}
