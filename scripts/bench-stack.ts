/**
 * `npm run bench:stack` (after a build): the product's hot paths side by side with anchors — what the
 * same parts do bare — on one stack it starts itself, in one run:
 *
 *  - a Temporal dev server (the CLI's, in memory, free ports; $OGI_TEMPORAL_BIN, .tools/bin/temporal or
 *    `temporal` on PATH);
 *  - a fresh PostgreSQL database (`ogi_bench_stack`, or OGI_BENCH_STACK_DATABASE_URL; dropped and created
 *    anew, migrated), with one agency and two staff accounts;
 *  - the product: the built worker and API (scripts/bench-api.ts), each its own process;
 *  - the anchors, each its own process too: a bare worker (scripts/bench-stack/bare-worker.ts: a
 *    workflow that awaits one no-op activity per Update, on its own task queue) and a bare Node `http`
 *    server reading the same rows with `pg` and a pool of the API's size (scripts/bench-stack/bare-http.ts).
 *
 * Figures (ratio = product ÷ anchor; targets from issue 12):
 *  - staff action latency p50/p99: `POST /api/applications/{id}/accept`, one at a time, against one bare
 *    Update awaiting one no-op activity (interleaved, so both see the same machine);
 *  - lifecycle throughput, 16 at a time: register, accept, draft, approve, deliver through the API against
 *    a bare workflow started and sent four Updates (five activities each);
 *  - reads, 32 at a time: `GET /api/applications/{id}` and `GET /api/tasks` (first page of the `role`
 *    view) in requests per second against the bare server.
 *
 * Sizes (environment): OGI_BENCH_ACTIONS (staff actions timed, 200), OGI_BENCH_LIFECYCLES (per side,
 * 160), OGI_BENCH_REQUESTS (per read figure and side, 6000), OGI_BENCH_ROUNDS (lifecycles and reads run
 * in this many alternating rounds, product then anchor, so that both see the same machine; 4),
 * OGI_BENCH_LOG_LEVEL (the API's and worker's, `info` as installed), OGI_BENCH_INBOX_SCALE=0 and
 * OGI_BENCH_OPEN_CASES=0 (leave out the inbox at scale and the open applications on one worker). Figures only: it exits 0 whatever
 * they are (1 only when the stack cannot be run).
 */
import { type BenchFigure, benchInboxScale } from './bench-inbox-scale';
import { benchOpenCases } from './bench-open-cases';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'node:http';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { dateInShanghai } from '../libs/domain/dates';
import { dropDatabase, migrate, recreateDatabase } from '../platform/database/data-source';
import { type ManagedProcess, freePort, startProcess, waitFor } from '../platform/processes';
import { ensureAgency, ensureStaffAccount } from '../platform/staff';
import { findTemporalBinary, startTemporalDevServer } from '../platform/temporal-dev-server';
import { nodeArgsFrom, startBenchApi } from './bench-api';
import { bareStepUpdate, type bareWorkflow } from './bench-stack/bare.workflow';

const PRODUCT_QUEUE = 'bench-stack';
const BARE_QUEUE = 'bench-stack-bare';
const PASSWORD = 'bench-password-1';

function sizeFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1)
    throw new Error(`${name}="${raw}" must be a whole number ≥ 1`);
  return Number(raw);
}

// ---- the table ---------------------------------------------------------------------------------------

/** One line of the table: a figure of the product beside its anchor. */
export interface BenchRow {
  figure: string;
  unit: string;
  product: number;
  anchor: number;
  /** `max`: the ratio product ÷ anchor should be at most `ratio` (times); `min`: at least. */
  target?: { kind: 'max' | 'min'; ratio: number };
}

