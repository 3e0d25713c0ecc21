import { PORTAL_APPLICATIONS_PER_CLIENT_PER_DAY, PORTAL_APPLICATIONS_PER_DAY } from '../libs/domain/portal';
import { maskUrl } from './redact';

/**
 * Typed configuration, read from environment variables and validated once at start.
 * A bad value stops the process with a message naming the variable and the reason.
 * Every variable and its default is listed in README.md ("Configuration").
 */
export interface TemporalTlsConfig {
  /** PEM files for mutual TLS with a production cluster. */
  clientCertPath: string | null;
  clientKeyPath: string | null;
  serverCaPath: string | null;
  serverName: string | null;
}

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  tls: TemporalTlsConfig | null;
  apiKey: string | null;
}

export interface NotificationConfig {
  /** Reminders are POSTed here as JSON, signed with HMAC-SHA256 of the body (X-OGI-Signature). */
  webhookUrl: string | null;
  webhookSecret: string | null;
  /** smtp:// or smtps:// URL; when set, reminders are also e-mailed to the agency's notification address. */
  smtpUrl: string | null;
  smtpFrom: string;
}

/** How the worker finds cases whose workflow cannot make progress (workflow_problems). */
export interface StuckCasesConfig {
  /** A failing activity attempt from this number on is recorded as a problem. */
  activityAttempts: number;
  /** The worker's scan for failing workflow tasks runs this often (ms); 0 turns it off. */
  scanIntervalMs: number;
  /** At most this many workflows are described per scan (the bound on what a scan costs Temporal). */
  scanBatch: number;
  /** A task being completed, or an open application the scan already suspects, for this long (ms) is a candidate. */
  staleAfterMs: number;
}

export interface AppConfig {
  databaseUrl: string;
  stuckCases: StuckCasesConfig;
  notifications: NotificationConfig;
  temporal: TemporalConfig;
  api: { host: string; port: number };
  /**
   * When set, a legal working day lasts this many milliseconds of real time for the workflow's timers
   * (tests and demonstrations only). Unset in production: timers run to the legal instants.
   */
  workingDayMs: number | null;
  /**
   * Tests only: an application workflow continues as new once its history has this many events (besides
   * when Temporal suggests it, which is what production relies on).
   */
  continueAsNewAfterEvents: number | null;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  /**
   * How long a staff action waits for the workflow to perform it before the API answers 503 (the
   * action stays handed over and is performed once the workflow service is back).
   */
  actionTimeoutMs: number;
  /** How often the API's outbox sweeper looks for unstarted workflows and unsettled staff actions. */
  outboxSweepMs: number;
  /**
   * TESTS ONLY, never set in production: makes the process fail at a named point so that tests can
   * check recovery. `register-after-commit` kills the API (SIGKILL) right after a registration is
   * committed and before its workflow is started; `reopen-after-commit` (issue 8) right after a corrected
   * review case's reopening is committed and before its new run is started.
   */
  failpoint: Failpoint | null;
  /** Year end (issue 8): the worker's Temporal Schedules. */
  schedules: SchedulesConfig;
  /** Issue 10: metrics (see OperabilityConfig). */
  operability: OperabilityConfig;
  /** Issue 10: sign-in throttling, sessions, proxies, password hashing, demo accounts. */
  security: SecurityConfig;
  /** Issue 12: what the worker keeps in memory and does at once. */
  worker: WorkerScaleConfig;
}

/**
 * Issue 12: the worker's bounds (README "Configuration", "Measuring"). Its resident memory is bounded by
 * the workflow cache, not by the number of open cases: a case not in the cache waits on its timer at
 * Temporal and is replayed from its (short) history when the timer fires or a staff action arrives.
 */
export interface WorkerScaleConfig {
  /**
   * At most this many workflows kept in memory (Temporal's sticky cache; the least recently used is
   * evicted). 0 turns the cache off: every workflow task replays its history.
   */
  maxCachedWorkflows: number;
  /** At most this many workflow tasks at once (never more than the cache holds, when it is on). */
  maxConcurrentWorkflowTasks: number;
  /** At most this many activities at once (each recording holds one database connection while it runs). */
  maxConcurrentActivities: number;
  /** The worker's PostgreSQL pool. */
  databasePoolSize: number;
}

