/** Applicant types (申请人类型): the columns of table 三, keyed as in REPORT.md. */
export const APPLICANT_TYPES = [
  'natural_person',
  'commercial_enterprise',
  'research_institution',
  'public_interest_org',
  'legal_service_org',
  'other_org',
] as const;

export type ApplicantType = (typeof APPLICANT_TYPES)[number];

export const APPLICANT_TYPE_LABELS: Record<ApplicantType, string> = {
  natural_person: '自然人',
  commercial_enterprise: '法人或其他组织 · 商业企业',
  research_institution: '法人或其他组织 · 科研机构',
  public_interest_org: '法人或其他组织 · 社会公益组织',
  legal_service_org: '法人或其他组织 · 法律服务机构',
  other_org: '法人或其他组织 · 其他',
};

export function isApplicantType(value: unknown): value is ApplicantType {
  return typeof value === 'string' && (APPLICANT_TYPES as readonly string[]).includes(value);
}
