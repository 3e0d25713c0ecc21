/**
 * `npm run bench`: prints speed and memory figures of the pure domain work that grows with an agency's
 * history — the working-day calculus and the annual report over a large event log — and, in PostgreSQL,
 * the annual report over 1,000,000 applications beside the raw SQL aggregation (bench-report-db.ts), and
 * the legacy import of 10,000 rows (bench-import.ts).
 * Figures only; nothing here passes or fails.
 */
import { performance } from 'node:perf_hooks';
import { APPLICANT_TYPES } from '../libs/domain/applicant';
import { BUILT_IN_CALENDAR, WorkingDayCalendar, BUILT_IN_ARRANGEMENTS } from '../libs/domain/calendar';
import { addDays } from '../libs/domain/dates';
import { DRAFTABLE_OUTCOMES } from '../libs/domain/outcome';
import { type RecordedEvent, buildAnnualReport } from '../libs/domain/report';
import { type ClockEntry, computeReplyDeadline } from '../libs/domain/clock';
import { benchReportDatabase } from './bench-report-db';
import { benchLegacyImport } from './bench-import';

function time<T>(label: string, fn: () => T, per?: number): T {
  const t0 = performance.now();
  const result = fn();
  const ms = performance.now() - t0;
  const rate = per ? `  (${((per / ms) * 1000).toFixed(0)} per second)` : '';
  console.log(`${label.padEnd(58)} ${ms.toFixed(1).padStart(9)} ms${rate}`);
  return result;
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

async function main(): Promise<void> {
  console.log(`OGI Flow benchmark — node ${process.version}, ${new Date().toISOString()}\n`);

  time('build a calendar index (2000–2100)', () => new WorkingDayCalendar(BUILT_IN_ARRANGEMENTS));
  const N = 1_000_000;
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const starts = Array.from({ length: 1000 }, () => addDays('2024-01-01', Math.floor(random() * 1000)));
  time(
    `${N.toLocaleString()} × workingDaysBetween`,
    () => {
      let s = 0;
      for (let i = 0; i < N; i++)
        s += BUILT_IN_CALENDAR.workingDaysBetween(starts[i % 1000], starts[(i * 7) % 1000]);
      return s;
    },
    N,
  );
  const M = 100_000;
  time(
    `${M.toLocaleString()} × addWorkingDays(20) with derivation`,
    () => {
      for (let i = 0; i < M; i++) BUILT_IN_CALENDAR.addWorkingDays(starts[i % 1000], 20);
    },
    M,
  );

  const ledgers: ClockEntry[][] = starts.map((from) => [
    { kind: 'start', on: from },
    {
      kind: 'pause_begin',
      on: addDays(from, 3),
      ground: 'third_party_consultation',
      ref: 'c1',
      windowEnd: addDays(from, 25),
    },
    { kind: 'pause_end', on: addDays(from, 10), ref: 'c1', reason: 'answered' },
    { kind: 'extension', on: addDays(from, 12), workingDays: 10, approvedBy: 'x' },
  ]);
  time(
    `${M.toLocaleString()} × reply deadline (pause + extension, with derivation)`,
    () => {
      for (let i = 0; i < M; i++) computeReplyDeadline(ledgers[i % 1000], BUILT_IN_CALENDAR);
    },
    M,
  );

  for (const applications of [10_000, 100_000]) {
    const events: RecordedEvent[] = [];
    for (let i = 0; i < applications; i++) {
      const applicationId = `a${i}`;
      const receivedOn = addDays('2023-01-01', Math.floor(random() * 730));
      events.push({
        applicationId,
        seq: 1,
        type: 'registered',
        businessDate: receivedOn,
        payload: { applicantType: APPLICANT_TYPES[i % APPLICANT_TYPES.length], receivedOn },
      });
      if (random() < 0.9) {
        const concludedOn = addDays(receivedOn, Math.floor(random() * 40));
        const outcome = DRAFTABLE_OUTCOMES[i % DRAFTABLE_OUTCOMES.length];
        events.push({
          applicationId,
          seq: 5,
          type: 'decision_delivered',
          businessDate: concludedOn,
          payload: { conclusion: { outcome, concludedOn } },
        });
      }
    }
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const report = time(
      `annual report over ${applications.toLocaleString()} applications (${events.length.toLocaleString()} events)`,
      () => buildAnnualReport(events, 2024),
    );
    const after = process.memoryUsage().heapUsed;
    console.log(
      `${''.padEnd(58)} heap +${mib(Math.max(0, after - before))}; checks ${report.checks.every((c) => c.ok) ? 'all hold' : 'FAIL'}; new ${report.applications.received}`,
    );
  }
  console.log(`\nresident set size at the end: ${mib(process.memoryUsage().rss)}`);
  // issue 11: 10,000 rows through the legacy import.
  await benchLegacyImport();
  // issue 8: the report over 1,000,000 applications in PostgreSQL, side by side with the raw SQL.
  await benchReportDatabase();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
