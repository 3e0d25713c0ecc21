/**
 * Issue 10, safe defaults, on a database of its own (the limits count per address, and every test API
 * signs in from 127.0.0.1): sign-in throttled per account and per address (OGI_TRUST_PROXY on, so each
 * X-Forwarded-For is a client address), unknown user and wrong password indistinguishable, idle sessions
 * ending, security headers, demo accounts only while the demo is on, and no connection string password
 * or ID number in an error body or a log.
 */
import { createHash, randomBytes, scryptSync } from 'node:crypto';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import type { Browser } from 'playwright-core';
import { type AgencyStaff, type Api, createAgencyWithStaff, registration, startApi } from '../support/stack';
import { DIST, testEnv } from '../support/env';
import { consoleOrigin, launchChromium } from '../support/browser';
import { dropDatabase, migrate, recreateDatabase } from '../../platform/database/data-source';
import { DEMO_ACCOUNTS, ensureAgency, ensureStaffAccount } from '../../platform/staff';
import { startProcess } from '../../platform/processes';
import { REDACTED_ID_NUMBER } from '../../platform/redact';

const PER_ACCOUNT = 5;
const PER_ADDRESS = 8;
const IDLE_SECONDS = 6;
const SECRET = 'Sup3rSecretPw';
const ID_NUMBER = '110101199003074512';

