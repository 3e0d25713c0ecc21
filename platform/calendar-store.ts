/**
 * The effective working-day calendar: the arrangements the product ships with, overridden year by year
 * by what admins entered (the latest entry of a year wins). Its version is the id of the latest entry
 * (0: nothing entered yet). Workflows receive the arrangements themselves, so replaying a workflow never
 * depends on what the code or the database holds later.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { BUILT_IN_ARRANGEMENTS, type HolidayArrangement } from '../libs/domain/calendar';

export interface EffectiveCalendar {
  version: number;
  arrangements: HolidayArrangement[];
  /** Where each year comes from. */
  sources: Array<{
    year: number;
    source: 'built_in' | 'entered';
    notice: string;
    enteredBy: string | null;
    enteredAt: string | null;
    version: number;
  }>;
}

/** The effective calendar now, or as it was at version `asOf` (entries up to that id). */
export async function loadEffectiveCalendar(
  db: DataSource | EntityManager,
  asOf: number | null = null,
): Promise<EffectiveCalendar> {
  const rows: Array<{
    id: number;
    year: number;
    off_days: string[];
    work_days: string[];
    notice: string;
    entered_by: string;
    entered_at: Date;
  }> = await db.query(
    `SELECT DISTINCT ON (year) id, year, off_days::text[] AS off_days, work_days::text[] AS work_days, notice, entered_by, entered_at
         FROM calendar_years WHERE $1::int IS NULL OR id <= $1::int ORDER BY year, id DESC`,
    [asOf],
  );
  const byYear = new Map<number, HolidayArrangement>(BUILT_IN_ARRANGEMENTS.map((a) => [a.year, a]));
  const sources = new Map<number, EffectiveCalendar['sources'][number]>(
    BUILT_IN_ARRANGEMENTS.map((a) => [
      a.year,
      {
        year: a.year,
        source: 'built_in',
        notice: a.source ?? '',
        enteredBy: null,
        enteredAt: null,
        version: 0,
      },
    ]),
  );
  let version = 0;
  for (const r of rows) {
    byYear.set(r.year, {
      year: r.year,
      off: [...r.off_days].sort(),
      work: [...r.work_days].sort(),
      source: r.notice,
    });
    sources.set(r.year, {
      year: r.year,
      source: 'entered',
      notice: r.notice,
      enteredBy: r.entered_by,
      enteredAt: r.entered_at.toISOString(),
      version: r.id,
    });
    version = Math.max(version, r.id);
  }
  const years = [...byYear.keys()].sort((a, b) => a - b);
  return {
    version,
    arrangements: years.map((y) => byYear.get(y)!),
    sources: years.map((y) => sources.get(y)!),
  };
}
