/**
 * `npm run bench:open-cases` (issue 12; also `benchOpenCases()` for `npm run bench:stack`): the worker's
 * and the API's resident memory with 100,000 open applications, and timers still firing on time.
 *
 * 1. A Temporal dev server (the CLI's, its history in a SQLite file of a fresh temporary folder, not in
 *    memory) and a fresh database with the migrations, unless given.
 * 2. The built worker (dist/apps/worker) as a child process, so that its resident set is read from
 *    /proc/<pid>/status (VmRSS; VmHWM for the peak).
 * 3. N open applications (default 100,000; OGI_BENCH_OPEN_CASES): registered the way the outbox and the
 *    legacy import do it — the `applications` rows with their workflow's full input committed in batches
 *    of 1,000, then the real application workflow started under the application's workflow id (bounded
 *    concurrency, and at most `maxBacklog` started but not yet recorded), and the rows marked started.
 *    The workflow records its `registered` transition (the read model, the task, the facts) and waits on its
 *    legal timers (reminders 5 and 1 working days before the reply deadline, …) like any open case.
 * 4. Once all are recorded and the worker has settled: its steady resident set; then a sample of cases
 *    (default 200) on a shrunk working day (`timing.workingDayMs`, default 2,000 ms): half wait for their
 *    deadline reminders (−5, −1 and 0 working days), half are asked for a supplement of 2 working days and
 *    lapse (the late-entry notice at the end of the period, the `supplement_lapsed` transition after the
 *    grace). The lateness of each is the time between the instant its timer was due (computed from the
 *    workflow's anchor, its first transition's `occurred_at`, with the same working-day calendar) and the
 *    moment PostgreSQL recorded it (`notifications.created_at`, `application_events.recorded_at`).
 * 5. With `startApi` (the default when run alone), the built API on the same server and database, a few
 *    reads of the agency's 100,000 applications and tasks, and its resident set.
 *
 * Figures only; nothing here passes or fails. The database is left in place (recreated at the next run),
 * so the agency's open applications and tasks can be looked at afterwards.
 */
import type { BenchFigure } from './bench-inbox-scale';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client as TemporalClient, Connection, WorkflowIdReusePolicy } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { LATE_ENTRY_GRACE_WORKING_DAYS, type Registration } from '../libs/domain/application';
import { WorkingDayCalendar } from '../libs/domain/calendar';
import { type IsoDate, addDays, dateInShanghai } from '../libs/domain/dates';
import { ROLES } from '../libs/domain/roles';
import { loadEffectiveCalendar } from '../platform/database/repositories/calendar.repository';
import { createDataSource, migrate, recreateDatabase } from '../platform/database/data-source';
import { type ManagedProcess, freePort, startProcess, waitFor } from '../platform/processes';
import { ensureAgency, ensureStaffAccount } from '../platform/staff';
import { applicationWorkflowId } from '../platform/temporal';
import { findTemporalBinary, startTemporalDevServer } from '../platform/temporal-dev-server';
import {
  APPLICATION_WORKFLOW_TYPE,
  type ApplicationWorkflowInput,
  type CalendarSnapshot,
  applicationViewQuery,
  staffActionUpdates,
} from '../workflows/definitions';

export type { BenchFigure };

export interface BenchOpenCasesOptions {
  /** Open applications to start (default OGI_BENCH_OPEN_CASES or 100,000). */
  cases?: number;
  /** A running Temporal server (host:port, namespace `default`); else a dev server is started. */
  temporalAddress?: string;
  /** Its process id, to report its resident set. */
  temporalPid?: number;
  /** A database to recreate and migrate (default OGI_BENCH_OPEN_CASES_DATABASE_URL or …/ogi_bench_open_cases). */
  databaseUrl?: string;
  /** Start the built API as well, read through it and report its resident set (default true). */
  startApi?: boolean;
  /** An API already running (its process id): its resident set is reported. */
  apiPid?: number;
  /** Cases of the timer sample (default 200; 0: none). */
  sample?: number;
  /** The sample's working day, in ms (default 5,000). */
  sampleWorkingDayMs?: number;
  /** The sample's cases are started evenly over this long, so their timers spread too (default 60,000 ms). */
  sampleSpreadMs?: number;
  /** Workflow starts in flight at once (default 32). */
  concurrency?: number;
  /** At most this many started workflows not yet recorded before the next batch starts (default 2,000). */
  maxBacklog?: number;
  /** How long the worker is left alone before its steady resident set is read (default 30,000 ms). */
  settleMs?: number;
  /** More environment for the worker (e.g. OGI_WORKER_MAX_CACHED_WORKFLOWS). */
  workerEnv?: Record<string, string>;
  /** Node options for the worker (e.g. `--cpu-prof`, `--max-old-space-size=…`). */
  workerNodeArgs?: string[];
  /** Where progress lines go (default console.log). */
  log?: (line: string) => void;
}

