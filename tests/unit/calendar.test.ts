/** The working-day calendar against the official arrangements (tests/fixtures/deadline-vectors.json). */
import vectors from '../fixtures/deadline-vectors.json';
import chineseDays from 'chinese-days/dist/chinese-days.json';
import {
  BUILT_IN_ARRANGEMENTS,
  BUILT_IN_CALENDAR as cal,
  WorkingDayCalendar,
  sharedCalendar,
} from '../../libs/domain/calendar';
import { addDays, dayOfWeek } from '../../libs/domain/dates';

describe('working-day calendar', () => {
  it.each(vectors.vectors)('$from + $workingDays working days = $due', ({ from, workingDays, due }) => {
    const period = cal.addWorkingDays(from, workingDays);
    expect(period.due).toBe(due);
    expect(period.provisional).toBe(false);
  });

  it('knows weekends, holidays and make-up working days', () => {
    expect(cal.isWorkingDay('2024-10-12')).toBe(true); // Saturday, 调休上班
    expect(cal.isWorkingDay('2024-10-07')).toBe(false); // Monday, National Day holiday
    expect(cal.isWorkingDay('2024-10-13')).toBe(false); // an ordinary Sunday
    expect(cal.isWorkingDay('2024-10-08')).toBe(true);
    expect(cal.isWorkingDay('2025-01-26')).toBe(true); // Sunday, 调休上班
  });

  it('counts the working days of a pause as RULES.md does (9–21 October 2024: 10)', () => {
    expect(cal.workingDaysBetween('2024-10-08', '2024-10-21')).toBe(10);
    expect(cal.workingDaysBetween('2024-10-21', '2024-10-08')).toBe(0);
  });

  it('explains a period: holidays passed over and make-up days counted', () => {
    const p = cal.addWorkingDays('2024-09-27', 20);
    expect(p.daysOffCrossed).toEqual(['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07']);
    expect(p.makeUpDaysCrossed).toEqual(['2024-09-29', '2024-10-12']);
  });

  it('returns the start for 0 days and refuses negative or fractional counts', () => {
    expect(cal.addWorkingDays('2024-06-10', 0).due).toBe('2024-06-10');
    expect(() => cal.addWorkingDays('2024-06-10', -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2024-06-10', 1.5)).toThrow(RangeError);
  });

  it('ships the official arrangements of 2008–2026, the same as the chinese-days data set', () => {
    expect(BUILT_IN_ARRANGEMENTS.map((a) => a.year)).toEqual(
      Array.from({ length: 2026 - 2008 + 1 }, (_, i) => 2008 + i),
    );
    const holidays = new Set(Object.keys(chineseDays.holidays));
    const workdays = new Set(Object.keys(chineseDays.workdays));
    const weekend = (d: string) => dayOfWeek(d) === 0 || dayOfWeek(d) === 6;
    for (const a of BUILT_IN_ARRANGEMENTS) {
      const inYear = (dates: Iterable<string>) => [...dates].filter((d) => d.startsWith(`${a.year}-`)).sort();
      // Make-up working days: exactly the data set's.
      expect([a.year, [...a.work].sort()]).toEqual([a.year, inYear(workdays)]);
      // Days off: every one of the data set's, plus at most weekend days of a block joined to a weekend
      // (the data set leaves some of those out before 2019).
      expect([a.year, inYear(holidays).filter((d) => !a.off.includes(d))]).toEqual([a.year, []]);
      expect([a.year, a.off.filter((d) => !holidays.has(d) && !weekend(d))]).toEqual([a.year, []]);
      // Day by day, working or not as the data set says.
      const wrong: string[] = [];
      for (let d = `${a.year}-01-01`; d <= `${a.year}-12-31`; d = addDays(d, 1)) {
        const expected = workdays.has(d) || (!holidays.has(d) && !weekend(d));
        if (cal.isWorkingDay(d) !== expected) wrong.push(d);
      }
      expect([a.year, wrong]).toEqual([a.year, []]);
    }
  });

  it('knows the arrangements from 2008 on (the first Regulations took effect on 2008-05-01)', () => {
    for (const d of ['2008-05-01', '2008-05-02', '2008-05-03', '2008-02-06', '2008-10-03'])
      expect([d, cal.isWorkingDay(d)]).toEqual([d, false]);
    expect(cal.isWorkingDay('2008-05-04')).toBe(true); // Sunday, 调休上班
    expect(cal.isWorkingDay('2008-09-28')).toBe(true); // Sunday, 调休上班
    // 中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日: 3–5 September 2015 off, Sunday the 6th worked.
    for (const d of ['2015-09-03', '2015-09-04', '2015-09-05'])
      expect([d, cal.isWorkingDay(d)]).toEqual([d, false]);
    expect(cal.isWorkingDay('2015-09-06')).toBe(true);
    expect(cal.isWorkingDay('2011-12-31')).toBe(true); // Saturday, set by the 2012 notice
    expect(cal.addWorkingDays('2008-04-30', 15).due).toBe('2008-05-22');
  });

  it('answers the court case of RULES.md: signed for on 2022-09-30, due 2022-11-02', () => {
    expect(cal.addWorkingDays('2022-09-30', 20).due).toBe('2022-11-02');
  });

  it('marks a period reaching into a year without an arrangement as provisional', () => {
    const p = cal.addWorkingDays('2026-12-15', 20);
    expect(p.provisional).toBe(true);
    expect(p.provisionalYears).toEqual([2027]);
    expect(p.due).toBe('2027-01-12'); // weekends only in 2027 until its notice is entered
    expect(cal.nextWorkingDay('2024-09-30')).toBe('2024-10-08');
  });

  it('holds for many start dates: N working days later is a working day N working days away', () => {
    let seed = 20240927;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 2000; i++) {
      const from = addDays('2024-01-01', Math.floor(random() * 1000));
      const n = 1 + Math.floor(random() * 60);
      const { due } = cal.addWorkingDays(from, n);
      expect(cal.workingDaysBetween(from, due)).toBe(n);
      expect(cal.isWorkingDay(due)).toBe(true);
      expect(cal.workingDaysBetween(from, addDays(due, -1))).toBe(n - 1);
    }
  });

  it('counts working days until a date, negative once it has passed', () => {
    expect(cal.workingDaysUntil('2024-10-08', '2024-10-21')).toBe(10);
    expect(cal.workingDaysUntil('2024-10-21', '2024-10-08')).toBe(-10);
    expect(cal.workingDaysUntil('2024-10-21', '2024-10-21')).toBe(0);
  });

  it('finds the working day N working days before a deadline', () => {
    expect(cal.workingDayBefore('2024-11-13', 5)).toBe('2024-11-06');
    expect(cal.workingDayBefore('2024-10-08', 1)).toBe('2024-09-30'); // back over the National Day holiday
    expect(cal.workingDayBefore('2024-10-08', 0)).toBe('2024-10-08');
    expect(cal.workingDayBefore('2024-10-06', 0)).toBe('2024-09-30');
    for (const [due, n] of [
      ['2025-03-27', 5],
      ['2026-02-24', 3],
      ['2024-10-14', 2],
    ] as const) {
      const d = cal.workingDayBefore(due, n);
      expect(cal.isWorkingDay(d)).toBe(true);
      expect(cal.workingDaysBetween(d, due)).toBe(n);
    }
  });

  it('a calendar without arrangements counts weekends only', () => {
    const plain = new WorkingDayCalendar([]);
    expect(plain.addWorkingDays('2024-09-27', 20).due).toBe('2024-10-25');
    expect(plain.hasArrangement(2024)).toBe(false);
    expect(cal.arrangedYears).toEqual(Array.from({ length: 2026 - 2008 + 1 }, (_, i) => 2008 + i));
  });
});

describe('working-day calendar against the fixture arrangements (2024–2026)', () => {
  /** "02-10..02-17" → every date of the range, in the given year. */
  const expand = (year: string, specs: string[]): string[] =>
    specs.flatMap((spec) => {
      const [a, b] = spec.split('..');
      const out: string[] = [];
      for (let d = `${year}-${a}`; d <= `${year}-${b ?? a}`; d = addDays(d, 1)) out.push(d);
      return out;
    });
  const fixtureArrangements = Object.entries(vectors.calendars).map(([year, c]) => ({
    year: Number(year),
    off: expand(year, c.off),
    work: expand(year, c.work),
  }));

  it('ships 2024, 2025 and 2026 exactly as the fixture lists them, citing the notice', () => {
    for (const f of fixtureArrangements) {
      const built = BUILT_IN_ARRANGEMENTS.find((a) => a.year === f.year);
      expect(built).toBeDefined();
      expect([f.year, [...built!.off].sort()]).toEqual([f.year, [...f.off].sort()]);
      expect([f.year, [...built!.work].sort()]).toEqual([f.year, [...f.work].sort()]);
      expect(built!.source).toBe(`国务院办公厅关于${f.year}年部分节假日安排的通知`);
    }
  });

  it('a calendar built from the fixture years alone meets every vector, and treats 2022 as provisional', () => {
    const own = new WorkingDayCalendar(fixtureArrangements);
    for (const v of vectors.vectors) {
      const p = own.addWorkingDays(v.from, v.workingDays);
      expect([v.from, v.workingDays, p.due, p.provisional]).toEqual([v.from, v.workingDays, v.due, false]);
    }
    expect(own.hasArrangement(2022)).toBe(false);
    expect(own.addWorkingDays('2022-09-30', 20).provisionalYears).toEqual([2022]);
    expect(own.workingDaysBetween('2024-10-08', '2024-10-21')).toBe(10);
  });

  it('answers 100k queries correctly, matching a naive day-by-day reference on a sample', () => {
    const off = new Set(BUILT_IN_ARRANGEMENTS.flatMap((a) => a.off));
    const work = new Set(BUILT_IN_ARRANGEMENTS.flatMap((a) => a.work));
    const naiveWorking = (d: string) =>
      work.has(d) || (!off.has(d) && dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6);
    const naiveAdd = (from: string, n: number) => {
      let d = from;
      for (let left = n; left > 0;) {
        d = addDays(d, 1);
        if (naiveWorking(d)) left--;
      }
      return d;
    };
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let mismatches = 0;
    for (let i = 0; i < 100_000; i++) {
      const from = addDays('2015-01-01', Math.floor(random() * 9131)); // 2015-01-01 … 2039-12-31
      const n = Math.floor(random() * 61); // 0 … 60
      const { due } = cal.addWorkingDays(from, n);
      let ok = cal.workingDaysBetween(from, due) === n && (n === 0 ? due === from : cal.isWorkingDay(due));
      if (i % 100 === 0) ok = ok && due === naiveAdd(from, n) && cal.isWorkingDay(due) === naiveWorking(due);
      if (!ok) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('shares one calendar per set of arrangements, counting as a calendar of its own would (issue 12)', () => {
    const copy = JSON.parse(JSON.stringify(BUILT_IN_ARRANGEMENTS)) as typeof BUILT_IN_ARRANGEMENTS;
    const shared = sharedCalendar(BUILT_IN_ARRANGEMENTS);
    expect(sharedCalendar(copy)).toBe(shared);
    const corrected = [
      ...copy.slice(0, -1),
      { ...copy[copy.length - 1], off: [...copy[copy.length - 1].off, '2026-12-31'] },
    ];
    const other = sharedCalendar(corrected);
    expect(other).not.toBe(shared);
    expect(other.isWorkingDay('2026-12-31')).toBe(false);
    expect(shared.isWorkingDay('2026-12-31')).toBe(true);
    for (const [from, n] of [
      ['2024-09-27', 20],
      ['2026-01-01', 15],
      ['2025-12-20', 7],
    ] as const) {
      expect(shared.addWorkingDays(from, n)).toEqual(cal.addWorkingDays(from, n));
    }
    // A bounded number are kept: after many others, the first is built afresh (an equal calendar).
    for (let year = 2030; year < 2060; year++) sharedCalendar([{ year, off: [], work: [] }]);
    const again = sharedCalendar(BUILT_IN_ARRANGEMENTS);
    expect(again).not.toBe(shared);
    expect(again.addWorkingDays('2024-09-27', 20)).toEqual(shared.addWorkingDays('2024-09-27', 20));
    expect(sharedCalendar(BUILT_IN_ARRANGEMENTS)).toBe(again);
  });
});
