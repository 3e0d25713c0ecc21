/**
 * Outcome codes (办理结果): the outcome rows of table 三, keyed as in REPORT.md, in report order.
 * An application concluded in a year counts under exactly one of them.
 */
export const OUTCOME_CODES = [
  'disclosed',
  'partially_disclosed',
  'withheld.state_secret',
  'withheld.prohibited_by_law',
  'withheld.security_stability',
  'withheld.third_party_rights',
  'withheld.internal_affairs',
  'withheld.process_information',
  'withheld.enforcement_case_file',
  'withheld.administrative_inquiry',
  'unavailable.not_held',
  'unavailable.requires_new_creation',
  'unavailable.unclear_after_supplement',
  'not_processed.petition_or_complaint',
  'not_processed.repeated_application',
  'not_processed.public_publication',
  'not_processed.excessive_without_reason',
  'not_processed.confirm_or_reissue',
  'other.supplement_overdue',
  'other.fee_unpaid',
  'other.other',
] as const;

export type OutcomeCode = (typeof OUTCOME_CODES)[number];

export const OUTCOME_LABELS: Record<OutcomeCode, string> = {
  disclosed: '予以公开',
  partially_disclosed: '部分公开',
  'withheld.state_secret': '不予公开 · 属于国家秘密',
  'withheld.prohibited_by_law': '不予公开 · 其他法律行政法规禁止公开',
  'withheld.security_stability': '不予公开 · 危及“三安全一稳定”',
  'withheld.third_party_rights': '不予公开 · 保护第三方合法权益',
  'withheld.internal_affairs': '不予公开 · 属于三类内部事务信息',
  'withheld.process_information': '不予公开 · 属于四类过程性信息',
  'withheld.enforcement_case_file': '不予公开 · 属于行政执法案卷',
  'withheld.administrative_inquiry': '不予公开 · 属于行政查询事项',
  'unavailable.not_held': '无法提供 · 本机关不掌握相关政府信息',
  'unavailable.requires_new_creation': '无法提供 · 没有现成信息需要另行制作',
  'unavailable.unclear_after_supplement': '无法提供 · 补正后申请内容仍不明确',
  'not_processed.petition_or_complaint': '不予处理 · 信访举报投诉类申请',
  'not_processed.repeated_application': '不予处理 · 重复申请',
  'not_processed.public_publication': '不予处理 · 要求提供公开出版物',
  'not_processed.excessive_without_reason': '不予处理 · 无正当理由大量反复申请',
  'not_processed.confirm_or_reissue': '不予处理 · 要求行政机关确认或重新出具已获取信息',
  'other.supplement_overdue': '其他处理 · 申请人无正当理由逾期不补正',
  'other.fee_unpaid': '其他处理 · 申请人逾期未按收费通知要求缴纳费用',
  'other.other': '其他处理 · 其他',
};

/**
 * Outcomes that only the workflow itself reaches (a lapsed supplement period, an unpaid fee);
 * a handler cannot draft them as a decision.
 */
export const SYSTEM_OUTCOMES: readonly OutcomeCode[] = ['other.supplement_overdue', 'other.fee_unpaid'];

/** Outcomes a handler may draft as a decision (答复). */
export const DRAFTABLE_OUTCOMES: readonly OutcomeCode[] = OUTCOME_CODES.filter(
  (code) => !SYSTEM_OUTCOMES.includes(code),
);

export function isOutcomeCode(value: unknown): value is OutcomeCode {
  return typeof value === 'string' && (OUTCOME_CODES as readonly string[]).includes(value);
}
