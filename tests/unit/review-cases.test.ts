/** Reconsideration and litigation cases, and table 四 (REPORT.md), against the 2024 seed report. */
import seed from '../fixtures/seed-2024-tables.json';
import { addDays } from '../../libs/domain/dates';
import {
  type ReviewCaseFacts,
  type Table4,
  REVIEW_RESULTS,
  TABLE4_COLUMNS,
  TABLE4_GROUPS,
  computeTable4,
  crossCheckTable4,
  reopenProblems,
  reviewCaseConsistent,
  reviewCaseProblems,
  reviewResultProblems,
} from '../../libs/domain/review-cases';
import { prng } from '../support/prng';

const rec = (filedOn: string, result: ReviewCaseFacts['result'] = null, resultOn: string | null = null) =>
  ({ kind: 'reconsideration', filedOn, result, resultOn }) as ReviewCaseFacts;

describe('table 四', () => {
  it('reproduces the seed: 5 reconsiderations filed in 2024, 3 upheld, 1 other, 1 pending', () => {
    const cases = [
      rec('2024-02-01', 'upheld', '2024-04-01'),
      rec('2024-05-10', 'upheld', '2024-07-01'),
      rec('2024-06-10', 'upheld', '2024-08-20'),
      rec('2024-08-01', 'other', '2024-10-08'),
      rec('2024-12-02'),
    ];
    const table = computeTable4(cases, 2024);
    expect(TABLE4_COLUMNS).toEqual(seed.table4_columns);
    expect(table).toEqual(seed.table4);
    expect(crossCheckTable4(table).every((c) => c.ok)).toBe(true);
  });

  it('counts a case in its filing year; decided after 31 December it is pending that year', () => {
    const cases: ReviewCaseFacts[] = [
      rec('2024-11-20', 'corrected', '2025-02-01'),
      { kind: 'litigation_direct', filedOn: '2024-03-01', result: 'corrected', resultOn: '2024-12-31' },
      { kind: 'litigation_after_reconsideration', filedOn: '2025-01-05', result: null, resultOn: null },
    ];
    expect(computeTable4(cases, 2024)).toEqual({
      reconsideration: [0, 0, 0, 1, 1],
      litigation_direct: [0, 1, 0, 0, 1],
      litigation_after_reconsideration: [0, 0, 0, 0, 0],
    });
    expect(computeTable4(cases, 2025)).toEqual({
      reconsideration: [0, 0, 0, 0, 0],
      litigation_direct: [0, 0, 0, 0, 0],
      litigation_after_reconsideration: [0, 0, 0, 1, 1],
    });
  });

  it('the cross-check names a group whose total is not the sum of its figures', () => {
    const table: Table4 = {
      reconsideration: [1, 0, 0, 0, 2],
      litigation_direct: [0, 0, 0, 0, 0],
      litigation_after_reconsideration: [0, 0, 0, 0, 0],
    };
    const [check] = crossCheckTable4(table);
    expect(check.ok).toBe(false);
    expect(check.failures).toEqual(['reconsideration: 2 ≠ 1']);
  });

  it('property: for random cases, every year’s checks hold and every case counts exactly once', () => {
    const random = prng(20261128);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    for (let round = 0; round < 200; round++) {
      const cases: ReviewCaseFacts[] = [];
      const n = Math.floor(random() * 40);
      for (let i = 0; i < n; i++) {
        const filedOn = addDays('2018-01-01', Math.floor(random() * 365 * 8));
        const decided = random() < 0.7;
        const resultOn = decided ? addDays(filedOn, Math.floor(random() * 500)) : null;
        const c: ReviewCaseFacts = {
          kind: pick(TABLE4_GROUPS),
          filedOn,
          result: decided ? pick(REVIEW_RESULTS) : null,
          resultOn,
        };
        expect(reviewCaseConsistent(c)).toBe(true);
        cases.push(c);
      }
      let counted = 0;
      for (let year = 2017; year <= 2028; year++) {
        const table = computeTable4(cases, year);
        for (const check of crossCheckTable4(table)) expect(check).toMatchObject({ ok: true, failures: [] });
        for (const g of TABLE4_GROUPS) {
          counted += table[g][4];
          const pending = cases.filter(
            (c) =>
              c.kind === g &&
              c.filedOn.startsWith(String(year)) &&
              (c.resultOn === null || c.resultOn > `${year}-12-31`),
          ).length;
          expect(table[g][3]).toBe(pending);
        }
      }
      expect(counted).toBe(cases.length);
    }
  });
});

