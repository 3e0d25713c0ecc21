/**
 * Properties of the report over many random histories (tests/support/report-histories.ts), including
 * reopened applications: every cross-check holds for every year and column; folding event by event
 * (as the recording activity keeps application_facts) gives the facts of deriveApplicationFacts and of
 * the history itself; and the report rebuilt from aggregated counts (as the SQL report does) equals the
 * report folded from the events.
 */
import { APPLICANT_TYPES } from '../../libs/domain/applicant';
import { yearOf } from '../../libs/domain/dates';
import {
  type ApplicationFacts,
  type RecordedEvent,
  type Table3Count,
  TABLE3_COLUMNS,
  annualReportFromCounts,
  buildAnnualReport,
  computeTable3,
  computeTimeliness,
  crossCheckTable3,
  deriveApplicationFacts,
  foldApplicationFact,
  table3FromCounts,
} from '../../libs/domain/report';
import { prng } from '../support/prng';
import { randomHistories, recordedEvents } from '../support/report-histories';

const SEEDS = Array.from({ length: 40 }, (_, i) => 1000 + i * 7919);
const FROM = 2018;
const TO = 2025;

function shuffled<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The counts the SQL report aggregates, computed independently of computeTable3 (one pass per fact). */
function aggregate(facts: readonly ApplicationFacts[], year: number) {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const previousEnd = `${year - 1}-12-31`;
  const counts: Table3Count[] = [];
  const previous: Table3Count[] = [];
  const taken: number[] = [];
  let onTime = 0;
  let late = 0;
  for (const f of facts) {
    if (f.receivedOn > end) continue;
    const on = f.conclusion?.concludedOn ?? null;
    const c = (row: string) => counts.push({ applicantType: f.applicantType, row, count: 1 });
    if (f.receivedOn >= start) c('new_this_year');
    if (f.receivedOn < start && (on === null || on >= start)) c('carried_from_last_year');
    if (on !== null && on >= start && on <= end) {
      c('concluded_total');
      c(f.conclusion!.outcome);
      const t = f.conclusion!.timeliness;
      if (t) {
        if (t.onTime) onTime++;
        else late++;
        taken.push(t.workingDaysTaken);
      }
    }
    if (on === null || on > end) c('carried_to_next_year');
    if (f.receivedOn <= previousEnd && (on === null || on > previousEnd))
      previous.push({ applicantType: f.applicantType, row: 'carried_to_next_year', count: 1 });
  }
  taken.sort((a, b) => a - b);
  const n = taken.length;
  const median = n === 0 ? null : n % 2 ? taken[(n - 1) / 2] : (taken[n / 2 - 1] + taken[n / 2]) / 2;
  return annualReportFromCounts(year, counts, previous, {
    decided: n,
    onTime,
    late,
    medianWorkingDays: median,
  });
}

describe('report properties over random histories', () => {
  it.each(SEEDS)('seed %i: every cross-check holds for every year and column', (seed) => {
    const random = prng(seed);
    const histories = randomHistories(random, 60 + Math.floor(random() * 200), {
      fromYear: FROM,
      toYear: TO,
    });
    const events = shuffled(recordedEvents(histories), random);
    const facts = deriveApplicationFacts(events);
    expect(facts).toHaveLength(histories.length);
    for (let year = FROM - 1; year <= TO + 2; year++) {
      const table = computeTable3(facts, year);
      const checks = crossCheckTable3(table, computeTable3(facts, year - 1));
      expect(checks.map((c) => c.key)).toEqual(['balance', 'concluded_total', 'total_column', 'carry_over']);
      for (const check of checks)
        expect({ year, check: check.key, failures: check.failures }).toEqual({
          year,
          check: check.key,
          failures: [],
        });
      // Each column is in the table, the total column sums the others.
      for (const row of Object.values(table)) expect(row).toHaveLength(TABLE3_COLUMNS.length);
      const report = buildAnnualReport(events, year);
      expect(report.checks.every((c) => c.ok)).toBe(true);
      // The report rebuilt from aggregated counts is the report folded from the events.
      expect(aggregate(facts, year)).toEqual(report);
    }
  });

  it.each(SEEDS)('seed %i: folding event by event gives the facts of the history', (seed) => {
    const random = prng(seed);
    const histories = randomHistories(random, 150, { fromYear: FROM, toYear: TO });
    const derived = new Map(
      deriveApplicationFacts(recordedEvents(histories)).map((f) => [f.applicationId, f]),
    );
    for (const h of histories) {
      let fact: ApplicationFacts | null = null;
      h.events.forEach((e, i) => {
        const event: RecordedEvent = { applicationId: h.applicationId, seq: i + 1, ...e };
        fact = foldApplicationFact(fact, event);
      });
      const expected: ApplicationFacts = {
        applicationId: h.applicationId,
        applicantType: h.applicantType,
        receivedOn: h.receivedOn,
        conclusion: h.expected,
      };
      expect(fact).toEqual(expected);
      expect(derived.get(h.applicationId)).toEqual(expected);
    }
  });

  it('the histories include reopened applications, both concluded again and left open, in every column', () => {
    const histories = SEEDS.flatMap((seed) =>
      randomHistories(prng(seed), 150, { fromYear: FROM, toYear: TO }),
    );
    const reopened = histories.filter((h) => h.events.some((e) => e.payload.reopened === true));
    expect(reopened.some((h) => h.expected === null)).toBe(true);
    expect(reopened.some((h) => h.expected !== null)).toBe(true);
    expect(histories.some((h) => h.expected === null && !reopened.includes(h))).toBe(true);
    expect(new Set(histories.map((h) => h.applicantType)).size).toBe(APPLICANT_TYPES.length);
    const years = new Set(histories.map((h) => yearOf(h.receivedOn)));
    expect([...years].sort()).toEqual(Array.from({ length: TO - FROM + 1 }, (_, i) => FROM + i));
  });

  it('timeliness: the median of an even count is the mean of the two middle values', () => {
    const facts: ApplicationFacts[] = [3, 8, 5, 10].map((workingDaysTaken, i) => ({
      applicationId: `a${i}`,
      applicantType: 'natural_person',
      receivedOn: '2024-01-02',
      conclusion: {
        outcome: 'disclosed',
        concludedOn: '2024-02-01',
        timeliness: { dueOn: '2024-01-30', onTime: workingDaysTaken <= 8, workingDaysTaken },
      },
    }));
    expect(computeTimeliness(facts, 2024)).toEqual({
      decided: 4,
      onTime: 3,
      late: 1,
      medianWorkingDays: 6.5,
    });
    expect(aggregate(facts, 2024).timeliness).toEqual(computeTimeliness(facts, 2024));
  });

  it('table3FromCounts refuses a type or row the table does not know', () => {
    expect(() => table3FromCounts([{ applicantType: 'alien', row: 'new_this_year', count: 1 }])).toThrow(
      /applicant type/,
    );
    expect(() => table3FromCounts([{ applicantType: 'natural_person', row: 'bogus', count: 1 }])).toThrow(
      /row/,
    );
    expect(() =>
      table3FromCounts([{ applicantType: 'natural_person', row: 'new_this_year', count: -1 }]),
    ).toThrow(/count/);
  });
});
