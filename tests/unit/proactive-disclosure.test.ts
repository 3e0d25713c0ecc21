/** Table 二 (主动公开政府信息情况) from the register and the recorded figures. */
import seed from '../fixtures/seed-2024-tables.json';
import { prng } from '../support/prng';
import { addDays, fromEpochDay, toEpochDay } from '../../libs/domain/dates';
import {
  type DisclosureDocument,
  FIGURE_KEYS,
  type RecordedFigure,
  computeTable2,
  crossCheckTable2,
  documentProblems,
  figureProblems,
  repealProblem,
  table2Sources,
} from '../../libs/domain/proactive-disclosure';

const TODAY = '2026-11-28';

function doc(kind: DisclosureDocument['kind'], issuedOn: string, repealedOn?: string): DisclosureDocument {
  return { kind, title: `文件 ${issuedOn}`, issuedOn, repealedOn: repealedOn ?? null };
}

function figure(key: RecordedFigure['key'], value: number, year = 2024, agencyId?: string): RecordedFigure {
  return {
    agencyId,
    year,
    key,
    value,
    source: '省政务服务平台导出 2025-01-05',
    recordedAt: '2025-01-06T02:00:00.000Z',
    recordedBy: '审核人 张华（shenhe）',
  };
}

/** The seed's register: 2 in force before 2024, 5 issued in 2024, 3 repealed in 2024 (the two old ones and one new). */
const SEED_REGISTER: DisclosureDocument[] = [
  doc('normative_document', '2022-06-01', '2024-03-01'),
  doc('normative_document', '2023-09-15', '2024-07-01'),
  doc('normative_document', '2024-02-01', '2024-11-30'),
  doc('normative_document', '2024-04-10'),
  doc('normative_document', '2024-05-20'),
  doc('normative_document', '2024-08-08'),
  doc('normative_document', '2024-12-31'),
];

describe('computeTable2', () => {
  it('reproduces the seed report’s table 二 (5 issued, 3 repealed, 4 in force at year end)', () => {
    const figures = FIGURE_KEYS.map((k) => figure(k, 0));
    expect(computeTable2(SEED_REGISTER, figures, 2024)).toEqual(seed.table2);
    expect(crossCheckTable2(SEED_REGISTER, figures, 2024).every((c) => c.ok)).toBe(true);
  });

  it('counts a figure never entered as 0 and reports it as missing, with null as its source', () => {
    const figures = [figure('licensing_decisions', 12)];
    const table = computeTable2(SEED_REGISTER, figures, 2024);
    expect(table.licensing_decisions).toBe(12);
    expect(table.penalty_decisions).toBe(0);
    const sources = table2Sources(figures, 2024);
    expect(sources.licensing_decisions).toEqual({
      source: '省政务服务平台导出 2025-01-05',
      recordedAt: '2025-01-06T02:00:00.000Z',
      recordedBy: '审核人 张华（shenhe）',
    });
    expect(sources.penalty_decisions).toBeNull();
    const entered = crossCheckTable2(SEED_REGISTER, figures, 2024).find(
      (c) => c.key === 'table2.figures_entered',
    )!;
    expect(entered.ok).toBe(false);
    expect(entered.failures).toHaveLength(3);
    expect(entered.failures.join()).toContain('行政处罚');
    expect(entered.failures.join()).not.toContain('行政许可');
  });

  it('uses only the figures of the year asked for, and sums agencies (fees exact to 4 decimals)', () => {
    const figures = [
      figure('administrative_fees_wan_yuan', 0.1, 2024, 'a'),
      figure('administrative_fees_wan_yuan', 0.2, 2024, 'b'),
      figure('administrative_fees_wan_yuan', 99, 2023, 'a'),
      figure('penalty_decisions', 3, 2024, 'a'),
      figure('penalty_decisions', 4, 2024, 'b'),
    ];
    const table = computeTable2([], figures, 2024);
    expect(table.administrative_fees_wan_yuan).toBe(0.3);
    expect(table.penalty_decisions).toBe(7);
    const entered = crossCheckTable2([], figures, 2024, ['a', 'b']).find(
      (c) => c.key === 'table2.figures_entered',
    )!;
    // licensing and enforcement missing for both agencies
    expect(entered.failures).toHaveLength(4);
  });

  it('counts a document issued on 31 December in force at year end, and one repealed that day not', () => {
    const register = [doc('rule', '2024-12-31'), doc('rule', '2020-01-01', '2024-12-31')];
    expect(computeTable2(register, [], 2024).rules).toEqual({ issued: 1, repealed: 1, in_force: 1 });
    expect(computeTable2(register, [], 2025).rules).toEqual({ issued: 0, repealed: 0, in_force: 1 });
    expect(computeTable2(register, [], 2023).rules).toEqual({ issued: 0, repealed: 0, in_force: 1 });
  });

  it('flags a register that breaks the identity (repealed before it was issued)', () => {
    const broken = [doc('rule', '2024-06-01', '2023-01-01')];
    const check = crossCheckTable2(broken, [], 2024).find((c) => c.key === 'table2.in_force.rules')!;
    expect(check.ok).toBe(false);
    expect(check.failures[0]).toContain('规章');
  });

  it('property: in force at year end = in force at the start + issued − repealed, for every year and kind', () => {
    const random = prng(20241231);
    const pick = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const first = toEpochDay('2008-01-01');
    const last = toEpochDay('2026-11-28');
    for (let run = 0; run < 300; run++) {
      const register: DisclosureDocument[] = [];
      const n = pick(0, 40);
      for (let i = 0; i < n; i++) {
        const issuedOn = fromEpochDay(pick(first, last));
        const repealedOn =
          random() < 0.5
            ? addDays(issuedOn, pick(0, Math.min(3000, last - toEpochDay(issuedOn))))
            : undefined;
        register.push(doc(random() < 0.3 ? 'rule' : 'normative_document', issuedOn, repealedOn));
      }
      for (let year = 2008; year <= 2026; year++) {
        const table = computeTable2(register, [], year);
        const previous = computeTable2(register, [], year - 1);
        for (const row of ['rules', 'normative_documents'] as const) {
          expect(table[row].in_force).toBe(previous[row].in_force + table[row].issued - table[row].repealed);
        }
        const checks = crossCheckTable2(register, [], year).filter((c) =>
          c.key.startsWith('table2.in_force'),
        );
        expect(checks.map((c) => c.failures)).toEqual([[], []]);
      }
    }
  });
});