/** Issue 10: where the worker exports its Temporal metrics, and who may read the API's /metrics. */
export interface OperabilityConfig {
  /** host:port of the worker's Prometheus exporter (the API fetches it too); null: off. */
  workerMetricsAddress: string | null;
  /** When set, GET /metrics wants `Authorization: Bearer <token>`. */
  metricsToken: string | null;
}

/** Issue 10 (safe defaults): what README.md's "Security" section describes. */
export interface SecurityConfig {
  /** Failed sign-ins of one username within the window after which further attempts get 429. */
  maxFailuresPerAccount: number;
  /** Failed sign-ins from one client address within the window after which further attempts get 429. */
  maxFailuresPerAddress: number;
  signInWindowMinutes: number;
  /** A session unused for this long ends. */
  sessionIdleSeconds: number;
  /** A session ends this long after sign-in, used or not. */
  sessionMaxHours: number;
  /**
   * Issue 12: how long an API process may answer a session token from memory instead of PostgreSQL
   * (seconds; 0: never). This process forgets a token at once when it ends the session or changes its user
   * (apps/api/src/auth/session-cache.ts); another API process sees such a change within this time.
   */
  sessionCacheSeconds: number;
  /** fastify's trustProxy: false, true, a hop count, or the proxies' addresses / CIDRs. */
  trustProxy: boolean | number | string[];
  /** At most this many scrypt computations at once in the API (each takes 128 MiB). */
  passwordHashConcurrency: number;
  /** OGI_DEMO_AGENCY: the demo accounts may exist; when false their published passwords never sign in. */
  demoAccounts: boolean;
  /** The applicants' portal: at most this many applications a day (China time) per e-mail address at an agency. */
  portalApplicationsPerDay: number;
  /** …and per client address, whatever the e-mail addresses (a script filing under many addresses). */
  portalApplicationsPerClientPerDay: number;
}

/** The schedules the worker keeps (year end, calendar check), both in Asia/Shanghai. */
export interface SchedulesConfig {
  /**
   * Tests and demonstrations: the calendar check runs every this many ms instead of at 09:00 every day.
   */
  calendarCheckIntervalMs: number | null;
  /** How late a missed year-end action may still be taken (worker or server down on 1 January), in days. */
  yearEndCatchupDays: number;
}

/** The failpoints tests may set with OGI_FAILPOINT (see AppConfig.failpoint). */
export const FAILPOINTS = ['register-after-commit', 'reopen-after-commit'] as const;
export type Failpoint = (typeof FAILPOINTS)[number];

/**
 * Which Temporal server `./ogi start` runs: `dev`, the CLI's dev server (SQLite in OGI_DATA_DIR);
 * `production`, Temporal Server on PostgreSQL (deploy/temporal/production.yaml, `./ogi start --production`);
 * `external`, none: the worker and API connect to OGI_TEMPORAL_ADDRESS (an existing cluster, Temporal Cloud).
 */
export const TEMPORAL_MODES = ['dev', 'production', 'external'] as const;
export type TemporalMode = (typeof TEMPORAL_MODES)[number];

export interface LauncherConfig {
  dataDir: string;
  temporalMode: TemporalMode;
  temporalUiPort: number;
  /** How long Temporal keeps closed workflows (the namespace's retention), dev and production mode. */
  temporalRetentionDays: number;
  /** Never in production mode. */
  demoAgency: boolean;
  /** Production mode: the PostgreSQL database of the Temporal server's workflows. */
  temporalDatabaseUrl: string;
  /** Production mode: its visibility database, on the same PostgreSQL server. */
  temporalVisibilityDatabase: string;
}