interface Answer {
  status: number;
  body: any;
  headers: Headers;
  ms: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

describe('safe defaults: throttled sign-in, idle sessions, headers, redaction', () => {
  // The password is ignored by the trust authentication of the test server, but must never be shown.
  const databaseUrl = `${testEnv().databaseUrl}_hardening`.replace(
    'postgres://postgres@',
    `postgres://postgres:${SECRET}@`,
  );
  const taskQueue = `hardening-${Date.now()}`;
  const stops: Array<() => Promise<unknown>> = [];
  let api: Api;
  let apiLog: string[];
  let staff: AgencyStaff;
  let pg: PgClient;
  let addressCounter = 0;
  const freshAddress = () => `10.77.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}`;

  async function signIn(username: string, password: string, address: string, base = api): Promise<Answer> {
    const started = performance.now();
    const res = await fetch(`${base.baseUrl}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ username, password }),
    });
    const body = await res.json();
    return { status: res.status, body, headers: res.headers, ms: performance.now() - started };
  }

  beforeAll(async () => {
    await recreateDatabase(databaseUrl);
    await migrate(databaseUrl);
    pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
    const started = await startApi(taskQueue, {
      env: {
        OGI_DATABASE_URL: databaseUrl,
        OGI_TRUST_PROXY: 'true',
        OGI_SIGN_IN_MAX_FAILURES_PER_ACCOUNT: String(PER_ACCOUNT),
        OGI_SIGN_IN_MAX_FAILURES_PER_ADDRESS: String(PER_ADDRESS),
        OGI_SESSION_IDLE_SECONDS: String(IDLE_SECONDS),
        OGI_DEMO_AGENCY: 'true',
        OGI_LOG_LEVEL: 'info',
      },
    });
    stops.push(() => started.process.stop(5000));
    api = started.api;
    apiLog = started.process.lines;
    staff = await createAgencyWithStaff(api, '安全默认测试机关', { databaseUrl });
  });

  afterAll(async () => {
    await pg?.end().catch(() => undefined);
    for (const stop of stops.reverse()) await stop();
    await dropDatabase(databaseUrl).catch(() => undefined);
  });

  it('throttles an account after its failures, from every address, and only that account', async () => {
    const victim = staff.usernames.registrar;
    const a = freshAddress();
    for (let i = 0; i < PER_ACCOUNT; i++) {
      expect((await signIn(victim, `wrong-${i}`, a)).status).toBe(401);
    }
    const refused = await signIn(victim, 'wrong-again', a);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'SIGN_IN_THROTTLED' });
    expect(refused.body.message).toMatch(/登录失败次数过多，请 \d+ 分钟后再试/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // The right password does not help while the account is throttled, nor does another address.
    expect((await signIn(victim, staff.password, a)).status).toBe(429);
    expect((await signIn(victim, staff.password, freshAddress())).status).toBe(429);
    // Another account, from the same address (5 failures < 8) or another, signs in.
    expect((await signIn(staff.usernames.handler, staff.password, a)).status).toBe(200);
    expect((await signIn(staff.usernames.reviewer, staff.password, freshAddress())).status).toBe(200);
    // A throttled attempt is not a failure: the account's count stays at the limit.
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM sign_in_attempts WHERE username = $1`, [
      victim,
    ]);
    expect(rows[0].n).toBe(PER_ACCOUNT);
  });

  it('throttles an address after its failures over any usernames, and only that address', async () => {
    const c = freshAddress();
    for (let i = 0; i < PER_ADDRESS; i++) {
      expect((await signIn(`nobody-${i}`, 'guess', c)).status).toBe(401);
    }
    const refused = await signIn(staff.usernames.admin, staff.password, c);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signIn(staff.usernames.admin, staff.password, freshAddress())).status).toBe(200);
  });

  it('answers an unknown user exactly as a wrong password, in comparable time', async () => {
    const known = [staff.usernames.admin, staff.usernames.all, staff.usernames.handler];
    const unknown: Answer[] = [];
    const wrong: Answer[] = [];
    for (let i = 0; i < 9; i++) {
      unknown.push(await signIn(`unknown-person-${i}`, 'not-the-password', freshAddress()));
      wrong.push(await signIn(known[i % known.length], 'not-the-password', freshAddress()));
    }
    for (const res of [...unknown, ...wrong]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: '用户名或密码不正确' });
    }
    const [mu, mw] = [median(unknown.map((r) => r.ms)), median(wrong.map((r) => r.ms))];
    process.stdout.write(
      `[hardening] sign-in medians: unknown user ${mu.toFixed(0)} ms, wrong password ${mw.toFixed(0)} ms\n`,
    );
    expect(mu / mw).toBeGreaterThan(1 / 3);
    expect(mu / mw).toBeLessThan(3);
  });

  it('upgrades a hash with the old scrypt parameters at the next successful sign-in', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('old-password-1', salt, 64, { N: 32768, r: 8, p: 1, maxmem: 256 * 32768 * 8 });
    const legacy = ['scrypt', 32768, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    await pg.query(
      `INSERT INTO users (agency_id, username, display_name, password_hash, roles)
       VALUES ($1, 'legacy-user', '旧账户', $2, '{registrar}')`,
      [staff.agency.id, legacy],
    );
    expect((await signIn('legacy-user', 'old-password-2', freshAddress())).status).toBe(401);
    const hashOf = async () =>
      (await pg.query(`SELECT password_hash FROM users WHERE username = 'legacy-user'`)).rows[0]
        .password_hash as string;
    expect(await hashOf()).toBe(legacy); // a failure changes nothing
    expect((await signIn('legacy-user', 'old-password-1', freshAddress())).status).toBe(200);
    const upgraded = await hashOf();
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await signIn('legacy-user', 'old-password-1', freshAddress())).status).toBe(200);
  });

  it('ends a session after the idle period, and purges it', async () => {
    const res = await signIn(staff.usernames.all, staff.password, freshAddress());
    expect(res.status).toBe(200);
    const session = api.withToken(res.body.token);
    const hash = createHash('sha256').update(res.body.token).digest('hex');
    // Used every 2 s, it stays alive past the idle period.
    for (let i = 0; i < 5; i++) {
      expect((await session.get('/auth/me')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 2000));
    }
    await new Promise((r) => setTimeout(r, (IDLE_SECONDS + 1) * 1000));
    const expired = await session.get('/auth/me');
    expect(expired.status).toBe(401);
    expect(expired.body.message).toBe('登录已失效，请重新登录');
    await new Promise((r) => setTimeout(r, 4000)); // the sweeper runs every IDLE/2 s
    const { rows } = await pg.query(`SELECT 1 FROM sessions WHERE token_hash = $1`, [hash]);
    expect(rows).toHaveLength(0);
  }, 60_000);

  it('sends security headers on the API and the console', async () => {
    const health = await fetch(`${api.baseUrl}/health`);
    expect(health.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(health.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('x-frame-options')).toBe('DENY');
    expect(health.headers.get('referrer-policy')).toBe('no-referrer');
    expect(health.headers.get('cache-control')).toBe('no-store');
    const page = await fetch(`${consoleOrigin(api)}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("script-src 'self' 'unsafe");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('never shows the connection string or an ID number in a 500 or in the log', async () => {
    // The registration's insert fails (its table renamed): a 500 whose query carried the ID number.
    const clerk = api.withToken(
      (await signIn(staff.usernames.all, staff.password, freshAddress())).body.token as string,
    );
    await pg.query(`ALTER TABLE applications RENAME TO applications_hidden`);
    let failed;
    try {
      failed = await clerk.post('/applications', registration({ applicantIdNumber: ID_NUMBER }));
    } finally {
      await pg.query(`ALTER TABLE applications_hidden RENAME TO applications`);
    }
    expect(failed.status).toBe(500);
    const body = JSON.stringify(failed.body);
    expect(body).not.toContain(SECRET);
    expect(body).not.toContain('postgres://');
    expect(body).not.toContain(ID_NUMBER);
    expect((await clerk.get('/auth/me')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    const log = apiLog.join('\n');
    expect(log).toContain(`query failed: INSERT INTO applications`); // the failure was logged …
    expect(log).toContain(REDACTED_ID_NUMBER);
    expect(log).not.toContain(ID_NUMBER); // … without the ID number
    expect(log).not.toContain(SECRET);
    expect(log).not.toMatch(/scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]{8,}/);
  });

  it('an API that cannot reach its database does not print the password', async () => {
    const lines: string[] = [];
    const p = startProcess({
      name: 'api-unreachable',
      command: process.execPath,
      args: [join(DIST, 'apps/api/src/main.js')],
      env: {
        OGI_DATABASE_URL: `postgres://postgres:${SECRET}@127.0.0.1:1/ogi_nowhere`,
        OGI_TEMPORAL_ADDRESS: testEnv().temporalAddress,
        OGI_API_PORT: '0',
        OGI_LOG_LEVEL: 'info',
      },
      onLine: (l) => lines.push(l),
    });
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      p.exited,
      new Promise((r) => (timer = setTimeout(() => r('still running'), 30_000))),
    ]);
    clearTimeout(timer);
    if (result === 'still running') await p.stop(2000);
    const out = lines.join('\n');
    expect(out).toMatch(/ECONNREFUSED|connect/i);
    expect(out).not.toContain(SECRET);
  }, 45_000);

  describe('demo accounts', () => {
    let browser: Browser | null = null;

    beforeAll(async () => {
      const agency = await ensureAgency(pg, { code: 'demo', name: '示例县人民政府办公室' });
      for (const account of DEMO_ACCOUNTS) await ensureStaffAccount(pg, agency.id, account);
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('are listed on the sign-in page while the demo is on, and sign in', async () => {
      const options = await api.get('/auth/sign-in-options');
      expect(options.status).toBe(200);
      expect(options.body.demo).toBe(true);
      expect(options.body.demoAccounts.map((a: { username: string }) => a.username)).toEqual(
        DEMO_ACCOUNTS.map((a) => a.username),
      );
      expect((await signIn('dengji', 'demo-dengji', freshAddress())).status).toBe(200);

      const context = await browser!.newContext({ locale: 'zh-CN' });
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(`${consoleOrigin(api)}/`);
      await page.waitForSelector('[data-testid=demo-notice]');
      await page.reload(); // a revalidated page (304) keeps the page policy
      const notice = await page.waitForSelector('[data-testid=demo-notice]');
      const text = await notice.innerText();
      expect(text).toContain('演示模式：以下演示账户仅供体验，生产环境不会创建');
      for (const a of DEMO_ACCOUNTS) expect(text).toContain(a.username);
      // The console works under its CSP: signing in reaches the inbox.
      await page.fill('input[name=username]', staff.usernames.all);
      await page.fill('input[name=password]', staff.password);
      await page.click('button:has-text("登录")');
      await page.waitForSelector('header nav');
      expect(violations).toEqual([]);
      await context.close();
    });

    it('are off, and their published passwords refused, when the demo is off', async () => {
      const off = await startApi(`${taskQueue}-off`, {
        env: { OGI_DATABASE_URL: databaseUrl, OGI_TRUST_PROXY: 'true', OGI_DEMO_AGENCY: 'false' },
      });
      stops.push(() => off.process.stop(5000));
      const options = await off.api.get('/auth/sign-in-options');
      expect(options.body).toEqual({ demo: false, demoAccounts: [] });
      const refused = await signIn('dengji', 'demo-dengji', freshAddress(), off.api);
      expect(refused.status).toBe(401);
      expect(refused.body.message).toBe('用户名或密码不正确');
      expect((await signIn(staff.usernames.admin, staff.password, freshAddress(), off.api)).status).toBe(200);

      const context = await browser!.newContext({ locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto(`${consoleOrigin(off.api)}/`);
      await page.waitForSelector('input[name=username]');
      await page.waitForTimeout(1000);
      expect(await page.$('[data-testid=demo-notice]')).toBeNull();
      await context.close();
    });
  });
});