describe('validation', () => {
  const app = { receivedOn: '2024-03-01' };
  const today = '2024-06-30';

  it('accepts a well-formed case', () => {
    expect(
      reviewCaseProblems(
        { kind: 'reconsideration', filedOn: '2024-04-01', body: '县人民政府', reference: '复2024-1' },
        app,
        today,
      ),
    ).toEqual([]);
  });

  it('names each bad field', () => {
    const fields = (input: Record<string, unknown>) =>
      reviewCaseProblems(input, app, today).map((p) => p.field);
    expect(fields({ kind: 'appeal', filedOn: '2024-04-01', body: 'x' })).toEqual(['kind']);
    expect(fields({ kind: 'reconsideration', filedOn: '2024-02-28', body: 'x' })).toEqual(['filedOn']);
    expect(fields({ kind: 'reconsideration', filedOn: '2024-07-01', body: 'x' })).toEqual(['filedOn']);
    expect(fields({ kind: 'reconsideration', filedOn: '2024-02-30', body: 'x' })).toEqual(['filedOn']);
    expect(fields({ kind: 'reconsideration', filedOn: '2024-04-01', body: '  ' })).toEqual(['body']);
    expect(fields({ kind: 'reconsideration', filedOn: '2024-04-01', body: 'a\u0000b' })).toEqual(['body']);
    expect(fields({ kind: 'reconsideration', filedOn: '2024-04-01', body: 'x', note: '\ud800' })).toEqual([
      'note',
    ]);
  });

  it('a result goes with its date, not before the filing nor in the future', () => {
    const fields = (input: Record<string, unknown>) =>
      reviewResultProblems(input, '2024-04-01', today).map((p) => p.field);
    expect(fields({ result: 'upheld', resultOn: '2024-05-01' })).toEqual([]);
    expect(fields({ result: 'pending', resultOn: '2024-05-01' })).toEqual(['result']);
    expect(fields({ result: 'upheld' })).toEqual(['resultOn']);
    expect(fields({ result: 'upheld', resultOn: '2024-03-31' })).toEqual(['resultOn']);
    expect(fields({ result: 'upheld', resultOn: '2024-07-01' })).toEqual(['resultOn']);
    expect(reviewCaseConsistent(rec('2024-04-01', 'upheld', null))).toBe(false);
    expect(reviewCaseConsistent(rec('2024-04-01', null, '2024-05-01'))).toBe(false);
    expect(reviewCaseConsistent(rec('2024-04-01', 'upheld', '2024-03-01'))).toBe(false);
  });

  it('a reopening is received on or after the result; a deadline the body set lies after it', () => {
    const fields = (input: Record<string, unknown>) =>
      reopenProblems(input, '2024-05-01', today).map((p) => p.field);
    expect(fields({ reopenedOn: '2024-05-06' })).toEqual([]);
    expect(fields({ reopenedOn: '2024-05-06', replyDueOn: '2024-06-05' })).toEqual([]);
    expect(fields({ reopenedOn: '2024-04-30' })).toEqual(['reopen.reopenedOn']);
    expect(fields({ reopenedOn: '2024-07-01' })).toEqual(['reopen.reopenedOn']);
    expect(fields({ reopenedOn: '2024-05-06', replyDueOn: '2024-05-06' })).toEqual(['reopen.replyDueOn']);
    expect(fields({ reopenedOn: '2024-05-06', replyDueOn: '2124-01-01' })).toEqual(['reopen.replyDueOn']);
  });
});
