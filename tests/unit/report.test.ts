/** Table 三 from an event log, against the published 2024 seed report (tests/fixtures/seed-2024-tables.json). */
import seed from '../fixtures/seed-2024-tables.json';
import {
  type RecordedEvent,
  type Table3,
  TABLE3_ROWS,
  buildAnnualReport,
  computeTable3,
  computeTimeliness,
  crossCheckTable3,
  deriveApplicationFacts,
} from '../../libs/domain/report';

let n = 0;
function application(
  applicantType: string,
  receivedOn: string,
  conclusion?: [string, string],
): RecordedEvent[] {
  const applicationId = `app-${++n}`;
  const events: RecordedEvent[] = [
    {
      applicationId,
      seq: 1,
      type: 'registered',
      businessDate: receivedOn,
      payload: { applicantType, receivedOn },
    },
    { applicationId, seq: 2, type: 'accepted', businessDate: null, payload: {} },
  ];
  if (conclusion) {
    const [outcome, concludedOn] = conclusion;
    events.push({
      applicationId,
      seq: 3,
      type: 'decision_delivered',
      businessDate: concludedOn,
      payload: { conclusion: { outcome, concludedOn } },
    });
  }
  return events;
}

function seedHistory(): RecordedEvent[] {
  const np = 'natural_person';
  return [
    ...Array.from({ length: 9 }, (_, i) =>
      application(np, `2024-0${1 + (i % 9)}-10`, ['disclosed', `2024-0${1 + (i % 9)}-28`]),
    ),
    ...application(np, '2024-04-01', ['withheld.third_party_rights', '2024-04-25']),
    ...application(np, '2024-05-01', ['withheld.process_information', '2024-05-20']),
    ...application(np, '2024-06-01', ['unavailable.not_held', '2024-06-20']),
    ...application(np, '2024-07-01', ['other.other', '2024-07-03']),
    ...application(np, '2024-08-01', ['other.other', '2024-08-05']),
    ...application(np, '2024-12-20', ['disclosed', '2025-01-15']),
    ...application(np, '2024-12-27'),
  ].flat();
}

describe('table 三', () => {
  it('reproduces the seed report of 2024 exactly, rows in order', () => {
    const table = computeTable3(deriveApplicationFacts(seedHistory()), 2024);
    expect(table).toEqual(seed.table3);
    expect(Object.keys(table)).toEqual(Object.keys(seed.table3));
    expect(crossCheckTable3(table).every((c) => c.ok)).toBe(true);
  });

  it('carries the open applications into the next year', () => {
    const report = buildAnnualReport(seedHistory(), 2025);
    expect(report.table3.carried_from_last_year).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(report.table3.disclosed).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(report.table3.carried_to_next_year).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(report.checks.map((c) => [c.key, c.ok])).toEqual([
      ['balance', true],
      ['concluded_total', true],
      ['total_column', true],
      ['carry_over', true],
    ]);
    expect(report.applications).toEqual({
      received: 0,
      concluded: 1,
      carriedOver: 1,
      carriedFromLastYear: 2,
    });
  });

  it('puts each applicant type in its column and the sum in total', () => {
    const events = [
      ...application('commercial_enterprise', '2024-03-01', ['partially_disclosed', '2024-03-20']),
      ...application('legal_service_org', '2024-03-01', ['not_processed.repeated_application', '2024-03-05']),
      ...application('other_org', '2024-11-01'),
    ].flat();
    const t = computeTable3(deriveApplicationFacts(events), 2024);
    expect(t.new_this_year).toEqual([0, 1, 0, 0, 1, 1, 3]);
    expect(t.partially_disclosed).toEqual([0, 1, 0, 0, 0, 0, 1]);
    expect(t['not_processed.repeated_application']).toEqual([0, 0, 0, 0, 1, 0, 1]);
    expect(t.carried_to_next_year).toEqual([0, 0, 0, 0, 0, 1, 1]);
  });

  it('a reopened application counts as open again until it concludes anew', () => {
    const events = application('natural_person', '2024-03-01', ['disclosed', '2024-03-20']);
    events.push({
      applicationId: events[0].applicationId,
      seq: 4,
      type: 'reopened',
      businessDate: '2024-06-01',
      payload: { reopened: true },
    });
    const [fact] = deriveApplicationFacts(events);
    expect(fact.conclusion).toBeNull();
    expect(computeTable3([fact], 2024).carried_to_next_year[6]).toBe(1);
  });

  it('ignores events of applications that were never registered, and events out of order', () => {
    const events = application('natural_person', '2024-03-01', ['disclosed', '2024-03-20']).reverse();
    events.push({ applicationId: 'ghost', seq: 2, type: 'accepted', businessDate: null, payload: {} });
    const facts = deriveApplicationFacts(events);
    expect(facts).toHaveLength(1);
    expect(facts[0].conclusion).toEqual({
      outcome: 'disclosed',
      concludedOn: '2024-03-20',
      timeliness: null,
    });
  });

  it('each cross-check fails on a table that breaks it', () => {
    const good = computeTable3(deriveApplicationFacts(seedHistory()), 2024);
    const broken = (mutate: (t: Table3) => void) => {
      const t = JSON.parse(JSON.stringify(good)) as Table3;
      mutate(t);
      return Object.fromEntries(crossCheckTable3(t, good).map((c) => [c.key, c.ok]));
    };
    expect(broken((t) => (t.new_this_year[0] += 1))).toMatchObject({ balance: false, total_column: false });
    expect(broken((t) => (t.disclosed[6] += 1))).toMatchObject({
      concluded_total: false,
      total_column: false,
    });
    expect(broken((t) => (t.carried_from_last_year[6] = 5))).toMatchObject({ carry_over: false });
    expect(TABLE3_ROWS).toHaveLength(25);
  });
});