const TASK_QUEUE = 'ogi-bench-open-cases';
const BATCH = 1000;
const FULL = 100_000;

/** Resident set and its peak of a process, in MiB (null when it is gone). */
export function residentMiB(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** CPU seconds a process has used (user and system), or NaN when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Samples a process's resident set twice a second; `peak` is the kernel's high-water mark. */
class RssWatch {
  private readonly samples: Array<{ at: number; rss: number }> = [];
  private peakSeen = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 500);
    this.timer.unref();
    this.sample();
  }

  sample(): number {
    const r = residentMiB(this.pid);
    if (!r) return NaN;
    this.samples.push({ at: performance.now(), rss: r.rss });
    this.peakSeen = Math.max(this.peakSeen, r.peak, r.rss);
    return r.rss;
  }

  get peak(): number {
    this.sample();
    return this.peakSeen;
  }

  get current(): number {
    return this.sample();
  }

  /** The median of the samples taken in the last `ms`. */
  medianSince(ms: number): number {
    const from = performance.now() - ms;
    const xs = this.samples.filter((s) => s.at >= from).map((s) => s.rss);
    return xs.length ? percentile(xs, 50) : this.current;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function percentile(values: number[], p: number): number {
  const xs = [...values].sort((a, b) => a - b);
  if (!xs.length) return NaN;
  return xs[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `work` over `items`, `concurrency` at a time; after a failure, finishes what is in hand and throws it. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  let failure: { err: unknown } | null = null;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (failure === null && next < items.length) {
        try {
          await work(items[next++]);
        } catch (err) {
          failure ??= { err };
        }
      }
    }),
  );
  if (failure) throw (failure as { err: unknown }).err;
}

interface Prepared {
  id: string;
  workflowId: string;
  input: ApplicationWorkflowInput;
}

