import { ConfigError, loadConfig, loadLauncherConfig } from '../../platform/config';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/ogi_flow');
    expect(c.temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', tls: null });
    expect(c.api).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(c.workingDayMs).toBeNull();
    expect(c.stuckCases).toEqual({
      activityAttempts: 3,
      scanIntervalMs: 30_000,
      scanBatch: 25,
      staleAfterMs: 60_000,
    });
    expect(c).toMatchObject({ actionTimeoutMs: 10_000, outboxSweepMs: 2000, failpoint: null });
    expect(loadLauncherConfig({})).toMatchObject({
      temporalMode: 'dev',
      temporalRetentionDays: 400,
      demoAgency: true,
    });
  });

  it('chooses the Temporal mode; production has its own defaults and never the demo agency', () => {
    expect(loadLauncherConfig({ OGI_START_TEMPORAL: 'false' }).temporalMode).toBe('external');
    expect(loadLauncherConfig({ OGI_TEMPORAL_MODE: 'external' }).temporalMode).toBe('external');
    const env: Record<string, string | undefined> = {
      OGI_TEMPORAL_MODE: 'production',
      OGI_DEMO_AGENCY: 'true',
    };
    expect(loadLauncherConfig(env)).toMatchObject({
      temporalMode: 'production',
      demoAgency: false,
      temporalDatabaseUrl: 'postgres://postgres@127.0.0.1:5432/ogi_temporal',
      temporalVisibilityDatabase: 'ogi_temporal_visibility',
    });
    // The worker and the API it starts inherit the production defaults.
    expect(env.OGI_TEMPORAL_ADDRESS).toBe('127.0.0.1:7433');
    expect(env.OGI_DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/ogi_production');
    const own = {
      OGI_TEMPORAL_MODE: 'production',
      OGI_DATABASE_URL: 'postgres://ogi:secret@db.internal:5433/ogi',
      OGI_TEMPORAL_ADDRESS: '10.0.0.5:7233',
      OGI_TEMPORAL_VISIBILITY_DATABASE: 'temporal_vis',
    };
    expect(loadLauncherConfig(own)).toMatchObject({
      temporalDatabaseUrl: 'postgres://ogi:secret@db.internal:5433/ogi_temporal',
      temporalVisibilityDatabase: 'temporal_vis',
    });
    expect(own.OGI_TEMPORAL_ADDRESS).toBe('10.0.0.5:7233');
    expect(() => loadLauncherConfig({ OGI_TEMPORAL_MODE: 'cloud' })).toThrow(
      'OGI_TEMPORAL_MODE="cloud" must be one of: dev, production, external',
    );
    expect(() =>
      loadLauncherConfig({ OGI_TEMPORAL_MODE: 'production', OGI_TEMPORAL_DATABASE_URL: 'mysql://x/y' }),
    ).toThrow('OGI_TEMPORAL_DATABASE_URL');
  });

  it('reads the stuck-case settings and refuses a threshold below 2 attempts', () => {
    const c = loadConfig({
      OGI_STUCK_ACTIVITY_ATTEMPTS: '5',
      OGI_STUCK_SCAN_INTERVAL_MS: '0',
      OGI_STUCK_SCAN_BATCH: '100',
      OGI_STUCK_STALE_AFTER_MS: '1000',
    });
    expect(c.stuckCases).toEqual({
      activityAttempts: 5,
      scanIntervalMs: 0,
      scanBatch: 100,
      staleAfterMs: 1000,
    });
    expect(() => loadConfig({ OGI_STUCK_ACTIVITY_ATTEMPTS: '1' })).toThrow(
      'OGI_STUCK_ACTIVITY_ATTEMPTS="1" must be a whole number from 2 to 1000',
    );
    expect(() => loadConfig({ OGI_STUCK_SCAN_BATCH: '0' })).toThrow('OGI_STUCK_SCAN_BATCH');
  });

  it("reads the worker's bounds and refuses what the Temporal SDK would silently change", () => {
    expect(loadConfig({}).worker).toEqual({
      maxCachedWorkflows: 1000,
      maxConcurrentWorkflowTasks: 40,
      maxConcurrentActivities: 40,
      databasePoolSize: 10,
    });
    expect(
      loadConfig({
        OGI_WORKER_MAX_CACHED_WORKFLOWS: '0',
        OGI_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '100',
        OGI_WORKER_MAX_CONCURRENT_ACTIVITIES: '8',
        OGI_WORKER_DATABASE_POOL_SIZE: '4',
      }).worker,
    ).toEqual({
      maxCachedWorkflows: 0,
      maxConcurrentWorkflowTasks: 100,
      maxConcurrentActivities: 8,
      databasePoolSize: 4,
    });
    expect(() => loadConfig({ OGI_WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(
      'OGI_WORKER_MAX_CACHED_WORKFLOWS="1" must be 0 (no cache) or at least 2',
    );
    expect(() =>
      loadConfig({ OGI_WORKER_MAX_CACHED_WORKFLOWS: '20', OGI_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '40' }),
    ).toThrow(
      'OGI_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS="40" must not exceed OGI_WORKER_MAX_CACHED_WORKFLOWS="20"',
    );
    expect(() => loadConfig({ OGI_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(
      'OGI_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS="1" must be a whole number from 2 to 10000',
    );
    expect(() => loadConfig({ OGI_WORKER_MAX_CONCURRENT_ACTIVITIES: 'many' })).toThrow(
      'OGI_WORKER_MAX_CONCURRENT_ACTIVITIES="many"',
    );
    expect(() => loadConfig({ OGI_WORKER_DATABASE_POOL_SIZE: '0' })).toThrow(
      'OGI_WORKER_DATABASE_POOL_SIZE="0"',
    );
  });

  it('names every bad variable and its reason', () => {
    let error: unknown;
    try {
      loadConfig({
        OGI_API_PORT: 'eighty',
        OGI_DATABASE_URL: 'mysql://x/y',
        OGI_TEMPORAL_ADDRESS: 'nohost',
        OGI_TEMPORAL_TLS: 'maybe',
        OGI_ACTION_TIMEOUT_MS: '5s',
        OGI_FAILPOINT: 'everywhere',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('OGI_API_PORT="eighty" must be a whole number');
    expect(problems).toContain('OGI_DATABASE_URL');
    expect(problems).toContain('OGI_TEMPORAL_ADDRESS="nohost" must be host:port');
    expect(problems).toContain('OGI_TEMPORAL_TLS="maybe" must be true or false');
    expect(problems).toContain('OGI_ACTION_TIMEOUT_MS="5s" must be a whole number from 100 to 600000');
    expect(problems).toContain('OGI_FAILPOINT="everywhere" must be one of: register-after-commit');
  });

  it('reads TLS for a production cluster and requires cert and key together', () => {
    const c = loadConfig({
      OGI_TEMPORAL_TLS: 'true',
      OGI_TEMPORAL_TLS_CERT: '/c.pem',
      OGI_TEMPORAL_TLS_KEY: '/k.pem',
    });
    expect(c.temporal.tls).toMatchObject({ clientCertPath: '/c.pem', clientKeyPath: '/k.pem' });
    expect(() => loadConfig({ OGI_TEMPORAL_TLS: 'true', OGI_TEMPORAL_TLS_CERT: '/c.pem' })).toThrow(
      /given together/,
    );
  });
});