export function formatTable(rows: BenchRow[]): string {
  const num = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  const lines = [
    ['figure', 'product', 'anchor', 'ratio', 'target', ''],
    ...rows.map((r) => {
      const ratio = r.product / r.anchor;
      const meets = r.target
        ? r.target.kind === 'max'
          ? ratio <= r.target.ratio
          : ratio >= r.target.ratio
        : null;
      return [
        `${r.figure} (${r.unit})`,
        num(r.product),
        num(r.anchor),
        `${ratio.toFixed(2)}×`,
        r.target ? `${r.target.kind === 'max' ? '≤' : '≥'} ${r.target.ratio}×` : '',
        meets === null ? '' : meets ? 'meets' : 'MISSES',
      ];
    }),
  ];
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines
    .map((l) => l.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '))
    .join('\n');
}

// ---- HTTP --------------------------------------------------------------------------------------------

export interface Http {
  agent: Agent;
  port: number;
}

/** One request on a keep-alive connection; the body parsed as JSON only when asked. */
export function call(
  http: Http,
  method: string,
  path: string,
  o: { token?: string; body?: unknown; parse?: boolean } = {},
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
    const req = request(
      {
        agent: http.agent,
        host: '127.0.0.1',
        port: http.port,
        method,
        path,
        headers: {
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (!o.parse && status < 400) return resolve({ status, body: null });
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status, body: text ? JSON.parse(text) : null });
          } catch {
            resolve({ status, body: text });
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A call that must answer `expected`; its body as JSON. */
async function must<T = Record<string, unknown>>(
  http: Http,
  method: string,
  path: string,
  expected: number,
  o: { token?: string; body?: unknown } = {},
) {
  const res = await call(http, method, path, { ...o, parse: true });
  if (res.status !== expected)
    throw new Error(`${method} ${path} → ${res.status} (expected ${expected}): ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/** `total` jobs, at most `concurrency` at a time; the seconds it took. */
async function runPool(
  total: number,
  concurrency: number,
  job: (i: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) await job(next++);
    }),
  );
  return (performance.now() - t0) / 1000;
}

function percentile(sortedMs: number[], p: number): number {
  return sortedMs[Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1)];
}

// ---- the stack ---------------------------------------------------------------------------------------

export interface Stack {
  temporalAddress: string;
  temporal: Client;
  connection: Connection;
  api: Http;
  bare: Http;
  databaseUrl: string;
  agencyId: string;
  clerk: string;
  reviewer: string;
  /** Stops every process this bench started, last started first. */
  stop(): Promise<void>;
}

function startChild(
  name: string,
  script: string,
  env: Record<string, string>,
  logs: string[],
  nodeArgs: string[] = [],
): ManagedProcess {
  return startProcess({
    name,
    command: process.execPath,
    args: [...nodeArgs, script],
    env,
    onLine: (l) => {
      logs.push(`[${name}] ${l}`);
      if (logs.length > 400) logs.splice(0, 200);
    },
  });
}

export async function startStack(logLevel: string, apiEnv: Record<string, string> = {}): Promise<Stack> {
  const processes: ManagedProcess[] = [];
  const logs: string[] = [];
  const stop = async () => {
    for (const p of processes.reverse()) await p.stop(5000);
  };
  try {
    const port = await freePort();
    processes.push(
      await startTemporalDevServer({
        binary: findTemporalBinary(),
        ip: '127.0.0.1',
        port,
        uiPort: null,
        namespace: 'default',
        dbFile: null,
        retentionDays: 1,
        onLine: (l) => logs.push(`[temporal] ${l}`),
      }),
    );
    const temporalAddress = `127.0.0.1:${port}`;
    const databaseUrl =
      process.env.OGI_BENCH_STACK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ogi_bench_stack';
    await recreateDatabase(databaseUrl);
    await migrate(databaseUrl);
    const pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
    let agencyId: string;
    try {
      const agency = await ensureAgency(pg, { code: 'bench-stack', name: '基准测试县人民政府办公室' });
      agencyId = agency.id;
      // Two people, as the rules want: the drafter does not approve.
      await ensureStaffAccount(pg, agency.id, {
        username: 'bench-clerk',
        displayName: '基准 办事员',
        password: PASSWORD,
        roles: ['registrar', 'handler'],
      });
      await ensureStaffAccount(pg, agency.id, {
        username: 'bench-reviewer',
        displayName: '基准 审核人',
        password: PASSWORD,
        roles: ['reviewer'],
      });
    } finally {
      await pg.end();
    }

    const dist = join(__dirname, '..');
    const common = {
      OGI_DATABASE_URL: databaseUrl,
      OGI_TEMPORAL_ADDRESS: temporalAddress,
      OGI_LOG_LEVEL: logLevel,
      OGI_WORKER_METRICS_ADDRESS: 'off',
    };
    const worker = startChild(
      'worker',
      join(dist, 'apps', 'worker', 'src', 'main.js'),
      { ...common, OGI_TEMPORAL_TASK_QUEUE: PRODUCT_QUEUE },
      logs,
      // OGI_BENCH_WORKER_NODE_ARGS: node's own flags for the worker (as OGI_BENCH_API_NODE_ARGS for the API).
      nodeArgsFrom('OGI_BENCH_WORKER_NODE_ARGS'),
    );
    processes.push(worker);
    const bareWorker = startChild(
      'bare-worker',
      join(__dirname, 'bench-stack', 'bare-worker.js'),
      { OGI_TEMPORAL_ADDRESS: temporalAddress, OGI_TEMPORAL_TASK_QUEUE: BARE_QUEUE },
      logs,
    );
    processes.push(bareWorker);
    const barePort = await freePort();
    const bareHttp = startChild(
      'bare-http',
      join(__dirname, 'bench-stack', 'bare-http.js'),
      { OGI_DATABASE_URL: databaseUrl, OGI_BENCH_POOL_SIZE: '10', OGI_BENCH_PORT: String(barePort) },
      logs,
    );
    processes.push(bareHttp);
    const api = await startBenchApi(databaseUrl, {
      temporalAddress,
      taskQueue: PRODUCT_QUEUE,
      env: { OGI_LOG_LEVEL: logLevel, ...apiEnv },
    });
    processes.push(api.process);
    const ready = (what: string, p: ManagedProcess, probe: () => Promise<boolean> | boolean) =>
      Promise.race([
        waitFor(what, async () => probe(), 120_000, 100),
        p.exited.then((code) => {
          throw new Error(`${p.name} exited (${code}) before it was ready`);
        }),
      ]);
    const agentOptions = { keepAlive: true, maxSockets: 64 };
    const apiHttp: Http = { agent: new Agent(agentOptions), port: api.port };
    const bareHttpClient: Http = { agent: new Agent(agentOptions), port: barePort };
    try {
      await Promise.all([
        ready('the worker', worker, () => logs.some((l) => l.includes('[worker] ready'))),
        ready('the bare worker', bareWorker, () => logs.some((l) => l.includes('[bare-worker] ready'))),
        ready('the bare http server', bareHttp, () => logs.some((l) => l.includes('[bare-http] ready'))),
        ready('the API', api.process, async () => (await call(apiHttp, 'GET', '/api/health')).status === 200),
      ]);
    } catch (err) {
      console.log([...logs, ...api.logs].slice(-40).join('\n'));
      throw err;
    }
    const signIn = async (username: string) =>
      (
        await must<{ token: string }>(apiHttp, 'POST', '/api/auth/sign-in', 200, {
          body: { username, password: PASSWORD },
        })
      ).token as string;
    const connection = await Connection.connect({ address: temporalAddress });
    return {
      temporalAddress,
      connection,
      temporal: new Client({ connection, namespace: 'default' }),
      api: apiHttp,
      bare: bareHttpClient,
      databaseUrl,
      agencyId,
      clerk: await signIn('bench-clerk'),
      reviewer: await signIn('bench-reviewer'),
      async stop() {
        apiHttp.agent.destroy();
        bareHttpClient.agent.destroy();
        await connection.close();
        await stop();
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

// ---- the product's and the anchor's units of work -----------------------------------------------------

const today = () => dateInShanghai(Date.now());

export async function register(s: Stack): Promise<string> {
  const body = {
    applicantName: '基准 张三',
    applicantType: 'natural_person',
    channel: 'in_person',
    receivedOn: today(),
    informationSought: '2025年度本县义务教育经费预算执行情况',
  };
  return (await must<{ id: string }>(s.api, 'POST', '/api/applications', 201, { token: s.clerk, body })).id;
}

export const act = (s: Stack, id: string, action: string, token: string, body: unknown = {}) =>
  must(s.api, 'POST', `/api/applications/${id}/${action}`, 200, { token, body });

export async function lifecycle(s: Stack): Promise<string> {
  const id = await register(s);
  await act(s, id, 'accept', s.clerk);
  await act(s, id, 'draft-decision', s.clerk, {
    outcome: 'disclosed',
    legalGround: '《政府信息公开条例》第三十六条第二项',
  });
  await act(s, id, 'approve-decision', s.reviewer);
  await act(s, id, 'deliver', s.clerk, { deliveredOn: today(), deliveryMethod: 'post' });
  return id;
}

let bareSerial = 0;
async function startBare(s: Stack, steps: number): Promise<string> {
  const workflowId = `bench-bare-${process.pid}-${++bareSerial}`;
  await s.temporal.workflow.start<typeof bareWorkflow>('bareWorkflow', {
    taskQueue: BARE_QUEUE,
    workflowId,
    args: [steps],
  });
  return workflowId;
}

const bareStep = (s: Stack, workflowId: string, step: string) =>
  s.temporal.workflow.getHandle(workflowId).executeUpdate(bareStepUpdate, { args: [step] });

async function bareLifecycle(s: Stack): Promise<void> {
  const workflowId = await startBare(s, 4);
  for (const step of ['accept', 'draft', 'approve', 'deliver']) await bareStep(s, workflowId, step);
}

// ---- the figures -------------------------------------------------------------------------------------

async function actionLatency(s: Stack, n: number): Promise<BenchRow[]> {
  const warmup = Math.min(10, n);
  const ids: string[] = [];
  const bare: string[] = [];
  await runPool(n + warmup, 16, async () => {
    ids.push(await register(s));
    bare.push(await startBare(s, 1_000_000));
  });
  const product: number[] = [];
  const anchor: number[] = [];
  for (let i = 0; i < n + warmup; i++) {
    let t0 = performance.now();
    await act(s, ids[i], 'accept', s.clerk);
    const p = performance.now() - t0;
    t0 = performance.now();
    await bareStep(s, bare[i], 'accept');
    const a = performance.now() - t0;
    if (i >= warmup) {
      product.push(p);
      anchor.push(a);
    }
  }
  product.sort((x, y) => x - y);
  anchor.sort((x, y) => x - y);
  return [
    {
      figure: `staff action p50, ${n} accepts one at a time`,
      unit: 'ms',
      product: percentile(product, 50),
      anchor: percentile(anchor, 50),
    },
    {
      figure: `staff action p99, ${n} accepts one at a time`,
      unit: 'ms',
      product: percentile(product, 99),
      anchor: percentile(anchor, 99),
      target: { kind: 'max', ratio: 1.5 },
    },
  ];
}

async function lifecycleThroughput(
  s: Stack,
  n: number,
  rounds: number,
): Promise<{ row: BenchRow; ids: string[] }> {
  const ids: string[] = [];
  // A few of each first, so that neither side pays for its first workflows' code loading.
  await runPool(8, 8, async () => void ids.push(await lifecycle(s)));
  await runPool(8, 8, () => bareLifecycle(s));
  // Alternating rounds, so that both sides see the same machine (other work on it comes and goes).
  let productSeconds = 0;
  let bareSeconds = 0;
  for (const chunk of chunks(n, rounds)) {
    productSeconds += await runPool(chunk, 16, async () => void ids.push(await lifecycle(s)));
    bareSeconds += await runPool(chunk, 16, () => bareLifecycle(s));
  }
  return {
    ids,
    row: {
      figure: `lifecycle, ${n} at 16 at a time (5 steps)`,
      unit: 'per s',
      product: n / productSeconds,
      anchor: n / bareSeconds,
      target: { kind: 'min', ratio: 0.6 },
    },
  };
}

/** `total` split into `rounds` near-equal parts (none empty). */
function chunks(total: number, rounds: number): number[] {
  const k = Math.min(rounds, total);
  return Array.from({ length: k }, (_, i) => Math.floor(((i + 1) * total) / k) - Math.floor((i * total) / k));
}

/**
 * Requests per second of `path(i)` on each side, 32 at a time: `requests` per side in `rounds` alternating
 * rounds (product, anchor, product, …), each side's rate over all its rounds.
 */
export async function readThroughput(
  s: Stack,
  figure: string,
  requests: number,
  rounds: number,
  productPath: (i: number) => string,
  anchorPath: (i: number) => string,
): Promise<BenchRow> {
  const load = (http: Http, path: (i: number) => string, total: number, token?: string) =>
    runPool(total, 32, async (i) => {
      const res = await call(http, 'GET', path(i), { token });
      if (res.status !== 200) throw new Error(`GET ${path(i)} → ${res.status}`);
    });
  const warmup = Math.min(500, requests);
  await load(s.api, productPath, warmup, s.clerk);
  await load(s.bare, anchorPath, warmup);
  let productSeconds = 0;
  let anchorSeconds = 0;
  for (const chunk of chunks(requests, rounds)) {
    productSeconds += await load(s.api, productPath, chunk, s.clerk);
    anchorSeconds += await load(s.bare, anchorPath, chunk);
  }
  return {
    figure,
    unit: 'req/s',
    product: requests / productSeconds,
    anchor: requests / anchorSeconds,
    target: { kind: 'min', ratio: 0.8 },
  };
}

export async function benchStack(): Promise<void> {
  const actions = sizeFromEnv('OGI_BENCH_ACTIONS', 200);
  const lifecycles = sizeFromEnv('OGI_BENCH_LIFECYCLES', 160);
  const requests = sizeFromEnv('OGI_BENCH_REQUESTS', 6000);
  const rounds = sizeFromEnv('OGI_BENCH_ROUNDS', 4);
  const logLevel = process.env.OGI_BENCH_LOG_LEVEL ?? 'info';
  console.log(`OGI Flow bench:stack — node ${process.version}, ${new Date().toISOString()}`);
  const t0 = performance.now();
  const s = await startStack(logLevel);
  console.log(
    `stack up in ${((performance.now() - t0) / 1000).toFixed(1)} s: Temporal dev server ${s.temporalAddress}, database ${s.databaseUrl.replace(/\/\/[^@]*@/, '//')}, worker and API (log level ${logLevel}), bare worker, bare http server\n`,
  );
  const rows: BenchRow[] = [];
  const scale: BenchFigure[] = [];
  try {
    const step = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      const result = await work();
      console.log(`  ${what}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
      return result;
    };
    rows.push(...(await step('staff action latency', () => actionLatency(s, actions))));
    const { row, ids } = await step('lifecycles', () => lifecycleThroughput(s, lifecycles, rounds));
    rows.push(row);
    rows.push(
      await step('GET /api/applications/{id}', () =>
        readThroughput(
          s,
          'GET /api/applications/{id}, 32 at a time',
          requests,
          rounds,
          (i) => `/api/applications/${ids[i % ids.length]}`,
          (i) => `/applications/${ids[i % ids.length]}`,
        ),
      ),
    );
    // The inbox's first page: the accepted applications' drafting tasks, offered to the clerk's roles.
    type Page = { items: Array<{ id: string }>; total: number; pageSize: number };
    const page = await must<Page>(s.api, 'GET', '/api/tasks', 200, { token: s.clerk });
    const anchorPath = `/tasks?agencyId=${s.agencyId}&roles=registrar,handler&pageSize=${page.pageSize}`;
    const anchorPage = await must<Page>(s.bare, 'GET', anchorPath, 200);
    const same =
      JSON.stringify(page.items.map((t) => t.id)) === JSON.stringify(anchorPage.items.map((t) => t.id));
    console.log(
      `  the inbox: ${page.total} open tasks, first page of ${page.items.length}; the anchor reads ${same ? 'the same page' : 'ANOTHER page (order differs)'}`,
    );
    rows.push(
      await step('GET /api/tasks', () =>
        readThroughput(
          s,
          `GET /api/tasks (first page of ${page.items.length}), 32 at a time`,
          requests,
          rounds,
          () => '/api/tasks',
          () => anchorPath,
        ),
      ),
    );
    // The inbox at scale: 100,000 open tasks in one agency of this database (bench-inbox-scale.ts); leave
    // it out with OGI_BENCH_INBOX_SCALE=0.
    if (process.env.OGI_BENCH_INBOX_SCALE !== '0') {
      console.log('\nthe inbox with 100,000 open tasks in one agency:');
      scale.push(
        ...(await step('inbox at scale', () =>
          // keep: this whole database is dropped at the end (deleting 100,000 applications one by one
          // against their tasks' foreign keys would take minutes).
          benchInboxScale({
            databaseUrl: s.databaseUrl,
            keep: true,
            log: (line) => console.log(`    ${line}`),
          }),
        )),
      );
    }
  } finally {
    await s.stop();
    if (!process.env.OGI_BENCH_KEEP_DATABASE) await dropDatabase(s.databaseUrl).catch(() => undefined);
  }
  // 100,000 open applications on one worker: a stack of their own (bench-open-cases.ts); shrink them with
  // OGI_BENCH_OPEN_CASES, or leave them out with OGI_BENCH_OPEN_CASES=0.
  if (process.env.OGI_BENCH_OPEN_CASES !== '0') {
    console.log('\nopen applications on one worker:');
    scale.push(...(await benchOpenCases({ log: (line) => console.log(`    ${line}`) })));
  }
  console.log(`\n${formatTable(rows)}\n`);
  console.log('at scale (limit: the target it should stay under):');
  for (const f of scale) {
    const limit =
      f.limit === undefined
        ? ''
        : `   target < ${f.limit} ${f.unit}: ${f.value < f.limit ? 'met' : 'MISSED'}`;
    console.log(`  ${f.figure.padEnd(70)} ${f.value.toFixed(1).padStart(10)} ${f.unit}${limit}`);
  }
  console.log(`\n(whole run ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

if (require.main === module) {
  benchStack().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