export async function benchOpenCases(o: BenchOpenCasesOptions = {}): Promise<BenchFigure[]> {
  const log = o.log ?? ((line: string) => console.log(line));
  const cases = o.cases ?? Number(process.env.OGI_BENCH_OPEN_CASES ?? FULL);
  if (!Number.isInteger(cases) || cases < 1)
    throw new Error(`OGI_BENCH_OPEN_CASES must be a whole number ≥ 1`);
  const sampleSize = o.sample ?? 200;
  const sampleDayMs = o.sampleWorkingDayMs ?? 5000;
  const sampleSpreadMs = o.sampleSpreadMs ?? 60_000;
  const concurrency = o.concurrency ?? 32;
  const maxBacklog = o.maxBacklog ?? 2000;
  const settleMs = o.settleMs ?? 30_000;
  const databaseUrl =
    o.databaseUrl ??
    process.env.OGI_BENCH_OPEN_CASES_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/ogi_bench_open_cases';
  const figures: BenchFigure[] = [];
  const figure = (f: BenchFigure) => {
    figures.push(f);
    const limit = f.limit === undefined ? '' : `  (limit ${f.limit.toLocaleString()} ${f.unit})`;
    const value = Number.isInteger(f.value) ? f.value.toLocaleString() : f.value.toFixed(1);
    log(`${f.figure.padEnd(64)} ${value.padStart(10)} ${f.unit}${limit}`);
  };
  const stops: Array<() => Promise<unknown>> = [];
  const watches: RssWatch[] = [];

  try {
    // 1. Temporal and the database.
    let temporalAddress = o.temporalAddress;
    let temporalPid = o.temporalPid;
    if (!temporalAddress) {
      const dir = mkdtempSync(join(tmpdir(), 'ogi-bench-open-cases-'));
      const port = await freePort();
      const temporalLines: string[] = [];
      const server = await startTemporalDevServer({
        binary: findTemporalBinary(),
        ip: '127.0.0.1',
        port,
        uiPort: null,
        namespace: 'default',
        dbFile: join(dir, 'temporal.db'),
        // A bench, not a store to keep: SQLite's write-ahead log without an fsync per transaction (with
        // the defaults, the disk's fsyncs bound the whole run at a dozen workflows per second).
        sqlitePragmas: ['journal_mode=wal', 'synchronous=off'],
        retentionDays: 1,
        onLine: (l) => temporalLines.push(l),
      });
      stops.push(async () => {
        const code = await server.stop(10_000);
        if (code !== 0 && code !== 'SIGTERM') log(temporalLines.slice(-20).join('\n'));
        rmSync(dir, { recursive: true, force: true });
      });
      temporalAddress = `127.0.0.1:${port}`;
      temporalPid = server.child.pid;
      log(`Temporal dev server ${temporalAddress} (SQLite file in ${dir})`);
    }
    await recreateDatabase(databaseUrl);
    await migrate(databaseUrl);
    const db = createDataSource(databaseUrl, 4);
    await db.initialize();
    stops.push(() => db.destroy());
    const pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
    stops.push(() => pg.end());
    const agency = await ensureAgency(pg, { code: 'bench-open', name: '基准测试机关（十万件在办）' });
    const bench = { username: 'bench-open-admin', password: 'bench-password-1' };
    await ensureStaffAccount(pg, agency.id, { ...bench, displayName: '基准 管理员', roles: [...ROLES] });
    const effective = await loadEffectiveCalendar(db);
    const calendarSnapshot: CalendarSnapshot = {
      version: effective.version,
      arrangements: effective.arrangements,
    };
    const calendar = new WorkingDayCalendar(effective.arrangements);

    // 2. The worker.
    const workerLines: string[] = [];
    const worker = startProcess({
      name: 'worker',
      command: process.execPath,
      args: [...(o.workerNodeArgs ?? []), join(__dirname, '..', 'apps', 'worker', 'src', 'main.js')],
      env: {
        OGI_DATABASE_URL: databaseUrl,
        OGI_TEMPORAL_ADDRESS: temporalAddress,
        OGI_TEMPORAL_TASK_QUEUE: TASK_QUEUE,
        OGI_WORKER_METRICS_ADDRESS: 'off',
        OGI_LOG_LEVEL: 'warn',
        ...o.workerEnv,
      },
      onLine: (l) => {
        if (process.env.OGI_BENCH_VERBOSE) log(`[worker] ${l}`);
        workerLines.push(l);
        if (workerLines.length > 200) workerLines.shift();
      },
    });
    stops.push(() => worker.stop(15_000));
    await waitForReady(worker, workerLines, 'worker', '[worker] ready');
    const ready = workerLines.find((l) => l.includes('[worker] ready')) ?? '';
    log(`worker pid ${worker.child.pid}: ${ready.slice(0, 300)}`);
    const workerRss = new RssWatch(worker.child.pid!);
    watches.push(workerRss);
    const temporalRss = temporalPid ? new RssWatch(temporalPid) : null;
    if (temporalRss) watches.push(temporalRss);
    const idleWorker = workerRss.current;
    const cpuAtStart = {
      worker: cpuSeconds(worker.child.pid!),
      temporal: temporalPid ? cpuSeconds(temporalPid) : NaN,
    };

    const connection = await Connection.connect({ address: temporalAddress });
    stops.push(() => connection.close());
    const temporal = new TemporalClient({ connection, namespace: 'default' });

    // 3. N open applications.
    const today = dateInShanghai(Date.now());
    let serial = 0;
    const prepare = (receivedOn: IsoDate, workingDayMs: number | null): Prepared => {
      serial += 1;
      const id = randomUUID();
      const caseNumber = `${receivedOn.slice(0, 4)}-${String(serial).padStart(6, '0')}`;
      const registration: Registration = {
        applicationId: id,
        agencyId: agency.id,
        caseNumber,
        applicantName: `申请人${serial}`,
        applicantType: 'natural_person',
        applicantIdNumber: null,
        applicantContact: null,
        channel: 'registered_post',
        receivedOn,
        submittedAt: null,
        receiptEvidence: `EMS ${serial}`,
        informationSought: `基准测试：第 ${serial} 件在办申请所需的政府信息`,
        deliveryPreference: null,
      };
      return {
        id,
        workflowId: applicationWorkflowId(agency.code, caseNumber),
        input: {
          registration,
          actor: '基准 登记员 (bench)',
          timing: { workingDayMs, continueAsNewAfterEvents: null },
          calendar: calendarSnapshot,
        },
      };
    };
    const insert = async (batch: readonly Prepared[]) => {
      const col = <T>(f: (p: Prepared) => T) => batch.map(f);
      const reg = (p: Prepared) => p.input.registration;
      await pg.query(
        `INSERT INTO applications (id, agency_id, case_number, workflow_id, receipt_year, applicant_name,
           applicant_type, channel, received_on, receipt_evidence, information_sought, status, clock_started_on,
           version, start_input)
         SELECT id, $2::uuid, case_number, workflow_id, receipt_year, applicant_name, applicant_type, channel,
                received_on, receipt_evidence, information_sought, 'registered', received_on, 0, start_input
           FROM unnest($1::uuid[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[],
                       $9::date[], $10::text[], $11::text[], $12::jsonb[])
             AS t(id, case_number, workflow_id, receipt_year, applicant_name, applicant_type, channel,
                  received_on, receipt_evidence, information_sought, start_input)`,
        [
          col((p) => p.id),
          agency.id,
          col((p) => reg(p).caseNumber),
          col((p) => p.workflowId),
          col((p) => Number(reg(p).receivedOn.slice(0, 4))),
          col((p) => reg(p).applicantName),
          col((p) => reg(p).applicantType),
          col((p) => reg(p).channel),
          col((p) => reg(p).receivedOn),
          col((p) => reg(p).receiptEvidence),
          col((p) => reg(p).informationSought),
          col((p) => JSON.stringify(p.input)),
        ],
      );
    };
    const start = async (p: Prepared) => {
      await temporal.workflow.start(APPLICATION_WORKFLOW_TYPE, {
        workflowId: p.workflowId,
        taskQueue: TASK_QUEUE,
        args: [p.input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    };
    const markStarted = (batch: readonly Prepared[]) =>
      pg.query(`UPDATE applications SET workflow_started_at = now() WHERE id = ANY($1::uuid[])`, [
        batch.map((p) => p.id),
      ]);
    const recordedCount = async () => {
      const { rows } = await pg.query<{ n: string }>(
        `SELECT count(*) AS n FROM applications WHERE agency_id = $1 AND version >= 1`,
        [agency.id],
      );
      return Number(rows[0].n);
    };

    log(
      `\nOpen applications: ${cases.toLocaleString()} in one agency, ${concurrency} starts in flight, at most ${maxBacklog.toLocaleString()} started and not yet recorded`,
    );
    // Received over the last week, so the deadlines spread over several days; no reminder is due yet.
    const receivedOn = (i: number) => addDays(today, -(i % 7));
    const openWorkflowIds: string[] = [];
    let insertMs = 0;
    let startMs = 0;
    let started = 0;
    let recorded = 0;
    const t0 = performance.now();
    let lastProgress = t0;
    for (let from = 0; from < cases; from += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, cases - from) }, (_, k) =>
        prepare(receivedOn(from + k), null),
      );
      for (const p of batch) openWorkflowIds.push(p.workflowId);
      const ti = performance.now();
      await insert(batch);
      insertMs += performance.now() - ti;
      while (started - (recorded = await recordedCount()) > maxBacklog) await sleep(200);
      const ts = performance.now();
      await pool(batch, concurrency, start);
      startMs += performance.now() - ts;
      await markStarted(batch);
      started += batch.length;
      if (performance.now() - lastProgress >= 10_000 || started === cases) {
        lastProgress = performance.now();
        const s = (lastProgress - t0) / 1000;
        log(
          `  ${s.toFixed(0).padStart(5)} s  started ${started.toLocaleString().padStart(7)}  recorded ${recorded.toLocaleString().padStart(7)}  (${(recorded / s).toFixed(0)}/s)  worker ${workerRss.current.toFixed(0)} MiB${temporalRss ? `  Temporal ${temporalRss.current.toFixed(0)} MiB` : ''}`,
        );
      }
    }
    const allStartedAt = performance.now();
    await waitFor(
      `all ${cases} registrations recorded by their workflows`,
      async () => {
        recorded = await recordedCount();
        if (performance.now() - lastProgress >= 10_000) {
          lastProgress = performance.now();
          log(
            `  ${((lastProgress - t0) / 1000).toFixed(0).padStart(5)} s  started ${started.toLocaleString().padStart(7)}  recorded ${recorded.toLocaleString().padStart(7)}  worker ${workerRss.current.toFixed(0)} MiB`,
          );
        }
        return recorded >= cases;
      },
      Math.max(600_000, cases * 20),
      500,
    );
    const openMs = performance.now() - t0;
    const peakDuringStarts = workerRss.peak;
    const cpuPerCase = {
      worker: ((cpuSeconds(worker.child.pid!) - cpuAtStart.worker) / cases) * 1000,
      temporal: temporalPid ? ((cpuSeconds(temporalPid) - cpuAtStart.temporal) / cases) * 1000 : NaN,
    };
    figure({ figure: 'open applications (one agency, real workflows)', value: cases, unit: 'cases' });
    figure({
      figure: 'rows committed with their workflow input',
      value: Math.round((cases / insertMs) * 1000),
      unit: 'per s',
    });
    figure({
      figure: 'workflow starts acknowledged by Temporal',
      value: Math.round((cases / startMs) * 1000),
      unit: 'per s',
    });
    figure({
      figure: 'open rate: registered and recorded by the workflow, end to end',
      value: Math.round((cases / openMs) * 1000),
      unit: 'per s',
    });
    figure({
      figure: `time to open ${cases.toLocaleString()} applications`,
      value: openMs / 1000,
      unit: 's',
    });
    if (cases < FULL) {
      figure({
        figure: `projected time to open ${FULL.toLocaleString()} at this rate`,
        value: (FULL / cases) * (openMs / 1000),
        unit: 's',
      });
    }
    figure({ figure: 'worker CPU per opened case', value: cpuPerCase.worker, unit: 'ms' });
    if (temporalPid)
      figure({ figure: 'Temporal server CPU per opened case', value: cpuPerCase.temporal, unit: 'ms' });
    log(
      `  (the last started workflow was recorded ${((performance.now() - allStartedAt) / 1000).toFixed(1)} s after the last start)`,
    );

    // 4. Steady state, then the timer sample.
    await sleep(settleMs);
    figure({ figure: 'worker resident set, idle before the cases', value: idleWorker, unit: 'MiB' });
    figure({
      figure: 'worker resident set, peak while opening',
      value: peakDuringStarts,
      unit: 'MiB',
      limit: 1024,
    });
    figure({
      figure: `worker resident set, steady with ${cases.toLocaleString()} open`,
      value: workerRss.medianSince(Math.min(settleMs, 15_000)),
      unit: 'MiB',
      limit: 1024,
    });
    if (temporalRss)
      figure({
        figure: 'Temporal dev server resident set (information)',
        value: temporalRss.current,
        unit: 'MiB',
      });

    if (sampleSize > 0) {
      const lateness = await timerSample({
        size: sampleSize,
        dayMs: sampleDayMs,
        spreadMs: sampleSpreadMs,
        today,
        calendar,
        prepare,
        insert,
        start,
        markStarted,
        pg,
        temporal,
        log,
      });
      figure({ figure: 'timer sample: timers due and recorded', value: lateness.length, unit: 'timers' });
      figure({
        figure: 'timer lateness p50 (due → recorded in PostgreSQL)',
        value: percentile(lateness, 50),
        unit: 'ms',
      });
      figure({
        figure: 'timer lateness p99',
        value: percentile(lateness, 99),
        unit: 'ms',
        limit: 1000,
      });
      figure({ figure: 'timer lateness max', value: percentile(lateness, 100), unit: 'ms' });
      figure({
        figure: 'worker resident set, peak over the whole run',
        value: workerRss.peak,
        unit: 'MiB',
        limit: 1024,
      });
      figure({
        figure: 'worker resident set after the sample',
        value: workerRss.current,
        unit: 'MiB',
        limit: 1024,
      });
    }

    // The cases opened first are no longer in the worker's cache: a query makes the worker replay one from
    // its history, which is what a timer firing or a staff action for such a case costs on top.
    const cacheSize = Number(/"maxCachedWorkflows":(\d+)/.exec(ready)?.[1] ?? NaN);
    const evictable = Number.isFinite(cacheSize) ? cases - cacheSize - sampleSize : 0;
    if (evictable >= 50) {
      const picks = Array.from(
        { length: Math.min(200, evictable) },
        (_, i) => openWorkflowIds[Math.floor((i * evictable) / Math.min(200, evictable))],
      );
      const times: number[] = [];
      await pool(picks, 4, async (workflowId) => {
        const t = performance.now();
        await temporal.workflow.getHandle(workflowId).query(applicationViewQuery);
        times.push(performance.now() - t);
      });
      figure({
        figure: `query of a case evicted from the cache (${picks.length}, replayed), p50`,
        value: percentile(times, 50),
        unit: 'ms',
      });
      figure({
        figure: 'query of a case evicted from the cache, p99',
        value: percentile(times, 99),
        unit: 'ms',
      });
      figure({
        figure: 'worker resident set after the replays',
        value: workerRss.current,
        unit: 'MiB',
        limit: 1024,
      });
    }

    // 5. The API on the same cases.
    if (o.startApi ?? true) {
      const api = await startApi(databaseUrl, temporalAddress);
      stops.push(() => api.process.stop(10_000));
      const apiRss = new RssWatch(api.process.child.pid!);
      watches.push(apiRss);
      const idleApi = apiRss.current;
      const base = `http://127.0.0.1:${api.port}/api`;
      const signIn = await fetch(`${base}/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(bench),
      });
      const { token } = (await signIn.json()) as { token: string };
      const reads = ['/applications?pageSize=50', '/tasks?view=agency', '/tasks/counts', '/tasks?view=role'];
      for (let round = 0; round < 5; round++) {
        for (const path of reads) {
          const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}`);
        }
      }
      figure({ figure: 'API resident set, idle', value: idleApi, unit: 'MiB' });
      figure({
        figure: `API resident set after reading the ${cases.toLocaleString()} cases' lists`,
        value: apiRss.peak,
        unit: 'MiB',
      });
    } else if (o.apiPid) {
      const r = residentMiB(o.apiPid);
      if (r) figure({ figure: 'API resident set', value: r.rss, unit: 'MiB' });
    }
    log(`database ${databaseUrl.replace(/\/\/[^@]*@/, '//…@')} left in place (recreated at the next run)`);
    return figures;
  } finally {
    for (const w of watches) w.stop();
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

async function waitForReady(p: ManagedProcess, lines: string[], name: string, marker: string) {
  await Promise.race([
    waitFor(`the ${name} to be ready`, async () => lines.some((l) => l.includes(marker)), 120_000, 100),
    p.exited.then((code) => {
      throw new Error(`the ${name} exited (${code}):\n${lines.join('\n')}`);
    }),
  ]);
}

async function startApi(databaseUrl: string, temporalAddress: string) {
  const port = await freePort();
  const lines: string[] = [];
  const p = startProcess({
    name: 'api',
    command: process.execPath,
    args: [join(__dirname, '..', 'apps', 'api', 'src', 'main.js')],
    env: {
      OGI_DATABASE_URL: databaseUrl,
      OGI_TEMPORAL_ADDRESS: temporalAddress,
      OGI_TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      OGI_API_PORT: String(port),
      OGI_API_HOST: '127.0.0.1',
      OGI_LOG_LEVEL: 'error',
      OGI_WORKER_METRICS_ADDRESS: 'off',
      OGI_DEMO_AGENCY: 'false',
    },
    onLine: (l) => lines.push(l),
  });
  await Promise.race([
    waitFor(
      'the API to answer /api/health',
      async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).status > 0,
      120_000,
      200,
    ),
    p.exited.then((code) => {
      throw new Error(`the API exited (${code}):\n${lines.join('\n')}`);
    }),
  ]);
  return { process: p, port };
}

