/**
 * Case lists (导出, issue 16): a filtered list as a spreadsheet (.xlsx) or CSV (UTF-8 with a byte-order
 * mark, so Excel reads the Chinese), Chinese column headings. The rows come from a server-side cursor in
 * batches, so a list of 100,000 rows is never held as rows in memory; the file is built in memory (a few
 * MiB at the cap) and sent with its length, so the console shows the download's progress.
 */
import { PassThrough } from 'node:stream';
import { HttpException } from '@nestjs/common';
import { stream } from 'exceljs';
import type { DataSource } from 'typeorm';

/** At most this many rows are exported; a longer list is refused (narrow the filters). */
export const EXPORT_MAX_ROWS = 100_000;
/** Rows fetched from the cursor at a time. */
const BATCH = 2000;

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_MEDIA: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** One column of an exported list: its Chinese heading, its width in Excel, how a row gives its value. */
export interface ExportColumn<R> {
  header: string;
  width: number;
  value: (row: R) => string | number | null;
}

/** 422: the list is longer than EXPORT_MAX_ROWS. */
export function exportTooLarge(): HttpException {
  return new HttpException(
    {
      statusCode: 422,
      error: 'Unprocessable Entity',
      code: 'EXPORT_TOO_LARGE',
      message: `清单超过 ${EXPORT_MAX_ROWS} 条，无法导出；请缩小筛选范围（例如收到日期）后再导出`,
    },
    422,
  );
}

/** The rows of a statement, `BATCH` at a time, through a cursor in a read-only transaction. */
export async function* cursorRows<R>(
  db: DataSource,
  sql: string,
  parameters: unknown[],
): AsyncGenerator<R[]> {
  const runner = db.createQueryRunner();
  await runner.connect();
  let done = false;
  try {
    await runner.query('BEGIN READ ONLY');
    await runner.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${sql}`, parameters);
    for (;;) {
      const rows = (await runner.query(`FETCH ${BATCH} FROM export_rows`)) as R[];
      if (rows.length) yield rows;
      if (rows.length < BATCH) break;
    }
    await runner.query('COMMIT');
    done = true;
  } finally {
    // Failed, or the reader stopped early: the connection goes back to the pool without the transaction.
    if (!done) await runner.query('ROLLBACK').catch(() => undefined);
    await runner.release();
  }
}

/** A CSV field: quoted; a text that a spreadsheet would read as a formula is prefixed with a quote. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The list as a file: the headings, then every row of `batches`. Answers the file and its row count. */
export async function writeList<R>(
  format: ExportFormat,
  sheetName: string,
  columns: readonly ExportColumn<R>[],
  batches: AsyncIterable<R[]>,
): Promise<{ file: Buffer; rows: number }> {
  let rows = 0;
  if (format === 'csv') {
    const parts: Buffer[] = [
      Buffer.from('\ufeff' + columns.map((c) => csvField(c.header)).join(',') + '\r\n'),
    ];
    for await (const batch of batches) {
      rows += batch.length;
      parts.push(
        Buffer.from(batch.map((r) => columns.map((c) => csvField(c.value(r))).join(',') + '\r\n').join('')),
      );
    }
    return { file: Buffer.concat(parts), rows };
  }
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const book = new stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const batch of batches) {
    rows += batch.length;
    for (const r of batch) sheet.addRow(columns.map((c) => c.value(r))).commit();
  }
  sheet.commit();
  await book.commit();
  await ended;
  return { file: Buffer.concat(chunks), rows };
}

/**
 * Content-Disposition of an exported list: an ASCII fallback `filename` and the UTF-8 `filename*`
 * (RFC 6266) with the Chinese name.
 */
export function listDisposition(asciiName: string, chineseName: string, format: ExportFormat): string {
  const encoded = encodeURIComponent(`${chineseName}.${format}`).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiName}.${format}"; filename*=UTF-8''${encoded}`;
}
