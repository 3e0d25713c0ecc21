/** Search (issue 16): normalization, bigrams and the tsquery a search sends (libs/domain/search.ts). */
import {
  normalizeSearchKey,
  normalizeSearchText,
  quoteLexeme,
  searchGrams,
  searchQuery,
  searchTerms,
} from '../../libs/domain/search';
import { csvField } from '../../apps/api/src/exports/list-export';

const A = '6f1d2c3e-0000-4000-8000-000000000001';
const B = '6f1d2c3e-0000-4000-8000-000000000002';

describe('search normalization', () => {
  it('keeps CJK, ASCII letters (lower case) and digits; drops spaces and punctuation', () => {
    expect(normalizeSearchText('关于２０２３年 ABC，教育经费预算（草案）的说明!')).toBe(
      '关于2023年abc教育经费预算草案的说明',
    );
    expect(normalizeSearchText('  。，、  ')).toBe('');
    expect(normalizeSearchText('〇𠀀x')).toBe('〇𠀀x');
  });

  it('indexes every character and every pair of neighbouring characters', () => {
    expect(searchGrams('教育经费').sort()).toEqual(['经', '经费', '教', '教育', '育', '育经', '费'].sort());
    expect(searchGrams('a')).toEqual(['a']);
    expect(searchGrams('')).toEqual([]);
    // Characters outside the BMP count as one character.
    expect(searchGrams('𠀀字')).toEqual(['𠀀', '𠀀字', '字']);
  });

  it('splits a query at spaces into normalized terms, without empty or repeated ones', () => {
    expect(searchTerms(' 教育  经费预算 教育 ，')).toEqual(['教育', '经费预算']);
    expect(searchTerms('ＡＢ-12')).toEqual(['ab12']);
    expect(searchTerms('   ')).toEqual([]);
  });

  it('keys a name or certificate number without white space, in lower case', () => {
    expect(normalizeSearchKey(' 11010119900307001X ')).toBe('11010119900307001x');
    expect(normalizeSearchKey('张　三')).toBe('张三');
  });
});

describe('the tsquery of a search', () => {
  it('looks up a one-character term as itself and a two-character word as its one bigram', () => {
    expect(searchQuery({ agencyIds: [A], terms: ['教'] })).toEqual({
      tsquery: `'教' & ('@${A}')`,
      recheck: [],
    });
    expect(searchQuery({ agencyIds: [A], terms: ['教育'] }).tsquery).toBe(`'教育' & ('@${A}')`);
  });

  it('looks up a longer term as all of its bigrams, then checks the exact substring', () => {
    const q = searchQuery({ agencyIds: [A, B], terms: ['经费预算', '2023'] });
    expect(q.tsquery).toBe(`'经费' & '费预' & '预算' & '20' & '02' & '23' & ('@${A}' | '@${B}')`);
    expect(q.recheck).toEqual(['经费预算', '2023']);
  });

  it('always limits the query to the agencies given, at its top level', () => {
    expect(() => searchQuery({ agencyIds: [] })).toThrow();
    const q = searchQuery({ agencyIds: [A], applicant: '张三', status: 'delivered', outcome: 'disclosed' });
    expect(q.tsquery).toBe(`('n:张三' | 'i:张三') & 's:delivered' & 'o:disclosed' & ('@${A}')`);
    expect(q.tsquery.endsWith(`& ('@${A}')`)).toBe(true);
  });

  it('quotes lexemes so that no input breaks out of one', () => {
    expect(quoteLexeme(`a'b\\c`)).toBe(`'a\\'b\\\\c'`);
    const q = searchQuery({ agencyIds: [A], applicant: `O'Brien | x` });
    expect(q.tsquery).toBe(`('n:o\\'brien|x' | 'i:o\\'brien|x') & ('@${A}')`);
  });
});

describe('CSV fields of an export', () => {
  it('quotes text, doubles quotes, and defuses what a spreadsheet would run as a formula', () => {
    expect(csvField('张三')).toBe('"张三"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1+1')).toBe(`"'=1+1"`);
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });
});
