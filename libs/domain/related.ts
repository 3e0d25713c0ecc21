/**
 * Related and repeated applications (关联申请、重复申请; RULES.md §7, Art. 36(6)). Pure.
 *
 * An applicant is the same when the certificate number (证件号码) is the same, or, where neither
 * application has one, when name and contact are the same. Information sought is compared by the overlap
 * of its character bigrams (Dice coefficient): Chinese text has no spaces, and two requests for the same
 * information share most of their two-character runs whatever the wording around them.
 */
import type { IsoDate } from './dates';

/** How alike two texts must be (Dice over bigrams, 0…1) for an earlier application to be suggested. */
export const SUGGESTION_THRESHOLD = 0.3;
/** At most this many suggestions are shown. */
export const MAX_SUGGESTIONS = 5;
/** At most this many of the applicant's applications (latest first) are compared. */
export const MAX_CANDIDATES = 500;
/** Texts longer than this are compared by their first characters only (they are rarely longer). */
export const MAX_COMPARED_CHARACTERS = 2000;

/**
 * The text as compared: letters and digits only (punctuation, spaces and symbols dropped), Latin letters
 * and full-width forms folded (NFKC, lower case).
 */
export function normalizeForComparison(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .slice(0, MAX_COMPARED_CHARACTERS);
}

/** The set of character bigrams of the normalized text (a one-character text: that character). */
export function bigrams(text: string): Set<string> {
  const chars = Array.from(normalizeForComparison(text));
  const out = new Set<string>();
  if (chars.length === 1) out.add(chars[0]);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return out;
}

/** Dice coefficient of two bigram sets: 2|A∩B| / (|A|+|B|); 0 when either is empty. */
export function diceOfSets(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size || !b.size) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const g of small) if (large.has(g)) common += 1;
  return (2 * common) / (a.size + b.size);
}

/** How alike two texts are, 0 (nothing shared) … 1 (the same letters and digits). */
export function similarity(a: string, b: string): number {
  return diceOfSets(bigrams(a), bigrams(b));
}

/** Who applied, as the comparison needs it. */
export interface ApplicantKey {
  applicantName: string;
  applicantIdNumber: string | null;
  applicantContact: string | null;
}

const clean = (v: string | null | undefined): string => (v ?? '').trim();

/**
 * Whether two applications are the same applicant's: the same certificate number; or, where neither has
 * one, the same name and the same contact (a contact is required then: a name alone is not enough).
 */
export function sameApplicant(a: ApplicantKey, b: ApplicantKey): boolean {
  const ida = clean(a.applicantIdNumber);
  const idb = clean(b.applicantIdNumber);
  if (ida || idb) return ida === idb;
  const ca = clean(a.applicantContact);
  return ca !== '' && ca === clean(b.applicantContact) && clean(a.applicantName) === clean(b.applicantName);
}

/** An earlier application considered for a suggestion. */
export interface Candidate {
  id: string;
  informationSought: string;
  receivedOn: IsoDate;
}

/**
 * The candidates alike enough to `informationSought`, most alike first (then latest received), at most
 * `limit`, each with its similarity (rounded to two places).
 */
export function rankBySimilarity<C extends Candidate>(
  informationSought: string,
  candidates: readonly C[],
  o: { threshold?: number; limit?: number } = {},
): Array<C & { similarity: number }> {
  const threshold = o.threshold ?? SUGGESTION_THRESHOLD;
  const limit = o.limit ?? MAX_SUGGESTIONS;
  const sought = bigrams(informationSought);
  return candidates
    .map((c) => ({ ...c, similarity: diceOfSets(sought, bigrams(c.informationSought)) }))
    .filter((c) => c.similarity >= threshold)
    .sort((x, y) => y.similarity - x.similarity || (x.receivedOn < y.receivedOn ? 1 : -1))
    .slice(0, limit)
    .map((c) => ({ ...c, similarity: Math.round(c.similarity * 100) / 100 }));
}

/** The earlier reply a repeated-application decision points to (Art. 36(6)), as the draft holds it. */
export interface EarlierReply {
  /** The earlier application's case number (受理编号). */
  earlierApplication: string;
  /** The earlier reply: its reference (答复书文号) and date, as staff wrote it. */
  earlierReply: string;
  /** 事实和理由未发生变化的说明. */
  factsUnchanged: string;
}

/** An application id (UUID), as opposed to a case number. */
export function isApplicationId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.trim());
}

/**
 * How an earlier application is named in a decision: its case number or id, on one line (an imported
 * application keeps the case number the agency gave it, in whatever form).
 */
export function isApplicationReference(value: string): boolean {
  const v = value.trim();
  return v.length > 0 && v.length <= 200 && !/[\r\n]/.test(v);
}

/** Why an earlier application cannot be the one a repeated application repeats (null: it can). */
export function earlierApplicationProblem(
  current: ApplicantKey & { id: string; agencyId: string },
  earlier: ApplicantKey & {
    id: string;
    agencyId: string;
    status: string;
    outcome: string | null;
    concludedOn: IsoDate | null;
  },
): string | null {
  if (earlier.id === current.id) return '不能以本申请自身作为前次申请';
  if (earlier.agencyId !== current.agencyId) return '前次申请应当是向本机关提出的申请';
  if (!sameApplicant(current, earlier))
    return '前次申请应当是同一申请人（证件号码相同，或无证件号码时姓名和联系方式相同）提出的申请';
  if (earlier.status !== 'delivered' || !earlier.outcome || !earlier.concludedOn)
    return '前次申请应当已经办结并已作出答复（送达答复）';
  return null;
}
