/**
 * Issue 10, on the real stack: GET /metrics serves the API's request figures and the worker's Temporal
 * figures in Prometheus text; an X-Request-Id given on a staff action comes back and is in the worker's
 * log line of the activity that action caused; a dead webhook does not stop the e-mail, the webhook's
 * delivery is listed as failed for the admin, and once the receiver is back an admin's retry sends that
 * channel only.
 */
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { type Mailbox, startMailbox } from '../support/mailbox';
import { dateInShanghai } from '../../libs/domain/dates';
import { freePort } from '../../platform/processes';
import { testEnv } from '../support/env';
import {
  type AgencyStaff,
  type Api,
  createAgencyWithStaff,
  eventually,
  registration,
  startApi,
  startStack,
} from '../support/stack';

const SECRET = 'operability-webhook-secret-0123';

describe('operability: metrics, request ids, independent deliveries', () => {
  const hooks: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  let webhookPort: number;
  let webhook: Server | null = null;
  let smtp: Mailbox;
  let mails: Mailbox['mails'];
  let stack: Awaited<ReturnType<typeof startStack>>;
  let root: string;
  let staff: AgencyStaff;
  let api: Api;
  let pg: PgClient;

  beforeAll(async () => {
    // The webhook's port has nothing listening yet: the receiver is down.
    webhookPort = await freePort();
    smtp = await startMailbox();
    mails = smtp.mails;
    const smtpPort = smtp.port;
    const metricsPort = await freePort();
    stack = await startStack({
      workingDayMs: 150,
      env: {
        OGI_LOG_LEVEL: 'info',
        OGI_WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
        OGI_WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/hooks/ogi`,
        OGI_WEBHOOK_SECRET: SECRET,
        OGI_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        OGI_SMTP_FROM: 'OGI Flow <ogi@agency.test>',
      },
    });
    root = stack.api.baseUrl.replace(/\/api$/, '');
    staff = await createAgencyWithStaff(stack.api, '运维测试机关', { notificationEmail: 'ops@agency.test' });
    api = staff.api;
    pg = new PgClient({ connectionString: testEnv().databaseUrl });
    await pg.connect();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await pg?.end();
    await new Promise((resolve) => (webhook ? webhook.close(resolve) : resolve(undefined)));
    await smtp?.close();
  });

  const scrape = async () => {
    const res = await fetch(`${root}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };
  const sample = (text: string, name: string, labels: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  it('GET /metrics: a request counter that increases, durations, and the worker’s workflow-task figures', async () => {
    // A workflow task for the worker to have run.
    const app = await api.ok('/applications', registration({ receivedOn: dateInShanghai(Date.now()) }), 201);
    await api.ok(`/applications/${app.id}/withdraw`, { withdrawnOn: dateInShanghai(Date.now()) });
    const health = 'method="GET",route="/api/health",status="200"';
    const before = sample(await scrape(), 'ogi_http_requests_total', health);
    for (let i = 0; i < 3; i++) expect((await stack.api.get('/health')).status).toBe(200);
    const text = await eventually(
      'the worker’s workflow-task metrics',
      async () => {
        const t = await scrape();
        return /^temporal_workflow_task_execution_latency_bucket\{/m.test(t) ? t : null;
      },
      20_000,
    );
    expect(sample(text, 'ogi_http_requests_total', health)).toBe(before + 3);
    expect(text).toContain('# TYPE ogi_http_requests_total counter');
    expect(text).toContain('# TYPE ogi_http_request_duration_seconds histogram');
    expect(
      sample(text, 'ogi_http_request_duration_seconds_count', 'method="POST",route="/api/applications"'),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^ogi_worker_metrics_up 1$/m);
    expect(text).toMatch(/^temporal_workflow_completed\{/m);
    // Route patterns, not paths: no application id among the labels.
    expect(text).toContain('route="/api/applications/:id/withdraw"');
    expect(text).not.toContain(app.id);
    // Health says the worker's exporter answers.
    expect((await stack.api.get('/health')).body).toMatchObject({ status: 'ok', workerMetrics: 'ok' });
  });

  it('an X-Request-Id comes back and names the worker’s log line of the activity the action caused', async () => {
    const app = await api.ok('/applications', registration({ receivedOn: '2024-03-01' }), 201);
    const requestId = `ops-${randomUUID().slice(0, 8)}`;
    const res = await fetch(`${api.baseUrl}/applications/${app.id}/accept`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.token}`,
        'content-type': 'application/json',
        'x-request-id': requestId,
      },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(requestId);
    const line = await eventually('the activity’s log line with the request id', async () =>
      stack.worker.lines
        .map((l) => {
          try {
            return JSON.parse(l) as Record<string, unknown>;
          } catch {
            return null;
          }
        })
        .find((l) => l?.requestId === requestId && l.activityType === 'recordTransition'),
    );
    expect(line).toMatchObject({ level: 'info', msg: 'activity completed', applicationId: app.id });
    expect(typeof line.time).toBe('string');
    expect(String(line.workflowId)).toMatch(/^application\//);
    // The API's own lines are JSON too, with the request id (its request line is written once the answer
    // has gone, so it may reach this test a moment after the answer).
    const apiLine = await eventually('the API’s request line with the request id', async () =>
      stack.apiProcess.lines
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.requestId === requestId),
    );
    expect(apiLine).toMatchObject({ level: 'info', msg: 'request completed', statusCode: 200 });
    // An unsafe id is replaced by a generated one.
    const bad = await fetch(`${api.baseUrl}/health`, { headers: { 'x-request-id': 'a b<script>' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a dead webhook does not stop the e-mail; the admin retries the webhook alone once it is back', async () => {
    const today = dateInShanghai(Date.now());
    const app = await api.ok('/applications', registration({ receivedOn: today }), 201);
    await api.ok(`/applications/${app.id}/accept`);
    const deliveries = async () =>
      (
        await pg.query<{
          id: string;
          notification_key: string;
          channel: string;
          status: string;
          last_error: string;
        }>(
          `SELECT id, notification_key, channel, status, last_error FROM notification_deliveries
            WHERE application_id = $1 ORDER BY id`,
          [app.id],
        )
      ).rows;
    // The first reminder (5 working days before the deadline, about 2 s in): e-mailed, the webhook failed.
    const first = await eventually(
      'the first reminder e-mailed while its webhook failed',
      async () => {
        const rows = await deliveries();
        const mail = rows.find((r) => r.channel === 'email' && r.status === 'sent');
        const hook =
          mail && rows.find((r) => r.channel === 'webhook' && r.notification_key === mail.notification_key);
        return mail && hook?.status === 'failed'
          ? { key: mail.notification_key, hookId: Number(hook.id) }
          : null;
      },
      30_000,
    );
    await api.ok(`/applications/${app.id}/withdraw`, { withdrawnOn: today });
    expect(mails.filter((m) => m.data.includes(first.key))).toHaveLength(1);
    expect(mails[0].to).toEqual(['ops@agency.test']);

    // The admin sees it among the failed deliveries, with a redacted error.
    const failed = await staff.as.admin.get('/admin/notification-deliveries?status=failed&pageSize=200');
    expect(failed.status).toBe(200);
    const listed = failed.body.items.find((d: { id: number }) => d.id === first.hookId);
    expect(listed).toMatchObject({ channel: 'webhook', status: 'failed', notificationKey: first.key });
    expect(listed.attempts).toBeGreaterThanOrEqual(1);
    expect(listed.lastError).toBeTruthy();
    expect(listed.lastError).not.toContain(SECRET);
    expect((await staff.as.handler.get('/admin/notification-deliveries')).status).toBe(403);
    expect((await staff.as.admin.get('/admin/notification-deliveries?status=lost')).status).toBe(400);

    // The receiver is back; the admin retries: that webhook is sent, the e-mail is not sent again.
    webhook = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        hooks.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook!.listen(webhookPort, '127.0.0.1', resolve));
    // (The worker's own retry of the activity may be sending it at that moment: then 409, and again.)
    const retried = await eventually('the retried webhook sent', async () => {
      const r = await staff.as.admin.post(`/admin/notification-deliveries/${first.hookId}/retry`);
      if (r.status !== 200 && r.status !== 409)
        throw new Error(`retry → ${r.status}: ${JSON.stringify(r.body)}`);
      return r.status === 200 ? r : null;
    });
    expect(retried.body).toMatchObject({
      id: first.hookId,
      channel: 'webhook',
      status: 'sent',
      lastError: null,
    });
    // Idempotent: again, nothing is sent.
    const again = await staff.as.admin.post(`/admin/notification-deliveries/${first.hookId}/retry`);
    expect(again.body.status).toBe('sent');
    await new Promise((r) => setTimeout(r, 1500));
    expect(hooks.filter((h) => h.headers['x-ogi-delivery'] === first.key)).toHaveLength(1);
    expect(mails.filter((m) => m.data.includes(first.key))).toHaveLength(1);
    const rows = await deliveries();
    expect(
      rows
        .filter((r) => r.notification_key === first.key)
        .map((r) => [r.channel, r.status])
        .sort(),
    ).toEqual([
      ['email', 'sent'],
      ['webhook', 'sent'],
    ]);
    // Another agency's admin does not see it.
    const other = await createAgencyWithStaff(stack.api, '另一机关');
    expect((await other.as.admin.post(`/admin/notification-deliveries/${first.hookId}/retry`)).status).toBe(
      404,
    );
  });

  it('OGI_METRICS_TOKEN: /metrics wants the bearer token; the worker unreachable is ogi_worker_metrics_up 0', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const deadPort = await freePort();
    const { api: guarded, process: p } = await startApi(stack.taskQueue, {
      env: { OGI_METRICS_TOKEN: token, OGI_WORKER_METRICS_ADDRESS: `127.0.0.1:${deadPort}` },
    });
    try {
      const base = guarded.baseUrl.replace(/\/api$/, '');
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      expect(
        (await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } }))
          .status,
      ).toBe(401);
      const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      const text = await ok.text();
      expect(text).toMatch(/^ogi_worker_metrics_up 0$/m);
      expect(text).not.toMatch(/^temporal_/m);
      expect((await guarded.get('/health')).body).toMatchObject({
        status: 'ok',
        workerMetrics: 'unreachable',
      });
    } finally {
      await p.stop(5000);
    }
  });
});
