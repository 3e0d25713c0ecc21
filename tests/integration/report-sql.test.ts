/**
 * The report aggregated in SQL over application_facts against the report folded from the event log.
 * A few hundred random histories (tests/support/report-histories.ts: conclusions, withdrawals, lapses,
 * reopened applications concluded again or left open) are written into the real test database through
 * the real recording activity, with retries of the same seq and late retries of older ones; then, for
 * every year, GET /reports/:year (the API from dist/) and the service's SQL equal buildAnnualReport over
 * the events read back from application_events, for one agency and rolled up with an agency under it.
 * The migration's backfill, run again over the same event log, gives the same facts.
 */
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import { createRecordingActivities, type TransitionRecord } from '../../activities';
import {
  type ApplicationEvent,
  type ApplicationState,
  initialState,
  type Registration,
} from '../../libs/domain/application';
import { type RecordedEvent, buildAnnualReport } from '../../libs/domain/report';
import { backfillApplicationFacts, table3Queries } from '../../platform/database/application-facts';
import { createDataSource } from '../../platform/database/data-source';
import { testEnv } from '../support/env';
import { prng } from '../support/prng';
import { type RandomHistory, randomHistories } from '../support/report-histories';
import { type Api, type AgencyStaff, createAgencyWithStaff, startApi } from '../support/stack';

const FROM = 2019;
const TO = 2025;
const COUNT = 320;