/** Production mode's defaults where they differ from the dev mode's (see loadLauncherConfig). */
export const PRODUCTION_DEFAULTS = {
  OGI_TEMPORAL_ADDRESS: '127.0.0.1:7433',
  /** Never the dev mode's database, whose cases live in the dev server's SQLite file. */
  OGI_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ogi_production',
  OGI_TEMPORAL_DATABASE: 'ogi_temporal',
  OGI_TEMPORAL_VISIBILITY_DATABASE: 'ogi_temporal_visibility',
} as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULTS = {
  OGI_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ogi_flow',
  OGI_TEMPORAL_ADDRESS: '127.0.0.1:7233',
  OGI_TEMPORAL_NAMESPACE: 'default',
  OGI_TEMPORAL_TASK_QUEUE: 'ogi-flow-applications',
  OGI_API_HOST: '127.0.0.1',
  OGI_API_PORT: '3000',
  OGI_LOG_LEVEL: 'info',
  OGI_DATA_DIR: '.data',
  OGI_START_TEMPORAL: 'true',
  OGI_TEMPORAL_UI_PORT: '8233',
  OGI_TEMPORAL_RETENTION_DAYS: '400',
  OGI_DEMO_AGENCY: 'true',
  OGI_SMTP_FROM: 'OGI Flow <noreply@localhost>',
  OGI_STUCK_ACTIVITY_ATTEMPTS: '3',
  OGI_STUCK_SCAN_INTERVAL_MS: '30000',
  OGI_STUCK_SCAN_BATCH: '25',
  OGI_STUCK_STALE_AFTER_MS: '60000',
  OGI_ACTION_TIMEOUT_MS: '10000',
  OGI_OUTBOX_SWEEP_MS: '2000',
  OGI_YEAR_END_CATCHUP_DAYS: '7',
  OGI_WORKER_METRICS_ADDRESS: '127.0.0.1:9464',
  OGI_SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '5',
  OGI_SIGN_IN_MAX_FAILURES_PER_ADDRESS: '20',
  OGI_SIGN_IN_WINDOW_MINUTES: '15',
  OGI_SESSION_IDLE_SECONDS: '1800',
  OGI_SESSION_MAX_HOURS: '12',
  OGI_SESSION_CACHE_SECONDS: '5',
  OGI_PASSWORD_HASH_CONCURRENCY: '2',
  OGI_PORTAL_APPLICATIONS_PER_DAY: String(PORTAL_APPLICATIONS_PER_DAY),
  OGI_PORTAL_APPLICATIONS_PER_CLIENT_PER_DAY: String(PORTAL_APPLICATIONS_PER_CLIENT_PER_DAY),
  OGI_WORKER_MAX_CACHED_WORKFLOWS: '1000',
  OGI_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '40',
  OGI_WORKER_MAX_CONCURRENT_ACTIVITIES: '40',
  OGI_WORKER_DATABASE_POOL_SIZE: '10',
} as const;

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  string(name: keyof typeof DEFAULTS): string {
    return this.raw(name) ?? DEFAULTS[name];
  }

  optionalString(name: string): string | null {
    return this.raw(name) ?? null;
  }

  int(name: keyof typeof DEFAULTS, min: number, max: number): number {
    return this.intValue(name, this.string(name), min, max) ?? Number(DEFAULTS[name]);
  }

  optionalInt(name: string, min: number, max: number): number | null {
    const v = this.raw(name);
    return v === undefined ? null : this.intValue(name, v, min, max);
  }

  private intValue(name: string, v: string, min: number, max: number): number | null {
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      this.problems.push(`${name}="${v}" must be a whole number from ${min} to ${max}`);
      return null;
    }
    return Number(v);
  }

  bool(name: keyof typeof DEFAULTS | string, fallback: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (/^(1|true|yes|on)$/i.test(v)) return true;
    if (/^(0|false|no|off)$/i.test(v)) return false;
    this.problems.push(`${name}="${v}" must be true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: keyof typeof DEFAULTS, allowed: readonly T[]): T {
    const v = this.string(name);
    if ((allowed as readonly string[]).includes(v)) return v as T;
    this.problems.push(`${name}="${v}" must be one of: ${allowed.join(', ')}`);
    return DEFAULTS[name] as T;
  }
}

function checkDatabaseUrl(r: Reader, rawUrl: string, name = 'OGI_DATABASE_URL'): void {
  const url = maskUrl(rawUrl); // a message never shows the password
  try {
    const u = new URL(rawUrl);
    if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
      r.problems.push(`${name}="${url}" must start with postgres:// or postgresql://`);
    } else if (u.pathname.length <= 1) {
      r.problems.push(`${name}="${url}" must name a database, e.g. postgres://user@host:5432/ogi_flow`);
    }
  } catch {
    r.problems.push(`${name}="${url}" is not a URL (postgres://user:password@host:port/database)`);
  }
}

function checkHostPort(r: Reader, name: string, value: string): void {
  const m = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(value);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
    r.problems.push(`${name}="${value}" must be host:port, e.g. 127.0.0.1:7233`);
  }
}

