/**
 * The dashboard's figures (issue 15) over random histories: fed the report's groups split by month and by
 * agency (as the dashboard's SQL groups them), the report's own `toReport` gives the same report as the
 * year groups; the months add up to the report's received and concluded; the categories add up its
 * outcome rows; the bands of working days add up its timeliness. And the open applications' bands follow
 * the inbox's working days left.
 */
import { APPLICANT_TYPES } from '../../libs/domain/applicant';
import { BUILT_IN_CALENDAR } from '../../libs/domain/calendar';
import { yearOf } from '../../libs/domain/dates';
import {
  OUTCOME_CATEGORIES,
  type OpenCount,
  onTimeRate,
  openBandOf,
  openFigures,
  outcomeCategoryOf,
  yearFigures,
} from '../../libs/domain/dashboard';
import { OUTCOME_CODES } from '../../libs/domain/outcome';
import { type ApplicationFacts, buildAnnualReport, deriveApplicationFacts } from '../../libs/domain/report';
import { computeTable4 } from '../../libs/domain/review-cases';
import { inboxDueBounds } from '../../libs/domain/tasks';
import { type Table3Row, type TimelinessRow, table3Queries } from '../../platform/database/application-facts';
import { prng } from '../support/prng';
import { randomHistories, recordedEvents } from '../support/report-histories';

const AGENCIES = ['agency-a', 'agency-b'];

/** The groups the dashboard's statement makes (byMonth, byAgency), computed here from the facts. */
function dashboardGroups(facts: readonly ApplicationFacts[], agencyOf: (id: string) => string, year: number) {
  const groups = new Map<string, Table3Row>();
  const decisions = new Map<string, TimelinessRow>();
  for (const f of facts) {
    const receivedYear = yearOf(f.receivedOn);
    const concludedOn = f.conclusion?.concludedOn ?? null;
    const concludedYear = concludedOn ? yearOf(concludedOn) : null;
    const relevantUntil = concludedOn && concludedOn > f.receivedOn ? concludedOn : f.receivedOn;
    const open = concludedOn === null;
    if (receivedYear > year || (!open && relevantUntil < `${year}-01-01`)) continue;
    const row: Table3Row = {
      agency_id: agencyOf(f.applicationId),
      applicant_type: f.applicantType,
      outcome: f.conclusion?.outcome ?? null,
      received_year: receivedYear,
      concluded_year: concludedYear,
      received_month: receivedYear === year ? Number(f.receivedOn.slice(5, 7)) : null,
      concluded_month: concludedYear === year ? Number(concludedOn!.slice(5, 7)) : null,
      count: 1,
    };
    const key = JSON.stringify({ ...row, count: 0 });
    const seen = groups.get(key);
    if (seen) seen.count += 1;
    else groups.set(key, row);
    const t = f.conclusion?.timeliness;
    if (t && concludedYear === year) {
      const d: TimelinessRow = {
        agency_id: row.agency_id,
        on_time: t.onTime,
        working_days_taken: t.workingDaysTaken,
        count: 1,
      };
      const dk = JSON.stringify({ ...d, count: 0 });
      const had = decisions.get(dk);
      if (had) had.count += 1;
      else decisions.set(dk, d);
    }
  }
  return { rows: [...groups.values()], decisions: [...decisions.values()] };
}

