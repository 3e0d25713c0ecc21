/**
 * Search (检索, issue 16): what PostgreSQL indexes of an application and how a query string becomes a
 * `tsquery` over it. The same rules are written in SQL (migration 1764960000000, `ogi_search_norm`,
 * `ogi_search_grams`, `ogi_search_terms`); tests/integration/search-export.test.ts holds the two together.
 *
 * Chinese is written without spaces and most words are two characters, so the text is indexed as its
 * characters and the pairs of neighbouring characters (bigrams) of its normalized form: lower case
 * (ASCII), NFKC (full-width letters and digits become ASCII), everything but letters, digits and CJK
 * ideographs dropped. A query term of one character looks up that character; a longer one looks up all
 * of its bigrams (AND), and the candidates are then checked for the exact substring (a bigram match
 * alone would also find 经费…费预算 for 经费预算).
 *
 * Besides the words, an application's terms hold its agency (`@<uuid>`), applicant name (`n:…`),
 * certificate number (`i:…`), status (`s:…`) and outcome (`o:…`), so one GIN index answers a query
 * limited to the user's agencies and filtered by them.
 */

/** The characters kept: ASCII digits and letters (lower case), CJK ideographs (URO, Ext. A, Ext. B–G, 〇). */
const DROPPED = /[^0-9a-z\u3007\u3400-\u4dbf\u4e00-\u9fff\u{20000}-\u{3134f}]/gu;

/** The normalized form of a text, as `ogi_search_norm` computes it. */
export function normalizeSearchText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[A-Z]/g, (c) => c.toLowerCase())
    .replace(DROPPED, '');
}

/** The characters and bigrams of a normalized text (the words of `ogi_search_grams`), without repeats. */
export function searchGrams(normalized: string): string[] {
  const chars = [...normalized];
  const out = new Set<string>();
  chars.forEach((c, i) => {
    out.add(c);
    if (i + 1 < chars.length) out.add(c + chars[i + 1]);
  });
  return [...out];
}

/** A name or certificate number as its term holds it: NFKC, no white space, ASCII lower case. */
export function normalizeSearchKey(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** A lexeme quoted for tsquery input (backslash and quote escaped). */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** The terms of a query string: its space-separated words, normalized, without empty or repeated ones. */
export function searchTerms(q: string): string[] {
  const terms = q
    .split(/\s+/)
    .map(normalizeSearchText)
    .filter((t) => t.length > 0);
  return [...new Set(terms)];
}

/** What a search looks up in the terms index. */
export interface SearchCriteria {
  /** The agencies the user may see (at least one). */
  agencyIds: readonly string[];
  /** Words of the information sought or of the reply (normalized terms, see searchTerms). */
  terms?: readonly string[];
  /** An applicant's name or certificate number. */
  applicant?: string;
  status?: string;
  outcome?: string;
}

/** The tsquery text of the criteria, and the terms whose exact substring must be checked (longer than 2). */
export function searchQuery(c: SearchCriteria): { tsquery: string; recheck: string[] } {
  if (c.agencyIds.length === 0) throw new Error('a search needs at least one agency');
  const parts: string[] = [];
  for (const term of c.terms ?? []) {
    const grams = [...term].length === 1 ? [term] : searchGrams(term).filter((g) => [...g].length === 2);
    parts.push(grams.map(quoteLexeme).join(' & '));
  }
  if (c.applicant !== undefined) {
    const key = normalizeSearchKey(c.applicant);
    parts.push(`(${quoteLexeme(`n:${key}`)} | ${quoteLexeme(`i:${key}`)})`);
  }
  if (c.status) parts.push(quoteLexeme(`s:${c.status}`));
  if (c.outcome) parts.push(quoteLexeme(`o:${c.outcome}`));
  parts.push(`(${c.agencyIds.map((id) => quoteLexeme(`@${id}`)).join(' | ')})`);
  return {
    tsquery: parts.join(' & '),
    recheck: (c.terms ?? []).filter((t) => [...t].length > 2),
  };
}

/**
 * The reply's text (答复内容) that search reads: what staff wrote in the decision — its legal ground (法律
 * 依据), its notes (说明) and the public-interest ground —, the substance of the 答复书. The formal notice
 * around it is fixed wording, the same for every reply of an outcome, and is not searched.
 */
export const SEARCHED_DECISION_FIELDS = ['legalGround', 'notes', 'publicInterestGround'] as const;