export function loadConfig(env: Env = process.env): AppConfig {
  const r = new Reader(env);
  const databaseUrl = r.string('OGI_DATABASE_URL');
  checkDatabaseUrl(r, databaseUrl);
  const address = r.string('OGI_TEMPORAL_ADDRESS');
  checkHostPort(r, 'OGI_TEMPORAL_ADDRESS', address);
  const namespace = r.string('OGI_TEMPORAL_NAMESPACE');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(namespace)) {
    r.problems.push(`OGI_TEMPORAL_NAMESPACE="${namespace}" may hold letters, digits, '.', '_' and '-' only`);
  }
  const taskQueue = r.string('OGI_TEMPORAL_TASK_QUEUE');
  const useTls = r.bool('OGI_TEMPORAL_TLS', false);
  const tls: TemporalTlsConfig | null = useTls
    ? {
        clientCertPath: r.optionalString('OGI_TEMPORAL_TLS_CERT'),
        clientKeyPath: r.optionalString('OGI_TEMPORAL_TLS_KEY'),
        serverCaPath: r.optionalString('OGI_TEMPORAL_TLS_CA'),
        serverName: r.optionalString('OGI_TEMPORAL_TLS_SERVER_NAME'),
      }
    : null;
  if (tls && Boolean(tls.clientCertPath) !== Boolean(tls.clientKeyPath)) {
    r.problems.push('OGI_TEMPORAL_TLS_CERT and OGI_TEMPORAL_TLS_KEY must be given together (mutual TLS)');
  }
  const apiKey = r.optionalString('OGI_TEMPORAL_API_KEY');
  const webhookUrl = r.optionalString('OGI_WEBHOOK_URL');
  const webhookSecret = r.optionalString('OGI_WEBHOOK_SECRET');
  if (webhookUrl) {
    if (!/^https?:\/\/[^\s]+$/.test(webhookUrl))
      r.problems.push(`OGI_WEBHOOK_URL="${maskUrl(webhookUrl)}" must be an http:// or https:// URL`);
    if (!webhookSecret || webhookSecret.length < 16) {
      r.problems.push(
        'OGI_WEBHOOK_SECRET must be set (at least 16 characters) when OGI_WEBHOOK_URL is: deliveries are signed with it',
      );
    }
  }
  const smtpUrl = r.optionalString('OGI_SMTP_URL');
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl))
    r.problems.push(`OGI_SMTP_URL="${maskUrl(smtpUrl)}" must be an smtp:// or smtps:// URL`);
  const workerMetrics = r.string('OGI_WORKER_METRICS_ADDRESS');
  const workerMetricsAddress = /^(off|false|none|0)$/i.test(workerMetrics) ? null : workerMetrics;
  if (workerMetricsAddress) checkHostPort(r, 'OGI_WORKER_METRICS_ADDRESS', workerMetricsAddress);
  const metricsToken = r.optionalString('OGI_METRICS_TOKEN');
  if (metricsToken !== null && !/^[\x21-\x7e]{16,}$/.test(metricsToken))
    r.problems.push('OGI_METRICS_TOKEN must be at least 16 printable characters without spaces');
  const config: AppConfig = {
    databaseUrl,
    stuckCases: {
      activityAttempts: r.int('OGI_STUCK_ACTIVITY_ATTEMPTS', 2, 1000),
      scanIntervalMs: r.int('OGI_STUCK_SCAN_INTERVAL_MS', 0, 86_400_000),
      scanBatch: r.int('OGI_STUCK_SCAN_BATCH', 1, 1000),
      staleAfterMs: r.int('OGI_STUCK_STALE_AFTER_MS', 0, 86_400_000),
    },
    notifications: { webhookUrl, webhookSecret, smtpUrl, smtpFrom: r.string('OGI_SMTP_FROM') },
    temporal: { address, namespace, taskQueue, tls: tls ?? (apiKey ? emptyTls() : null), apiKey },
    api: { host: r.string('OGI_API_HOST'), port: r.int('OGI_API_PORT', 0, 65535) },
    workingDayMs: r.optionalInt('OGI_WORKING_DAY_MS', 1, 86_400_000),
    continueAsNewAfterEvents: r.optionalInt('OGI_CONTINUE_AS_NEW_AFTER_EVENTS', 20, 50_000),
    logLevel: r.oneOf('OGI_LOG_LEVEL', ['error', 'warn', 'info', 'debug'] as const),
    actionTimeoutMs: r.int('OGI_ACTION_TIMEOUT_MS', 100, 600_000),
    outboxSweepMs: r.int('OGI_OUTBOX_SWEEP_MS', 50, 600_000),
    failpoint: readFailpoint(r),
    schedules: {
      calendarCheckIntervalMs: r.optionalInt('OGI_CALENDAR_CHECK_INTERVAL_MS', 1000, 86_400_000),
      yearEndCatchupDays: r.int('OGI_YEAR_END_CATCHUP_DAYS', 1, 365),
    },
    operability: { workerMetricsAddress, metricsToken },
    security: {
      maxFailuresPerAccount: r.int('OGI_SIGN_IN_MAX_FAILURES_PER_ACCOUNT', 1, 1000),
      maxFailuresPerAddress: r.int('OGI_SIGN_IN_MAX_FAILURES_PER_ADDRESS', 1, 1_000_000),
      signInWindowMinutes: r.int('OGI_SIGN_IN_WINDOW_MINUTES', 1, 1440),
      sessionIdleSeconds: r.int('OGI_SESSION_IDLE_SECONDS', 5, 7 * 86_400),
      sessionMaxHours: r.int('OGI_SESSION_MAX_HOURS', 1, 720),
      sessionCacheSeconds: r.int('OGI_SESSION_CACHE_SECONDS', 0, 60),
      trustProxy: readTrustProxy(r),
      passwordHashConcurrency: r.int('OGI_PASSWORD_HASH_CONCURRENCY', 1, 64),
      demoAccounts: r.bool('OGI_DEMO_AGENCY', true),
      portalApplicationsPerDay: r.int('OGI_PORTAL_APPLICATIONS_PER_DAY', 1, 10_000),
      portalApplicationsPerClientPerDay: r.int('OGI_PORTAL_APPLICATIONS_PER_CLIENT_PER_DAY', 1, 1_000_000),
    },
    worker: readWorkerScale(r),
  };
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}

