/**
 * The public portal (依申请公开网上申请平台, issue 14): what an applicant's online submission records and
 * how an applicant proves who they are.
 *
 * Receipt (RULES.md §1): for the agency's own platform, whose rules say nothing else, the platform's
 * confirmation of successful submission is the receipt date. The portal confirms at once, so the receipt
 * date is the confirmation instant's date in China Standard Time — a submission at 23:30 on a holiday is
 * received that day (the reply period then counts from the next working day). The submission instant is
 * kept apart from the date.
 */
import { type IsoDate, dateInShanghai } from './dates';

/** A one-time code (验证码) is this many digits, valid this long, and refused after this many wrong tries. */
export const APPLICANT_CODE_DIGITS = 6;
export const APPLICANT_CODE_MINUTES = 10;
export const APPLICANT_CODE_MAX_ATTEMPTS = 5;
/** An applicant's session (opened by a code) lasts this long. */
export const APPLICANT_SESSION_HOURS = 12;
/** At most this many codes per e-mail address, and per client address, in `APPLICANT_CODE_WINDOW_MINUTES`. */
export const APPLICANT_CODES_PER_EMAIL = 3;
export const APPLICANT_CODES_PER_CLIENT = 30;
export const APPLICANT_CODE_WINDOW_MINUTES = 10;
/** At most this many applications per applicant e-mail address a day through the portal (the default of
 * OGI_PORTAL_APPLICATIONS_PER_DAY). */
export const PORTAL_APPLICATIONS_PER_DAY = 20;
/**
 * At most this many applications a day from one client address, whatever the e-mail addresses: a script
 * filing under many addresses is stopped; an office behind one address (a NAT) still files freely (the
 * default of OGI_PORTAL_APPLICATIONS_PER_CLIENT_PER_DAY).
 */
export const PORTAL_APPLICATIONS_PER_CLIENT_PER_DAY = 200;
/** The payment reference an applicant gives when confirming a fee payment (缴费凭证号). */
export const PORTAL_PAYMENT_REFERENCE_LENGTH = 100;
export const MAX_EMAIL_LENGTH = 254;

/** The receipt of a portal submission confirmed at `confirmedAt`: its date (CST) and the instant. */
export function portalReceipt(confirmedAt: Date): { receivedOn: IsoDate; submittedAt: string } {
  return { receivedOn: dateInShanghai(confirmedAt), submittedAt: confirmedAt.toISOString() };
}

/** The text kept as the receipt's evidence (收到申请的凭证). */
export function portalReceiptEvidence(submittedAt: string, email: string): string {
  return `网上申请平台确认提交成功：${submittedAt}（申请人电子邮箱 ${email}）`;
}

/** An e-mail address as the portal keeps it (trimmed, lower case), or null when it is not one. */
export function normalizedEmail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH) return null;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

/** Who acted, as the workflow records it: the applicant by their e-mail address. */
export function applicantActor(email: string): string {
  return `申请人（${email}）`;
}
