/**
 * The inbox at the scale of a province (issue 12): 100,000 open tasks in one agency, inserted straight
 * with SQL in a few statements (one application each, its reply deadline one of the working days from 60
 * before today to 60 after; a fifth paused — consultations, fees —, 5% awaiting a supplement with no
 * running deadline, 3% of the handlers' tasks claimed by the bench handler), then each view's first page,
 * its filters, a deep page and the counts timed through the API (p50 / p99 over sequential requests),
 * interleaved with the same statements through pg alone, and their ratio.
 *
 * `npm run bench:inbox` (after a build; `node dist/scripts/bench-inbox-scale.js`) runs it on a database
 * of its own, `ogi_bench_inbox` (OGI_BENCH_INBOX_DATABASE_URL), recreated each run, and keeps the rows for
 * a look afterwards; OGI_BENCH_REQUESTS sets the requests per figure (50), OGI_BENCH_EXPLAIN=1 prints the
 * plans (EXPLAIN ANALYZE). `benchInboxScale(options)` runs it on any migrated database (e.g.
 * `npm run bench:stack`'s, optionally against its running API), in an agency of its own that it removes
 * afterwards, and returns the figures: per request `… p50` / `… p99` in ms with `limit` 100 (a first
 * page) or 200 (the counts), `its SQL through pg alone p50` in ms, `API / SQL alone (p50)` in ×, and the fill
 * time in s. Figures only; nothing here passes or fails.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { WorkingDayCalendar } from '../libs/domain/calendar';
import { dateInShanghai } from '../libs/domain/dates';
import { type InboxDueBounds, TASK_KIND_INFO, type TaskKind, inboxDueBounds } from '../libs/domain/tasks';
import {
  type InboxFilters,
  type InboxScope,
  type Statement,
  inboxCountsStatement,
  inboxPageStatement,
  inboxTotalStatement,
} from '../platform/database/repositories/task-inbox';
import { loadEffectiveCalendar } from '../platform/database/repositories/calendar.repository';
import { migrate, recreateDatabase } from '../platform/database/data-source';
import { waitFor } from '../platform/processes';
import { ensureAgency, ensureStaffAccount } from '../platform/staff';
import { startBenchApi } from './bench-api';

export interface InboxScaleOptions {
  /** A migrated database; the bench adds an agency of its own there. */
  databaseUrl: string;
  /** Open tasks (one per application) to insert; default 100,000. */
  tasks?: number;
  /** Timed requests per figure, after 5 warm-up requests; default 50. */
  requests?: number;
  /**
   * An API already serving `databaseUrl` (e.g. `http://127.0.0.1:3000/api`); by default the built API
   * (dist/apps/api) is started for the run, with no Temporal behind it.
   */
  apiBaseUrl?: string;
  /** Leave the agency and its rows in the database afterwards (default: removed). */
  keep?: boolean;
  /** Print the plans (EXPLAIN ANALYZE) of the inbox's statements. */
  explain?: boolean;
  /** Where progress and the figures go (default: console.log). */
  log?: (line: string) => void;
}

/** One measured figure; `limit` is the target it should stay under, when there is one. */
export interface BenchFigure {
  figure: string;
  value: number;
  unit: string;
  limit?: number;
}

/** The mix of open work: the task kind of each application and the share of applications that have it. */
const MIX: Array<{ kind: TaskKind; status: string; paused: boolean; clock: boolean; percent: number }> = [
  { kind: 'accept', status: 'registered', paused: false, clock: true, percent: 15 },
  { kind: 'draft_decision', status: 'under_review', paused: false, clock: true, percent: 38 },
  { kind: 'approve_decision', status: 'decision_drafted', paused: false, clock: true, percent: 12 },
  { kind: 'deliver', status: 'decision_approved', paused: false, clock: true, percent: 10 },
  // The clock does not run while a supplement is awaited: no reply deadline.
  { kind: 'record_supplement', status: 'supplement_requested', paused: false, clock: false, percent: 5 },
  { kind: 'handle_consultation_reply', status: 'under_review', paused: true, clock: true, percent: 12 },
  { kind: 'record_payment', status: 'under_review', paused: true, clock: true, percent: 8 },
];

const WINDOW = 60;

