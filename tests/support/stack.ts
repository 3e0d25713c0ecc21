/**
 * Per-test-file pieces of the real stack: worker and API processes run from dist/ against the Temporal
 * server and database of global-setup, each file on its own task queue; plus a small HTTP client.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type ManagedProcess, freePort, startProcess, waitFor } from '../../platform/processes';
import { DIST, testEnv } from './env';
import { Client as PgClient } from 'pg';
import { ROLES, type Role } from '../../libs/domain/roles';
import type { HolidayArrangement } from '../../libs/domain/calendar';
import { ensureAgency, ensureStaffAccount } from '../../platform/staff';
import { dropDatabase, migrate, recreateDatabase } from '../../platform/database/data-source';
import { hashPassword } from '../../platform/passwords';

export interface StackOptions {
  taskQueue?: string;
  /** Shrinks a legal working day to this many ms for the workflow's timers. */
  workingDayMs?: number;
  /** More environment for the worker and the API (webhook, SMTP, …). */
  env?: Record<string, string>;
  /** A database other than the shared test database (see `ownDatabase`). */
  databaseUrl?: string;
}

export interface ProcessLog {
  lines: string[];
}

function baseEnv(taskQueue: string, o: StackOptions): NodeJS.ProcessEnv {
  const env = testEnv();
  return {
    OGI_DATABASE_URL: o.databaseUrl ?? env.databaseUrl,
    OGI_TEMPORAL_ADDRESS: env.temporalAddress,
    OGI_TEMPORAL_NAMESPACE: env.namespace,
    OGI_TEMPORAL_TASK_QUEUE: taskQueue,
    OGI_LOG_LEVEL: 'warn',
    // Workers run side by side in the tests: no Prometheus exporter unless a test gives it a port.
    OGI_WORKER_METRICS_ADDRESS: 'off',
    // Every test API signs in from 127.0.0.1 against one shared database: one file's wrong passwords (the
    // fuzz test's) must not lock the others out. sign-in-throttling.test.ts tests the limits on its own.
    OGI_SIGN_IN_MAX_FAILURES_PER_ADDRESS: '1000000',
    ...(o.workingDayMs ? { OGI_WORKING_DAY_MS: String(o.workingDayMs) } : {}),
    ...o.env,
  };
}

function collect(name: string, log: ProcessLog) {
  return (line: string) => {
    log.lines.push(line);
    if (process.env.OGI_TEST_VERBOSE) process.stdout.write(`[${name}] ${line}\n`);
  };
}

export async function startWorker(
  taskQueue: string,
  o: StackOptions = {},
): Promise<ManagedProcess & ProcessLog> {
  const log: ProcessLog = { lines: [] };
  const p = startProcess({
    name: 'worker',
    command: process.execPath,
    args: [join(DIST, 'apps/worker/src/main.js')],
    env: baseEnv(taskQueue, o),
    onLine: collect('worker', log),
  });
  let ended = false;
  void p.exited.then(() => (ended = true));
  await waitFor(
    'the worker to be ready',
    async () => {
      if (ended) throw new Error(`worker exited:\n${log.lines.join('\n')}`);
      return log.lines.some((l) => l.includes('[worker] ready'));
    },
    60_000,
    100,
  );
  return Object.assign(p, log);
}

export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token: string | null = null,
  ) {}

  /** The same API, signed in with `token`. */
  withToken(token: string | null): Api {
    return new Api(this.baseUrl, token);
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    Object.assign(headers, extraHeaders);
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body: unknown = {}, headers: Record<string, string> = {}) {
    return this.request<T>('POST', path, body, headers);
  }

  /** POST that must succeed with `expected`; otherwise fails the test with the answer. */
  async ok<T = any>(path: string, body: unknown = {}, expected = 200): Promise<T> {
    const res = await this.post<T>(path, body);
    if (res.status !== expected) throw new Error(`POST ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

export async function startApi(
  taskQueue: string,
  o: StackOptions = {},
): Promise<{ api: Api; process: ManagedProcess & ProcessLog }> {
  const log: ProcessLog = { lines: [] };
  const port = await freePort();
  const p = startProcess({
    name: 'api',
    command: process.execPath,
    args: [join(DIST, 'apps/api/src/main.js')],
    env: { ...baseEnv(taskQueue, o), OGI_API_PORT: String(port), OGI_API_HOST: '127.0.0.1' },
    onLine: collect('api', log),
  });
  let ended = false;
  void p.exited.then(() => (ended = true));
  const api = new Api(`http://127.0.0.1:${port}/api`);
  await waitFor(
    'the API to answer /api/health',
    async () => {
      if (ended) throw new Error(`api exited:\n${log.lines.join('\n')}`);
      return (await fetch(`${api.baseUrl}/health`)).ok;
    },
    60_000,
    150,
  );
  return { api, process: Object.assign(p, log) };
}

/** A worker and an API on a task queue of their own. */
export async function startStack(o: StackOptions = {}) {
  const taskQueue = o.taskQueue ?? `test-${randomUUID()}`;
  const worker = await startWorker(taskQueue, o);
  const { api, process: apiProcess } = await startApi(taskQueue, o);
  return {
    taskQueue,
    api,
    worker,
    apiProcess,
    async stop() {
      await apiProcess.stop(5000);
      await worker.stop(5000);
    },
  };
}

/** Polls until `probe` returns a value, or fails with `what`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface AgencyStaff {
  agency: { id: string; code: string; name: string };
  /** Signed in as a staff member holding all four roles (a small office's clerk does everything). */
  api: Api;
  /** Signed in as one single-role user each. */
  as: Record<Role, Api>;
  usernames: Record<Role | 'all', string>;
  password: string;
}

