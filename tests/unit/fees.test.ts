import { computeFee } from '../../libs/domain/fees';

describe('information processing fees (2020 bands)', () => {
  it.each([
    [1, 0],
    [10, 0],
    [11, 100],
    [30, 100],
    [31, 200],
    [40, 200],
    [41, 300],
    [55, 400],
  ])('the %i-th application of the month costs %i yuan', (ordinal, fee) => {
    const c = computeFee({ method: 'per_application', ordinalInMonth: ordinal });
    expect(c.amountYuan).toBe(fee);
    expect(c.explanation).toContain(`第${ordinal}件`);
  });

  it.each([
    [30, 0],
    [31, 10],
    [100, 700],
    [101, 720],
    [200, 2700],
    [201, 2740],
    [250, 4700],
  ])('%i pages cost %i yuan, progressively', (pages, fee) => {
    const c = computeFee({ method: 'per_page', pages });
    expect(c.amountYuan).toBe(fee);
    expect(c.lines.reduce((s, l) => s + l.subtotalYuan, 0)).toBe(fee);
    expect(c.lines.reduce((s, l) => s + l.quantity, 0)).toBe(pages);
  });

  it('shows its computation on the notice, band by band', () => {
    const c = computeFee({ method: 'per_page', pages: 250 });
    expect(c.lines.map((l) => [l.band, l.quantity, l.unitYuan, l.subtotalYuan])).toEqual([
      ['第1–30页', 30, 0, 0],
      ['第31–100页', 70, 10, 700],
      ['第101–200页', 100, 20, 2000],
      ['第201–250页', 50, 40, 2000],
    ]);
    expect(c.explanation).toContain('4700');
  });

  it('refuses what is not a whole positive number', () => {
    expect(() => computeFee({ method: 'per_page', pages: -1 })).toThrow(RangeError);
    expect(computeFee({ method: 'per_page', pages: 0 }).amountYuan).toBe(0);
    expect(() => computeFee({ method: 'per_page', pages: 2.5 })).toThrow(/whole number/);
    expect(() => computeFee({ method: 'per_application', ordinalInMonth: -1 })).toThrow(RangeError);
  });
});