describe('validation of the register and the figures', () => {
  it('accepts a complete document', () => {
    expect(
      documentProblems(
        {
          kind: 'normative_document',
          title: '关于印发某某办法的通知',
          documentNumber: '某政办规〔2024〕1号',
          issuedOn: '2024-02-01',
        },
        TODAY,
      ),
    ).toEqual([]);
  });

  it('names every bad field', () => {
    const problems = documentProblems(
      {
        kind: 'law',
        title: ' ',
        documentNumber: 'a\u0000b',
        issuedOn: '2024-02-30',
        repealedOn: '2031-01-01',
      },
      TODAY,
    );
    expect(problems.map((p) => p.field)).toEqual([
      'kind',
      'title',
      'documentNumber',
      'issuedOn',
      'repealedOn',
    ]);
    expect(problems[2].reason).toContain('U+0000');
    expect(problems[4].reason).toContain('future');
  });

  it('refuses a repeal before the issue date', () => {
    expect(repealProblem('2024-05-01', '2024-04-30', TODAY)?.reason).toContain('before the issue date');
    expect(repealProblem('2024-05-01', '2024-05-01', TODAY)).toBeNull();
  });

  it('checks each figure by its kind', () => {
    expect(figureProblems('licensing_decisions', 3, '来源')).toEqual([]);
    expect(figureProblems('licensing_decisions', 3.5, '来源')[0].field).toBe(
      'figures.licensing_decisions.value',
    );
    expect(figureProblems('penalty_decisions', -1, '来源')[0].reason).toContain('negative');
    expect(figureProblems('administrative_fees_wan_yuan', 12.3456, '来源')).toEqual([]);
    expect(figureProblems('administrative_fees_wan_yuan', 12.34567, '来源')[0].reason).toContain('4 decimal');
    expect(figureProblems('enforcement_decisions', 1, '')[0].field).toBe(
      'figures.enforcement_decisions.source',
    );
    expect(figureProblems('enforcement_decisions', 1, undefined)[0].reason).toContain('required');
    expect(figureProblems('bogus', 1, 'x')[0].field).toBe('figures.bogus');
  });
});