/** The fixtures' one password, hashed once per test process (each hash costs ~0.5 s at N = 2^17). */
let fixtureHash: Promise<string> | null = null;

/**
 * A new agency with a unique code (so each test counts only its own applications), its staff created
 * in the database as an installation would (that of the tests, or `databaseUrl`), each signed in
 * through the API.
 */
export async function createAgencyWithStaff(
  api: Api,
  name = '测试机关',
  options: { notificationEmail?: string; parentId?: string; databaseUrl?: string } = {},
): Promise<AgencyStaff> {
  const code = `t-${randomUUID().slice(0, 13)}`;
  const client = new PgClient({ connectionString: options.databaseUrl ?? testEnv().databaseUrl });
  await client.connect();
  const password = 'test-password-1234';
  fixtureHash ??= hashPassword(password);
  const passwordHash = await fixtureHash;
  const usernames = {} as Record<Role | 'all', string>;
  try {
    const agency = await ensureAgency(client, { code, name, parentId: options.parentId ?? null });
    if (options.notificationEmail) {
      await client.query('UPDATE agencies SET notification_email = $1 WHERE id = $2', [
        options.notificationEmail,
        agency.id,
      ]);
    }
    for (const role of [...ROLES, 'all'] as const) {
      usernames[role] = `${code}-${role}`;
      await ensureStaffAccount(client, agency.id, {
        username: usernames[role],
        displayName: role === 'all' ? `综合岗 ${code}` : `${role} ${code}`,
        password,
        passwordHash,
        roles: role === 'all' ? [...ROLES] : [role],
      });
    }
    const anonymous = api.withToken(null);
    const signIn = async (username: string) =>
      anonymous.withToken((await anonymous.ok('/auth/sign-in', { username, password })).token as string);
    const as = {} as Record<Role, Api>;
    for (const role of ROLES) as[role] = await signIn(usernames[role]);
    return { agency, api: await signIn(usernames.all), as, usernames, password };
  } finally {
    await client.end();
  }
}

export function registration(overrides: Record<string, unknown> = {}) {
  return {
    applicantName: '张三',
    applicantType: 'natural_person',
    channel: 'in_person',
    receivedOn: '2024-03-01',
    informationSought: '2023年度本县义务教育学校经费预算执行情况',
    ...overrides,
  };
}

/**
 * A migrated database of the test's own, `${shared}_<suffix>`: for a test that changes something
 * platform-wide (the calendar reaches every open application of its database). Drop it in afterAll.
 */
export async function ownDatabase(suffix: string): Promise<{ databaseUrl: string; drop(): Promise<void> }> {
  const databaseUrl = `${testEnv().databaseUrl}_${suffix}`;
  await recreateDatabase(databaseUrl);
  await migrate(databaseUrl);
  return {
    databaseUrl,
    drop: () => (process.env.OGI_TEST_KEEP_DATABASE ? Promise.resolve() : dropDatabase(databaseUrl)),
  };
}

/** A platform administrator (平台管理员, no agency role) in `agencyId`, signed in (`Api`, with its login). */
export async function createPlatformAdmin(
  api: Api,
  agencyId: string,
  options: { databaseUrl?: string } = {},
): Promise<Api & { username: string; password: string }> {
  const client = new PgClient({ connectionString: options.databaseUrl ?? testEnv().databaseUrl });
  await client.connect();
  const username = `pa-${randomUUID().slice(0, 13)}`;
  const password = 'test-password-1234';
  try {
    await ensureStaffAccount(client, agencyId, {
      username,
      displayName: `平台管理员 ${username}`,
      password,
      roles: [],
      platformAdmin: true,
    });
  } finally {
    await client.end();
  }
  const anonymous = api.withToken(null);
  const signedIn = anonymous.withToken(
    (await anonymous.ok('/auth/sign-in', { username, password })).token as string,
  );
  return Object.assign(signedIn, { username, password });
}

/** Waits until the calendar propagation is done; returns it. */
export async function propagationDone(api: Api, propagationId: string, timeoutMs = 60_000): Promise<any> {
  return eventually(
    `calendar propagation ${propagationId} to be done`,
    async () => {
      const p = (await api.get(`/calendar/propagations/${propagationId}`)).body;
      return p?.status === 'done' ? p : null;
    },
    timeoutMs,
  );
}

/** The effective calendar as GET /calendar describes it, as arrangements. */
export async function arrangementsOf(api: Api): Promise<HolidayArrangement[]> {
  const c = (await api.get('/calendar')).body;
  return c.years.map((y: { year: number; offDays: string[]; workDays: string[] }) => ({
    year: y.year,
    off: y.offDays,
    work: y.workDays,
  }));
}