/** p-th percentile, nearest rank (of 50 values, p99 is the largest). */
function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Inserts `n` open applications, each with its one task, for the agency; straight SQL, one statement each. */
async function fill(
  client: Client,
  agencyId: string,
  code: string,
  n: number,
  handlerId: string,
  today: string,
  calendar: WorkingDayCalendar,
): Promise<void> {
  // Reply deadlines: the working days from 60 before today to 60 after (a deadline is a working day).
  const dues: string[] = [];
  for (let k = -WINDOW; k <= WINDOW; k++) {
    dues.push(k >= 0 ? calendar.addWorkingDays(today, k).due : calendar.workingDayBefore(today, -k));
  }
  // Each application's kind by percentile bucket.
  const bucket: number[] = [];
  MIX.forEach((m, i) => bucket.push(...Array<number>(m.percent).fill(i + 1)));
  if (bucket.length !== 100) throw new Error('the mix must add up to 100%');
  await client.query('BEGIN');
  await client.query(
    `CREATE TEMP TABLE inbox_plan ON COMMIT DROP AS
     SELECT i, md5($1 || '-' || i)::uuid AS id, m.kind, m.role, m.status, m.paused,
            CASE WHEN m.clock THEN ($2::date[])[1 + h2 % array_length($2::date[], 1)] END AS due,
            h3 % 100 < 3 AND m.role = 'handler' AS claimed,
            now() - make_interval(secs => (h4 % (86400 * 90))::double precision) AS created_at
       FROM (SELECT i, hashint4(i)::bigint & 2147483647 AS h1, hashint4(-i)::bigint & 2147483647 AS h2,
                    hashint4(i + 7)::bigint & 2147483647 AS h3, hashint4(i * 3 + 1)::bigint & 2147483647 AS h4
               FROM generate_series(1, $3::int) AS i) h
       JOIN unnest($4::text[], $5::text[], $6::text[], $7::boolean[], $8::boolean[])
              WITH ORDINALITY AS m(kind, role, status, paused, clock, k)
         ON m.k = ($9::int[])[1 + h1 % 100]`,
    [
      code,
      dues,
      n,
      MIX.map((m) => m.kind),
      MIX.map((m) => TASK_KIND_INFO[m.kind].role),
      MIX.map((m) => m.status),
      MIX.map((m) => m.paused),
      MIX.map((m) => m.clock),
      bucket,
    ],
  );
  await client.query(
    `INSERT INTO applications (id, agency_id, case_number, workflow_id, receipt_year, applicant_name,
       applicant_type, channel, received_on, information_sought, status, clock_started_on, version,
       reply_due_on, paused, workflow_started_at, created_at)
     SELECT id, $1, 'INBOX-' || i, 'application/' || $2 || '/' || i,
            extract(year FROM coalesce(due, $3::date) - 28)::int, '张三', 'natural_person', 'in_person',
            coalesce(due, $3::date) - 28, '本县义务教育学校经费预算执行情况', status, coalesce(due, $3::date) - 28,
            2, due, paused, now(), created_at
       FROM inbox_plan`,
    [agencyId, code, today],
  );
  await client.query(
    `INSERT INTO tasks (application_id, agency_id, kind, role, state, assignee_id, claimed_at, opened_seq,
       created_at)
     SELECT id, $1, kind, role, CASE WHEN claimed THEN 'claimed' ELSE 'open' END,
            CASE WHEN claimed THEN $2::uuid END, CASE WHEN claimed THEN created_at END, 2, created_at
       FROM inbox_plan`,
    [agencyId, handlerId],
  );
  await client.query('COMMIT');
  for (const table of ['applications', 'tasks']) await client.query(`VACUUM ANALYZE ${table}`);
}

async function removeAgency(client: Client, agencyId: string): Promise<void> {
  await client.query('BEGIN');
  for (const sql of [
    `DELETE FROM tasks WHERE agency_id = $1`,
    `DELETE FROM applications WHERE agency_id = $1`,
    `DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE agency_id = $1)`,
    `DELETE FROM users WHERE agency_id = $1`,
    `DELETE FROM agencies WHERE id = $1`,
  ])
    await client.query(sql, [agencyId]);
  await client.query('COMMIT');
}