describe('timeliness', () => {
  it('counts decisions delivered in the year on time and late, with the median working days taken', () => {
    const delivered = (
      id: string,
      concludedOn: string,
      onTime: boolean,
      workingDaysTaken: number,
    ): RecordedEvent[] => [
      {
        applicationId: id,
        seq: 1,
        type: 'registered',
        businessDate: '2024-03-01',
        payload: { applicantType: 'natural_person', receivedOn: '2024-03-01' },
      },
      {
        applicationId: id,
        seq: 2,
        type: 'decision_delivered',
        businessDate: concludedOn,
        payload: {
          conclusion: {
            outcome: 'disclosed',
            concludedOn,
            timeliness: { dueOn: '2024-03-29', onTime, workingDaysTaken },
          },
        },
      },
    ];
    const events = [
      ...delivered('a', '2024-03-10', true, 6),
      ...delivered('b', '2024-03-20', true, 13),
      ...delivered('c', '2024-04-15', false, 30),
      ...delivered('d', '2025-01-03', false, 200),
      ...application('natural_person', '2024-05-01', ['other.other', '2024-05-02']),
    ];
    expect(computeTimeliness(deriveApplicationFacts(events), 2024)).toEqual({
      decided: 3,
      onTime: 2,
      late: 1,
      medianWorkingDays: 13,
    });
    expect(buildAnnualReport(events, 2025).timeliness).toEqual({
      decided: 1,
      onTime: 0,
      late: 1,
      medianWorkingDays: 200,
    });
    expect(computeTimeliness([], 2024).medianWorkingDays).toBeNull();
  });
});

describe('annual report of 2024 from the seed history', () => {
  it('passes all four cross-checks, carry-over from 2023 included, and quotes the table figures', () => {
    const report = buildAnnualReport(seedHistory(), 2024);
    expect(report.year).toBe(2024);
    expect(report.columns).toEqual(seed.columns);
    expect(report.table3).toEqual(seed.table3);
    expect(Object.keys(report.table3)).toEqual([...TABLE3_ROWS]);
    expect(report.checks.map((c) => [c.key, c.ok, c.failures])).toEqual([
      ['balance', true, []],
      ['concluded_total', true, []],
      ['total_column', true, []],
      ['carry_over', true, []],
    ]);
    expect(report.applications).toEqual({
      received: 16,
      concluded: 14,
      carriedOver: 2,
      carriedFromLastYear: 0,
    });
  });

  it('names what breaks: every failing check lists the offending column or row', () => {
    const good = computeTable3(deriveApplicationFacts(seedHistory()), 2024);
    const t = JSON.parse(JSON.stringify(good)) as Table3;
    t.carried_to_next_year[0] += 1; // balance (natural_person) and total column (row)
    t.concluded_total[6] += 1; // concluded_total (total) and balance (total)
    t.carried_from_last_year[0] += 1; // carry-over (natural_person)
    const checks = crossCheckTable3(t, computeTable3(deriveApplicationFacts(seedHistory()), 2023));
    expect(checks.every((c) => !c.ok && c.failures.length > 0)).toBe(true);
    const byKey = Object.fromEntries(checks.map((c) => [c.key, c.failures]));
    expect(byKey.concluded_total).toEqual(['total: 15 ≠ 14']);
    expect(byKey.carry_over).toEqual(['natural_person: 1 ≠ 0']);
    expect(byKey.total_column).toEqual(
      expect.arrayContaining(['carried_to_next_year: 2 ≠ 3', 'carried_from_last_year: 0 ≠ 1']),
    );
    expect(checks.every((c) => /[\u4e00-\u9fff]/.test(c.description))).toBe(true);
  });
});