describe('the dashboard’s figures are the report’s', () => {
  it.each([11, 4242, 90001, 123457])('over random histories (seed %i)', (seed) => {
    const histories = randomHistories(prng(seed), 400, { fromYear: 2021, toYear: 2025 });
    const events = recordedEvents(histories);
    const facts = deriveApplicationFacts(events);
    const agencyOf = (id: string) => AGENCIES[Number(id.replace(/\D/g, '')) % 2];
    for (const year of [2023, 2024, 2025]) {
      const { rows, decisions } = dashboardGroups(facts, agencyOf, year);
      const { toReport } = table3Queries(AGENCIES, year, { byMonth: true, byAgency: true });
      const report = toReport(rows, decisions);
      const folded = buildAnnualReport(events, year);
      expect(report.table3).toEqual(folded.table3);
      expect(report.timeliness).toEqual(folded.timeliness);
      expect(report.checks.every((c) => c.ok)).toBe(true);

      const figures = yearFigures({
        year,
        report,
        months: rows.map((r) => ({
          receivedMonth: r.received_month ?? null,
          concludedMonth: r.concluded_month ?? null,
          count: r.count,
        })),
        decisions: decisions.map((d) => ({
          onTime: d.on_time,
          workingDaysTaken: d.working_days_taken,
          count: d.count,
        })),
        table4: computeTable4([], year),
      });
      const total = APPLICANT_TYPES.length;
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      expect(figures.monthly.map((m) => m.month)).toEqual(
        Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`),
      );
      expect(sum(figures.monthly.map((m) => m.received))).toBe(folded.table3.new_this_year[total]);
      expect(sum(figures.monthly.map((m) => m.concluded))).toBe(folded.table3.concluded_total[total]);
      expect(sum(figures.outcomes.map((o) => o.count))).toBe(folded.table3.concluded_total[total]);
      for (const o of figures.outcomes) {
        const codes = OUTCOME_CODES.filter((c) => outcomeCategoryOf(c) === o.category);
        expect(o.count).toBe(sum(codes.map((c) => folded.table3[c][total])));
      }
      expect(sum(figures.workingDaysTaken.map((b) => b.onTime))).toBe(folded.timeliness.onTime);
      expect(sum(figures.workingDaysTaken.map((b) => b.late))).toBe(folded.timeliness.late);
      expect(figures.timeliness.onTimeRate).toBe(onTimeRate(folded.timeliness));

      // Per agency: the two agencies' reports add up to the roll-up.
      const perAgency = AGENCIES.map((a) =>
        toReport(
          rows.filter((r) => r.agency_id === a),
          decisions.filter((d) => d.agency_id === a),
        ),
      );
      expect(perAgency[0].applications.received + perAgency[1].applications.received).toBe(
        report.applications.received,
      );
      expect(perAgency[0].timeliness.onTime + perAgency[1].timeliness.onTime).toBe(report.timeliness.onTime);
    }
  });

  it('has the six national categories, every outcome code in one', () => {
    expect(OUTCOME_CATEGORIES).toHaveLength(6);
    for (const code of OUTCOME_CODES) expect(OUTCOME_CATEGORIES).toContain(outcomeCategoryOf(code));
  });
});

describe('the open applications today', () => {
  const calendar = BUILT_IN_CALENDAR;
  // Friday 2024-09-27; Sunday 29 September is a working day, 1 to 7 October the National Day holiday.
  const today = '2024-09-27';

  it('are banded by working days left as the inbox counts them', () => {
    const band = (replyDueOn: string | null, o: Partial<OpenCount> = {}) =>
      openBandOf({ status: 'under_review', paused: false, replyDueOn, ...o }, today, calendar);
    expect(band('2024-09-26')).toBe('overdue');
    expect(band('2024-09-27')).toBe('due_soon');
    // 29 and 30 September are 1 and 2 working days away; 8 October (after the holiday) is 3.
    expect(band('2024-10-08')).toBe('due_soon');
    expect(band('2024-10-10')).toBe('within_10');
    expect(band('2024-11-30')).toBe('later');
    expect(band('2024-09-01', { paused: true })).toBe('paused');
    expect(band(null, { status: 'supplement_requested' })).toBe('waiting_supplement');
    // The same bound as the inbox's "overdue" filter.
    const { overdueBefore } = inboxDueBounds(calendar, today);
    expect(band(overdueBefore)).not.toBe('overdue');
  });

  it('add up to the open total', () => {
    const figures = openFigures(
      [
        { status: 'under_review', paused: false, replyDueOn: '2024-09-20', count: 3 },
        { status: 'registered', paused: false, replyDueOn: '2024-10-25', count: 5 },
        { status: 'under_review', paused: true, replyDueOn: '2024-10-25', count: 2 },
        { status: 'supplement_requested', paused: false, replyDueOn: null, count: 1 },
      ],
      today,
      calendar,
    );
    expect(figures.total).toBe(11);
    expect(Object.fromEntries(figures.byBand.map((b) => [b.band, b.count]))).toEqual({
      overdue: 3,
      due_soon: 0,
      within_10: 0,
      within_20: 5,
      later: 0,
      paused: 2,
      waiting_supplement: 1,
    });
  });
});