export async function benchInboxScale(o: InboxScaleOptions): Promise<BenchFigure[]> {
  const n = o.tasks ?? 100_000;
  const requests = o.requests ?? 50;
  const log = o.log ?? ((l: string) => console.log(l));
  const figures: BenchFigure[] = [];
  const report = (f: BenchFigure) => {
    figures.push(f);
    const limit =
      f.limit === undefined
        ? ''
        : `   (target < ${f.limit} ${f.unit}: ${f.value < f.limit ? 'met' : 'MISSED'})`;
    const value = f.value.toFixed(f.unit === '×' ? 2 : 1);
    log(`${f.figure.padEnd(64)} ${value.padStart(8)} ${f.unit}${limit}`);
  };

  const client = new Client({ connectionString: o.databaseUrl });
  await client.connect();
  const code = `bench-inbox-${randomUUID().slice(0, 8)}`;
  const password = 'bench-password-1';
  const today = dateInShanghai(Date.now());
  // The effective calendar (built in and entered), as the API counts with it.
  const rowsOf = { query: async (sql: string, p?: unknown[]) => (await client.query(sql, p)).rows };
  const calendar = new WorkingDayCalendar((await loadEffectiveCalendar(rowsOf as never)).arrangements);
  const agency = await ensureAgency(client, { code, name: '基准测试待办机关' });
  let api: Awaited<ReturnType<typeof startBenchApi>> | null = null;
  const pool = new Pool({ connectionString: o.databaseUrl, max: 2 });
  try {
    const manager = { username: `${code}-shenhe`, password };
    const handler = { username: `${code}-chengban`, password };
    const managerId = await ensureStaffAccount(client, agency.id, {
      ...manager,
      displayName: '基准 审核人',
      roles: ['reviewer', 'admin'],
    });
    const handlerId = await ensureStaffAccount(client, agency.id, {
      ...handler,
      displayName: '基准 承办人',
      roles: ['handler'],
    });
    log(`inserting ${n.toLocaleString()} open applications and their tasks (agency ${code})…`);
    const t0 = performance.now();
    await fill(client, agency.id, code, n, handlerId, today, calendar);
    report({
      figure: `fill: ${n.toLocaleString()} applications and tasks (SQL)`,
      value: (performance.now() - t0) / 1000,
      unit: 's',
    });

    let base = o.apiBaseUrl;
    if (!base) {
      api = await startBenchApi(o.databaseUrl);
      base = `http://127.0.0.1:${api.port}/api`;
    }
    await waitFor('the API', async () => (await fetch(`${base}/health`)).status > 0, 60_000, 200);
    const signIn = async (who: { username: string; password: string }) => {
      const res = await fetch(`${base}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(who),
      });
      if (res.status !== 200)
        throw new Error(`sign-in as ${who.username} → ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    };
    const tokens = { manager: await signIn(manager), handler: await signIn(handler) };

    const scopes: Record<keyof typeof tokens, InboxScope> = {
      manager: { agencyId: agency.id, userId: managerId, roles: ['reviewer', 'admin'] },
      handler: { agencyId: agency.id, userId: handlerId, roles: ['handler'] },
    };
    const who = { manager: '审核人', handler: '承办人' };
    const cases: Array<{
      /** `GET /api/tasks…` and who asks. */
      label: string;
      who: keyof typeof tokens;
      path: string;
      limit?: number;
      statements: (bounds: InboxDueBounds) => Statement[];
    }> = [];
    const list = (
      asker: keyof typeof tokens,
      query: string,
      filters: InboxFilters,
      page = 1,
      pageSize = 50,
    ) =>
      cases.push({
        label: `GET /api/tasks?${query} (${who[asker]})`,
        who: asker,
        path: `/tasks?${query}`,
        // The target is the first page's; a deep page is shown for what it costs.
        limit: page === 1 ? 100 : undefined,
        statements: (bounds) => [
          inboxPageStatement(scopes[asker], filters, bounds, page, pageSize),
          inboxTotalStatement(scopes[asker], filters, bounds),
        ],
      });
    // The first page of each view (50 tasks), with the filters the console offers, and a deep page.
    list('manager', 'view=agency', { view: 'agency' });
    list('handler', 'view=role', { view: 'role' });
    list('manager', 'view=role', { view: 'role' });
    list('handler', 'view=mine', { view: 'mine' });
    list('manager', 'view=agency&dueWithin=3', { view: 'agency', dueWithin: true });
    list('manager', 'view=agency&overdue=true', { view: 'agency', overdue: true });
    list('manager', 'view=agency&kind=deliver&paused=false', {
      view: 'agency',
      kind: 'deliver',
      paused: false,
    });
    list('manager', 'view=agency&page=400&pageSize=200', { view: 'agency' }, 400, 200);
    cases.push({
      label: 'GET /api/tasks/counts (审核人)',
      who: 'manager',
      path: '/tasks/counts',
      limit: 200,
      statements: (bounds) => [inboxCountsStatement(scopes.manager, bounds)],
    });

    const boundsFor = (path: string) => {
      const dueWithin = /dueWithin=(\d+)/.exec(path);
      return inboxDueBounds(calendar, today, dueWithin ? Number(dueWithin[1]) : null);
    };
    /** API and SQL alone, interleaved so that both meet the same load; 5 warm-up rounds. */
    const sample = async (api: () => Promise<unknown>, sql: () => Promise<unknown>) => {
      const ms = { api: [] as number[], sql: [] as number[] };
      for (let i = 0; i < requests + 5; i++) {
        for (const [fn, into] of [
          [api, ms.api],
          [sql, ms.sql],
        ] as const) {
          const t = performance.now();
          await fn();
          if (i >= 5) into.push(performance.now() - t);
        }
      }
      return ms;
    };

    log(
      `\n${requests} sequential requests each (after 5 warm-up), load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores:` +
        ` through the API, and its statements through pg alone (interleaved)`,
    );
    const shown: Record<string, unknown> = {};
    for (const c of cases) {
      const get = async () => {
        const res = await fetch(`${base}${c.path}`, {
          headers: { authorization: `Bearer ${tokens[c.who]}` },
        });
        if (res.status !== 200) throw new Error(`GET ${c.path} → ${res.status}: ${await res.text()}`);
        shown[c.label] = await res.json();
      };
      const statements = c.statements(boundsFor(c.path));
      // As the service runs them: side by side, each on a connection of the pool.
      const direct = () => Promise.all(statements.map((st) => pool.query(st.sql, st.parameters)));
      const ms = await sample(get, direct);
      const [api50, sql50] = [percentile(ms.api, 50), percentile(ms.sql, 50)];
      report({ figure: `${c.label} p50`, value: api50, unit: 'ms', limit: c.limit });
      report({ figure: `${c.label} p99`, value: percentile(ms.api, 99), unit: 'ms', limit: c.limit });
      report({ figure: `  its SQL through pg alone p50`, value: sql50, unit: 'ms' });
      report({ figure: `  API / SQL alone (p50)`, value: api50 / sql50, unit: '×' });
      if (o.explain) {
        for (const st of statements) {
          const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${st.sql}`, st.parameters);
          log(plan.rows.map((r: Record<string, string>) => `      ${r['QUERY PLAN']}`).join('\n'));
        }
      }
    }
    const first = shown[cases[0].label] as { total: number; items: unknown[] };
    log(`(view=agency: total ${first.total.toLocaleString()}, ${first.items.length} on the first page)`);
    log(`(counts: ${JSON.stringify(shown[cases.at(-1)!.label])})`);
  } finally {
    if (api) await api.process.stop(5000);
    await pool.end();
    if (!o.keep)
      await removeAgency(client, agency.id).catch((err) => log(`could not remove ${code}: ${String(err)}`));
    await client.end();
  }
  return figures;
}

async function main(): Promise<void> {
  const url =
    process.env.OGI_BENCH_INBOX_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ogi_bench_inbox';
  console.log(`The inbox with 100,000 open tasks in one agency (${url}, recreated)`);
  await recreateDatabase(url);
  await migrate(url);
  await benchInboxScale({
    databaseUrl: url,
    keep: true,
    explain: process.env.OGI_BENCH_EXPLAIN === '1',
    requests: process.env.OGI_BENCH_REQUESTS ? Number(process.env.OGI_BENCH_REQUESTS) : undefined,
  });
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
