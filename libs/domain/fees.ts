/**
 * Information processing fees (信息处理费) under the 2020 measures (RULES.md §6). One method per
 * application: by this application's ordinal among the same applicant's applications in one calendar
 * month, or by the pages of this application, in progressive bands (like income-tax bands).
 * Pure functions: no I/O, no framework.
 */
export type FeeMethod = 'per_application' | 'per_page';

export interface FeeLine {
  /** e.g. '第11–30件' or '第31–100页'. */
  band: string;
  quantity: number;
  unitYuan: number;
  subtotalYuan: number;
}

export interface FeeComputation {
  method: FeeMethod;
  amountYuan: number;
  lines: FeeLine[];
  /** The computation in Chinese, shown on the fee notice. */
  explanation: string;
}

export type FeeInput =
  { method: 'per_application'; ordinalInMonth: number } | { method: 'per_page'; pages: number };

/** Pages 1–30 free; 31–100 at 10 yuan; 101–200 at 20; 201 and up at 40. */
const PAGE_BANDS: ReadonlyArray<{ from: number; to: number; unitYuan: number }> = [
  { from: 1, to: 30, unitYuan: 0 },
  { from: 31, to: 100, unitYuan: 10 },
  { from: 101, to: 200, unitYuan: 20 },
  { from: 201, to: Number.POSITIVE_INFINITY, unitYuan: 40 },
];

/** The band of the `ordinal`-th application of one applicant in a calendar month, and its fee. */
export function perApplicationBand(ordinal: number): {
  band: string;
  from: number;
  to: number;
  unitYuan: number;
} {
  if (!Number.isInteger(ordinal) || ordinal < 1) {
    throw new RangeError(`ordinalInMonth must be a whole number ≥ 1, not ${String(ordinal)}`);
  }
  if (ordinal <= 10) return { band: '第1–10件', from: 1, to: 10, unitYuan: 0 };
  if (ordinal <= 30) return { band: '第11–30件', from: 11, to: 30, unitYuan: 100 };
  const k = Math.floor((ordinal - 31) / 10); // 0 for 31–40, 1 for 41–50, …
  const from = 31 + 10 * k;
  const to = from + 9;
  return { band: `第${from}–${to}件`, from, to, unitYuan: 200 + 100 * k };
}

export function computeFee(input: FeeInput): FeeComputation {
  if (input === null || typeof input !== 'object') throw new RangeError('fee input is required');
  if (input.method === 'per_application') {
    const n = input.ordinalInMonth;
    const { band, unitYuan } = perApplicationBand(n);
    const line: FeeLine = { band, quantity: 1, unitYuan, subtotalYuan: unitYuan };
    const explanation =
      unitYuan === 0
        ? `按件计收：本申请为该申请人本自然月内第${n}件申请，属${band}档，免收信息处理费，应缴0元。`
        : `按件计收：本申请为该申请人本自然月内第${n}件申请，属${band}档，每件${unitYuan}元，应缴${unitYuan}元。`;
    return { method: 'per_application', amountYuan: unitYuan, lines: [line], explanation };
  }
  if (input.method === 'per_page') {
    const pages = input.pages;
    if (!Number.isInteger(pages) || pages < 0) {
      throw new RangeError(`pages must be a whole number ≥ 0, not ${String(pages)}`);
    }
    const lines: FeeLine[] = [];
    for (const b of PAGE_BANDS) {
      if (pages < b.from) break;
      const last = Math.min(pages, b.to);
      const quantity = last - b.from + 1;
      lines.push({
        band: `第${b.from}–${last}页`,
        quantity,
        unitYuan: b.unitYuan,
        subtotalYuan: quantity * b.unitYuan,
      });
    }
    const amountYuan = lines.reduce((sum, l) => sum + l.subtotalYuan, 0);
    const parts = lines.map((l) =>
      l.unitYuan === 0
        ? `${l.band}共${l.quantity}页免费`
        : `${l.band}共${l.quantity}页×${l.unitYuan}元=${l.subtotalYuan}元`,
    );
    const explanation =
      pages === 0
        ? '按页计收：本申请共0页，不收取信息处理费，应缴0元。'
        : `按页计收（超额累进）：本申请共${pages}页；${parts.join('；')}；合计应缴${amountYuan}元。`;
    return { method: 'per_page', amountYuan, lines, explanation };
  }
  throw new RangeError(`unknown fee method: ${String((input as { method?: unknown }).method)}`);
}
