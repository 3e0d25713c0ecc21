/**
 * Deadline reminders from durable timers, with a working day shrunk to 150 ms: they fire in order
 * (5 and 1 working days before, on the day, then every working day overdue, escalated), are stored once
 * each, are POSTed to a webhook with a valid signature, and none is repeated after the worker is killed
 * with SIGKILL and a new one takes over.
 */
import { createHmac } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import { Client as PgClient } from 'pg';
import { type Mailbox, startMailbox } from '../support/mailbox';
import { dateInShanghai } from '../../libs/domain/dates';
import { freePort } from '../../platform/processes';
import { testEnv } from '../support/env';
import {
  type Api,
  createAgencyWithStaff,
  eventually,
  registration,
  startApi,
  startWorker,
} from '../support/stack';

const SECRET = 'test-webhook-secret-0123456789';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('deadline reminders', () => {
  const taskQueue = `reminders-${Date.now()}`;
  const deliveries: Delivery[] = [];
  let server: Server;
  let smtp: Mailbox;
  let mails: Mailbox['mails'];
  let api: Api;
  let pg: PgClient;
  let env: Record<string, string>;
  const stops: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    const port = await freePort();
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    // A local SMTP server stands for the agency's mail server.
    smtp = await startMailbox();
    mails = smtp.mails;
    const smtpPort = smtp.port;
    env = {
      OGI_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/ogi`,
      OGI_WEBHOOK_SECRET: SECRET,
      OGI_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      OGI_SMTP_FROM: 'OGI Flow <ogi@agency.test>',
    };
    const worker = await startWorker(taskQueue, { workingDayMs: 150, env });
    stops.push(() => worker.stop(5000));
    (globalThis as Record<string, unknown>).__firstWorker = worker;
    const started = await startApi(taskQueue, { workingDayMs: 150, env });
    api = started.api;
    stops.push(() => started.process.stop(5000));
    pg = new PgClient({ connectionString: testEnv().databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await pg?.end();
    await new Promise((resolve) => server?.close(resolve));
    await smtp?.close();
  });

  it('fire in order, once each, signed, across a worker killed mid-way', async () => {
    const staff = await createAgencyWithStaff(api, '提醒测试机关', {
      notificationEmail: 'gongkai@agency.test',
    });
    api = staff.api;
    const today = dateInShanghai(Date.now());
    const app = await api.ok('/applications', registration({ receivedOn: today }), 201);
    await api.ok(`/applications/${app.id}/accept`);
    const reminders = async () =>
      (
        await pg.query<{
          key: string;
          offset_working_days: number;
          escalated: boolean;
          audience_role: string;
          title: string;
          due_on: string;
        }>(
          `SELECT key, offset_working_days, escalated, audience_role, title, due_on::text FROM notifications
            WHERE application_id = $1 ORDER BY id`,
          [app.id],
        )
      ).rows;

    // 5 working days before the deadline, then 1 before: about 2.1 s and 2.7 s after registration.
    await eventually(
      'two reminders before the deadline',
      async () => (await reminders()).length >= 2,
      30_000,
    );
    const first = (globalThis as Record<string, unknown>).__firstWorker as {
      child: { kill(s: string): boolean };
      exited: Promise<unknown>;
    };
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const beforeRestart = (await reminders()).length;
    await new Promise((r) => setTimeout(r, 500));
    const second = await startWorker(taskQueue, { workingDayMs: 150, env });
    stops.push(() => second.stop(5000));

    await eventually(
      'overdue reminders after the restart',
      async () => {
        const rows = await reminders();
        return rows.length > beforeRestart && rows.at(-1)!.offset_working_days >= 3;
      },
      30_000,
    );
    await api.ok(`/applications/${app.id}/withdraw`, { withdrawnOn: today });

    const rows = await reminders();
    const offsets = rows.map((r) => r.offset_working_days);
    expect(offsets.slice(0, 2)).toEqual([-5, -1]);
    for (let i = 1; i < offsets.length; i++) expect(offsets[i]).toBeGreaterThan(offsets[i - 1]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.key).toBe(`${app.id}:reply:${r.due_on}:${r.offset_working_days}`);
      expect(r.escalated).toBe(r.offset_working_days > 0);
      expect(r.audience_role).toBe(r.offset_working_days > 0 ? 'reviewer' : 'handler');
    }
    expect(rows[0].title).toContain('还有5个工作日');
    expect(rows.find((r) => r.offset_working_days > 0)!.title).toContain('【逾期】');

    // A receiver has a reminder before the worker records the outcome: wait for the record of each.
    const recordedFor = (column: 'webhook_status' | 'email_status', status: string, count: number) =>
      eventually(
        `${column} = ${status} recorded`,
        async () =>
          (
            await pg.query(
              `SELECT count(*)::int AS n FROM notifications WHERE application_id = $1 AND ${column} = $2`,
              [app.id, status],
            )
          ).rows[0].n === count,
        30_000,
      );

    // Every stored reminder reaches the webhook, signed with the shared secret.
    const keys = rows.map((r) => r.key);
    await eventually(
      'webhook deliveries',
      async () => keys.every((k) => deliveries.some((d) => d.headers['x-ogi-delivery'] === k)),
      30_000,
    );
    for (const d of deliveries) {
      const expected = createHmac('sha256', SECRET)
        .update(`${d.headers['x-ogi-timestamp']}.${d.body}`)
        .digest('hex');
      expect(d.headers['x-ogi-signature']).toBe(`sha256=${expected}`);
      expect(JSON.parse(d.body).key).toBe(d.headers['x-ogi-delivery']);
    }
    await recordedFor('webhook_status', 'delivered', rows.length);

    // E-mail to the agency's address, once per reminder.
    await eventually('e-mails', async () => keys.every((k) => mails.some((m) => m.data.includes(k))), 30_000);
    for (const m of mails) expect(m.to).toEqual(['gongkai@agency.test']);
    await recordedFor('email_status', 'sent', rows.length);

    // In-app: the notifications API lists them for the agency, newest first.
    const listed = await api.get(`/notifications?applicationId=${app.id}&pageSize=200`);
    expect(listed.body.total).toBe(rows.length);
    const read = await api.post(`/notifications/${listed.body.items[0].id}/read`);
    expect(read.status).toBe(200);
    const unread = await api.get(`/notifications?applicationId=${app.id}&unread=true&pageSize=200`);
    expect(unread.body.total).toBe(rows.length - 1);
  });
});