/**
 * The worker's bounds, with the Temporal SDK's own rules checked here (it would only log a warning and
 * change the value): a cache of 1 is not allowed, and with the cache on, workflow tasks at once may not
 * exceed the cached workflows.
 */
function readWorkerScale(r: Reader): WorkerScaleConfig {
  const maxCachedWorkflows = r.int('OGI_WORKER_MAX_CACHED_WORKFLOWS', 0, 1_000_000);
  if (maxCachedWorkflows === 1)
    r.problems.push('OGI_WORKER_MAX_CACHED_WORKFLOWS="1" must be 0 (no cache) or at least 2');
  const maxConcurrentWorkflowTasks = r.int('OGI_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', 2, 10_000);
  if (maxCachedWorkflows >= 2 && maxConcurrentWorkflowTasks > maxCachedWorkflows) {
    r.problems.push(
      `OGI_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS="${maxConcurrentWorkflowTasks}" must not exceed OGI_WORKER_MAX_CACHED_WORKFLOWS="${maxCachedWorkflows}" (a workflow task in hand is a cached workflow)`,
    );
  }
  return {
    maxCachedWorkflows,
    maxConcurrentWorkflowTasks,
    maxConcurrentActivities: r.int('OGI_WORKER_MAX_CONCURRENT_ACTIVITIES', 1, 10_000),
    databasePoolSize: r.int('OGI_WORKER_DATABASE_POOL_SIZE', 1, 1000),
  };
}

/**
 * OGI_TRUST_PROXY: unset or `false` — the client address is the TCP peer (X-Forwarded-For ignored);
 * `true` — trust every proxy (only when nothing reaches the API but through the load balancer); a whole
 * number — trust that many hops; otherwise a comma-separated list of the proxies' addresses or CIDRs.
 */
function readTrustProxy(r: Reader): boolean | number | string[] {
  const v = r.optionalString('OGI_TRUST_PROXY');
  if (v === null || /^(0|false|no|off)$/i.test(v)) return false;
  if (/^(true|yes|on)$/i.test(v)) return true;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v.split(',').map((s) => s.trim());
  if (list.every((s) => /^[0-9A-Fa-f.:]+(\/\d{1,3})?$/.test(s))) return list;
  r.problems.push(
    `OGI_TRUST_PROXY="${v}" must be true, false, a number of hops, or comma-separated proxy addresses / CIDRs`,
  );
  return false;
}