/**
 * The timer sample: cases on a shrunk working day, half waiting for their reminders, half lapsing after a
 * supplement request; answers the lateness of every timer recorded, in ms.
 */
async function timerSample(s: {
  size: number;
  dayMs: number;
  spreadMs: number;
  today: IsoDate;
  calendar: WorkingDayCalendar;
  prepare: (receivedOn: IsoDate, workingDayMs: number | null) => Prepared;
  insert: (batch: readonly Prepared[]) => Promise<void>;
  start: (p: Prepared) => Promise<void>;
  markStarted: (batch: readonly Prepared[]) => Promise<unknown>;
  pg: PgClient;
  temporal: TemporalClient;
  log: (line: string) => void;
}): Promise<number[]> {
  const reminded = Array.from({ length: Math.ceil(s.size / 2) }, () => s.prepare(s.today, s.dayMs));
  const lapsing = Array.from({ length: s.size - reminded.length }, () => s.prepare(s.today, s.dayMs));
  const all = [...reminded, ...lapsing];
  s.log(
    `\nTimer sample: ${reminded.length} cases waiting for their reminders (−5, −1, 0 working days), ${lapsing.length} asked for a 2-working-day supplement that lapses; a working day lasts ${s.dayMs} ms; the cases are started over ${(s.spreadMs / 1000).toFixed(0)} s`,
  );
  await s.insert(all);
  // Started at an even pace over `spreadMs`, so their timers come due spread out as well (each case's
  // timeline is anchored at its own start), not all in the same instant.
  const gap = s.spreadMs / all.length;
  const t0 = Date.now();
  const lapsingIds = new Set(lapsing.map((p) => p.id));
  const order = reminded.flatMap((p, i) => (lapsing[i] ? [p, lapsing[i]] : [p]));
  const running: Array<Promise<void>> = [];
  for (const [i, p] of order.entries()) {
    await sleep(Math.max(0, t0 + i * gap - Date.now()));
    running.push(
      (async () => {
        await s.start(p);
        if (!lapsingIds.has(p.id)) return;
        await s.temporal.workflow
          .getHandle(p.workflowId)
          .executeUpdate(staffActionUpdates.requestSupplement, {
            args: [
              {
                type: 'requestSupplement',
                requestedOn: s.today,
                periodWorkingDays: 2,
                whatIsNeeded: '请补正所需信息的名称和文号',
                actor: '基准 承办人 (bench)',
              },
            ],
          });
      })(),
    );
  }
  await Promise.all(running);
  await s.markStarted(all);
  const ids = all.map((p) => p.id);
  const expected = reminded.length * 3 + lapsing.length * 2;
  // Reminders −5, −1 and 0 come 14 to 20 working days after the anchor; the lapse 5 after it.
  const waitMs = s.spreadMs + 30 * s.dayMs + 120_000;
  const remindedIds = new Map(reminded.map((p) => [p.id, p.workflowId]));
  const ended = new Set<string>();
  /** A reminded case goes on reminding every working day overdue: it is ended once its day-0 reminder is in. */
  const endReminded = async (applicationIds: string[]) => {
    const fresh = applicationIds.filter((id) => remindedIds.has(id) && !ended.has(id));
    for (const id of fresh) ended.add(id);
    await pool(fresh, 16, (id) =>
      s.temporal.workflow
        .getHandle(remindedIds.get(id)!)
        .terminate('基准测试结束')
        .then(() => undefined)
        .catch(() => undefined),
    );
  };
  const count = async () => {
    const { rows } = await s.pg.query<{ n: string; done: string[] | null }>(
      `SELECT (SELECT count(*) FROM notifications WHERE application_id = ANY($1::uuid[])
                 AND (kind = 'late_entry_reminder' OR offset_working_days <= 0))
            + (SELECT count(*) FROM application_events WHERE application_id = ANY($1::uuid[])
                 AND type = 'supplement_lapsed') AS n,
              (SELECT array_agg(application_id::text) FROM notifications WHERE application_id = ANY($1::uuid[])
                 AND kind = 'deadline_reminder' AND offset_working_days = 0) AS done`,
      [ids],
    );
    await endReminded(rows[0].done ?? []);
    return Number(rows[0].n);
  };
  let seen = 0;
  await waitFor(
    `the sample's ${expected} timers`,
    async () => (seen = await count()) >= expected,
    waitMs,
    250,
  ).catch((err: unknown) => s.log(`  only ${seen} of ${expected} timers recorded: ${String(err)}`));
  await endReminded([...remindedIds.keys()]);

  const anchors = new Map<string, number>();
  const { rows: registered } = await s.pg.query<{ application_id: string; occurred_at: Date }>(
    `SELECT application_id, occurred_at FROM application_events WHERE application_id = ANY($1::uuid[]) AND seq = 1`,
    [ids],
  );
  for (const r of registered) anchors.set(r.application_id, r.occurred_at.getTime());
  const dueAt = (applicationId: string, day: IsoDate, minusOneDay: boolean) => {
    const anchor = anchors.get(applicationId)!;
    const anchorDay = dateInShanghai(anchor);
    return anchor + (s.calendar.workingDaysUntil(anchorDay, day) - (minusOneDay ? 1 : 0)) * s.dayMs;
  };
  const lateness: number[] = [];
  const byKind = new Map<string, number[]>();
  const note = (kind: string, ms: number) => {
    lateness.push(ms);
    byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
  };
  const { rows: notices } = await s.pg.query<{
    application_id: string;
    kind: string;
    day: IsoDate;
    created_at: Date;
  }>(
    `SELECT application_id, kind, payload->>'day' AS day, created_at FROM notifications
      WHERE application_id = ANY($1::uuid[]) AND (kind = 'late_entry_reminder' OR offset_working_days <= 0)`,
    [ids],
  );
  for (const n of notices) {
    // A reminder goes out at the start of its day (Timeline.reminderAt), a late-entry notice at its end.
    note(
      n.kind === 'deadline_reminder' ? 'reminder' : 'late-entry notice',
      n.created_at.getTime() - dueAt(n.application_id, n.day, n.kind === 'deadline_reminder'),
    );
  }
  const { rows: lapses } = await s.pg.query<{ application_id: string; due_on: IsoDate; recorded_at: Date }>(
    `SELECT application_id, payload->>'dueOn' AS due_on, recorded_at FROM application_events
      WHERE application_id = ANY($1::uuid[]) AND type = 'supplement_lapsed'`,
    [ids],
  );
  for (const l of lapses) {
    const firesAfter = s.calendar.addWorkingDays(l.due_on, LATE_ENTRY_GRACE_WORKING_DAYS).due;
    note('supplement lapse', l.recorded_at.getTime() - dueAt(l.application_id, firesAfter, false));
  }
  s.log(
    `  ${notices.length} notices (reminders −5, −1, 0 and late-entry notices) and ${lapses.length} lapses recorded, ${expected} expected`,
  );
  for (const [kind, xs] of byKind) {
    s.log(
      `  ${kind.padEnd(18)} ${String(xs.length).padStart(4)}  lateness p50 ${percentile(xs, 50).toFixed(0)} ms, p99 ${percentile(xs, 99).toFixed(0)} ms`,
    );
  }
  return lateness;
}

if (require.main === module) {
  console.log(
    `OGI Flow: open applications on one worker — node ${process.version}, ${new Date().toISOString()}`,
  );
  benchOpenCases().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