describe('the SQL report over application_facts equals the fold of the event log', () => {
  let db: DataSource;
  let apiProcess: Awaited<ReturnType<typeof startApi>>['process'];
  let parent: AgencyStaff;
  let child: AgencyStaff;
  let histories: RandomHistory[];
  const agencyOf = new Map<string, string>();
  let retries = 0;

  const record = (t: TransitionRecord) =>
    new MockActivityEnvironment().run(createRecordingActivities(db).recordTransition, t);

  function transitions(h: RandomHistory, agencyId: string): TransitionRecord[] {
    const registration: Registration = {
      applicationId: h.applicationId,
      agencyId,
      caseNumber: `报测〔${h.receivedOn.slice(0, 4)}〕${h.applicationId.slice(0, 8)}号`,
      applicantName: '张三',
      applicantType: h.applicantType,
      applicantIdNumber: null,
      applicantContact: null,
      channel: 'in_person',
      receivedOn: h.receivedOn,
      submittedAt: null,
      receiptEvidence: null,
      informationSought: '2023年度本县义务教育学校经费预算执行情况',
      deliveryPreference: null,
    };
    let state: ApplicationState = initialState(registration);
    return h.events.map((e, i) => {
      const conclusion = e.payload.conclusion as ApplicationState['conclusion'];
      if (e.type === 'accepted') state = { ...state, status: 'under_review' };
      else if (e.type === 'decision_delivered' || (e.type === 'reopened' && conclusion))
        state = { ...state, status: 'delivered', conclusion };
      else if (e.type === 'withdrawn') state = { ...state, status: 'withdrawn', conclusion };
      else if (e.type === 'supplement_lapsed') state = { ...state, status: 'abandoned', conclusion };
      else if (e.type === 'reopened') state = { ...state, status: 'under_review', conclusion: null };
      const event: ApplicationEvent =
        e.type === 'registered'
          ? { type: 'registered', businessDate: h.receivedOn, actor: null, payload: { ...registration } }
          : { ...(e as Omit<ApplicationEvent, 'actor'>), actor: '测试员' };
      return {
        applicationId: h.applicationId,
        agencyId,
        workflowId: `application/report-sql/${h.applicationId}`,
        seq: i + 1,
        event,
        occurredAt: new Date().toISOString(),
        registration,
        state,
        deadline: { replyDueOn: null, provisional: false, paused: false, calendarVersion: 0 },
      };
    });
  }

  /** The events of the agencies as the report used to read them, in seq order. */
  async function eventLog(agencyIds: string[]): Promise<RecordedEvent[]> {
    const rows: Array<{
      application_id: string;
      seq: number;
      type: string;
      business_date: string | null;
      payload: Record<string, unknown>;
    }> = await db.query(
      `SELECT e.application_id, e.seq, e.type, e.business_date, e.payload
         FROM application_events e JOIN applications a ON a.id = e.application_id
        WHERE a.agency_id = ANY($1) ORDER BY e.application_id, e.seq`,
      [agencyIds],
    );
    return rows.map((r) => ({
      applicationId: r.application_id,
      seq: r.seq,
      type: r.type,
      businessDate: r.business_date,
      payload: r.payload,
    }));
  }

  async function facts(): Promise<unknown[]> {
    return db.query(
      `SELECT application_id, agency_id, applicant_type, received_on, outcome, concluded_on, due_on, on_time,
              working_days_taken, received_year, concluded_year, relevant_until, last_seq
         FROM application_facts WHERE application_id = ANY($1) ORDER BY application_id`,
      [histories.map((h) => h.applicationId)],
    );
  }

  beforeAll(async () => {
    db = createDataSource(testEnv().databaseUrl, 8);
    await db.initialize();
    const started = await startApi(`report-sql-${randomUUID()}`);
    apiProcess = started.process;
    parent = await createAgencyWithStaff(started.api, '报表测试县政府');
    child = await createAgencyWithStaff(started.api, '报表测试县教育局', { parentId: parent.agency.id });

    const random = prng(20260808);
    histories = randomHistories(random, COUNT, { fromYear: FROM, toYear: TO, id: () => randomUUID() });
    for (const h of histories)
      agencyOf.set(h.applicationId, random() < 0.3 ? child.agency.id : parent.agency.id);
    // Each history in seq order (as its workflow records it), eight applications at a time; an activity
    // retried after its commit records the same seq again, and a late retry of an older seq arrives
    // after newer ones.
    const queue = [...histories];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let h = queue.shift(); h; h = queue.shift()) {
          const list = transitions(h, agencyOf.get(h.applicationId)!);
          for (const [i, t] of list.entries()) {
            await record(t);
            if (random() < 0.15) {
              await record(t);
              retries++;
            }
            if (i > 1 && random() < 0.1) {
              await record(list[Math.floor(random() * i)]);
              retries++;
            }
          }
        }
      }),
    );
  }, 300_000);

  afterAll(async () => {
    await apiProcess?.stop(5000);
    await db?.destroy();
  });

  it('recorded every history, with retries, and one fact per application', async () => {
    expect(retries).toBeGreaterThan(50);
    const [{ events, facts: n }] = await db.query(
      `SELECT (SELECT count(*)::int FROM application_events WHERE application_id = ANY($1)) AS events,
              (SELECT count(*)::int FROM application_facts WHERE application_id = ANY($1)) AS facts`,
      [histories.map((h) => h.applicationId)],
    );
    expect(events).toBe(histories.reduce((s, h) => s + h.events.length, 0));
    expect(n).toBe(COUNT);
    const reopened = histories.filter((h) => h.events.some((e) => e.type === 'reopened'));
    expect(reopened.filter((h) => h.expected === null).length).toBeGreaterThan(0);
    expect(reopened.filter((h) => h.expected !== null).length).toBeGreaterThan(0);
  });

  it('for every year, the SQL report equals buildAnnualReport over the recorded events', async () => {
    for (const agencyIds of [[parent.agency.id], [child.agency.id], [parent.agency.id, child.agency.id]]) {
      const events = await eventLog(agencyIds);
      for (let year = FROM - 1; year <= TO + 1; year++) {
        const { groups, timeliness, toReport } = table3Queries(agencyIds, year);
        const report = toReport(
          await db.query(groups.sql, groups.parameters),
          await db.query(timeliness.sql, timeliness.parameters),
        );
        const expected = buildAnnualReport(events, year);
        expect({ agencyIds, year, report }).toEqual({ agencyIds, year, report: expected });
        expect(report.checks.every((c) => c.ok)).toBe(true);
      }
    }
  });

  it('GET /reports/:year answers the same figures, for the agency and rolled up with the one under it', async () => {
    const own = await eventLog([parent.agency.id]);
    const all = await eventLog([parent.agency.id, child.agency.id]);
    const pick = (r: Record<string, unknown>) => ({
      year: r.year,
      columns: r.columns,
      table3: r.table3,
      // Table 三's cross-checks (tables 二 and 四 add theirs, from their own sources).
      checks: (r.checks as Array<{ key: string }>).filter(
        (c) => !c.key.startsWith('table2') && !c.key.startsWith('table4'),
      ),
      applications: r.applications,
      timeliness: r.timeliness,
    });
    const get = async (api: Api, path: string) => {
      const res = await api.get(path);
      expect(res.status).toBe(200);
      return res.body as Record<string, unknown>;
    };
    for (let year = FROM; year <= TO; year++) {
      const mine = await get(parent.api, `/reports/${year}`);
      expect(Object.keys(mine).sort()).toEqual(
        [
          'agency',
          'agencies',
          'year',
          'columns',
          'table3',
          'table2',
          'table2_sources',
          'table4_columns',
          'table4',
          'checks',
          'applications',
          'timeliness',
          'generatedAt',
          'source',
        ].sort(),
      );
      expect(pick(mine)).toEqual(JSON.parse(JSON.stringify(buildAnnualReport(own, year))));
      const rolled = await get(parent.api, `/reports/${year}?includeSubAgencies=true`);
      expect(rolled.agencies).toBe(2);
      expect(pick(rolled)).toEqual(JSON.parse(JSON.stringify(buildAnnualReport(all, year))));
    }
  });

  it('the backfill of the migration, run over the same event log, gives the same facts', async () => {
    const kept = await facts();
    expect(kept).toHaveLength(COUNT);
    await db.query(`DELETE FROM application_facts WHERE application_id = ANY($1)`, [
      histories.map((h) => h.applicationId),
    ]);
    expect(await facts()).toHaveLength(0);
    const written = await backfillApplicationFacts((sql, parameters) => db.query(sql, parameters), {
      batchSize: 37,
    });
    expect(written).toBeGreaterThanOrEqual(COUNT);
    expect(await facts()).toEqual(kept);
  });
});