/** OGI_FAILPOINT: tests only (see AppConfig.failpoint). */
function readFailpoint(r: Reader): Failpoint | null {
  const v = r.optionalString('OGI_FAILPOINT');
  if (v === null) return null;
  if ((FAILPOINTS as readonly string[]).includes(v)) return v as Failpoint;
  r.problems.push(`OGI_FAILPOINT="${v}" must be one of: ${FAILPOINTS.join(', ')} (tests only)`);
  return null;
}

function emptyTls(): TemporalTlsConfig {
  return { clientCertPath: null, clientKeyPath: null, serverCaPath: null, serverName: null };
}

/**
 * The launcher's settings. In production mode it also fills in the production defaults of
 * OGI_TEMPORAL_ADDRESS and OGI_DATABASE_URL in `env` when they are unset (so that the worker and the API
 * it starts, which inherit them, use the same), and turns the demo agency off whatever OGI_DEMO_AGENCY says.
 */
export function loadLauncherConfig(env: Env = process.env): LauncherConfig {
  const r = new Reader(env);
  // OGI_START_TEMPORAL=false (before OGI_TEMPORAL_MODE existed) still means: use an existing cluster.
  const explicitMode = r.raw('OGI_TEMPORAL_MODE');
  let temporalMode: TemporalMode = r.bool('OGI_START_TEMPORAL', true) ? 'dev' : 'external';
  if (explicitMode !== undefined) {
    if ((TEMPORAL_MODES as readonly string[]).includes(explicitMode))
      temporalMode = explicitMode as TemporalMode;
    else r.problems.push(`OGI_TEMPORAL_MODE="${explicitMode}" must be one of: ${TEMPORAL_MODES.join(', ')}`);
  }
  const production = temporalMode === 'production';
  if (production) {
    env.OGI_TEMPORAL_ADDRESS = r.raw('OGI_TEMPORAL_ADDRESS') ?? PRODUCTION_DEFAULTS.OGI_TEMPORAL_ADDRESS;
    env.OGI_DATABASE_URL = r.raw('OGI_DATABASE_URL') ?? PRODUCTION_DEFAULTS.OGI_DATABASE_URL;
  }
  const databaseUrl = r.string('OGI_DATABASE_URL');
  let temporalDatabaseUrl = r.raw('OGI_TEMPORAL_DATABASE_URL') ?? '';
  if (!temporalDatabaseUrl) {
    try {
      const u = new URL(databaseUrl);
      u.pathname = `/${PRODUCTION_DEFAULTS.OGI_TEMPORAL_DATABASE}`;
      temporalDatabaseUrl = u.toString();
    } catch {
      temporalDatabaseUrl = `postgres://postgres@127.0.0.1:5432/${PRODUCTION_DEFAULTS.OGI_TEMPORAL_DATABASE}`;
    }
  } else if (production) {
    checkDatabaseUrl(r, temporalDatabaseUrl, 'OGI_TEMPORAL_DATABASE_URL');
  }
  const temporalVisibilityDatabase =
    r.raw('OGI_TEMPORAL_VISIBILITY_DATABASE') ?? PRODUCTION_DEFAULTS.OGI_TEMPORAL_VISIBILITY_DATABASE;
  if (!/^[A-Za-z0-9_]{1,63}$/.test(temporalVisibilityDatabase)) {
    r.problems.push(
      `OGI_TEMPORAL_VISIBILITY_DATABASE="${temporalVisibilityDatabase}" may hold letters, digits and '_' only (at most 63)`,
    );
  }
  const config: LauncherConfig = {
    dataDir: r.string('OGI_DATA_DIR'),
    temporalMode,
    temporalUiPort: r.int('OGI_TEMPORAL_UI_PORT', 1, 65535),
    temporalRetentionDays: r.int('OGI_TEMPORAL_RETENTION_DAYS', 1, 3650),
    demoAgency: !production && r.bool('OGI_DEMO_AGENCY', true),
    temporalDatabaseUrl,
    temporalVisibilityDatabase,
  };
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}
