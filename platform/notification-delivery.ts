/**
 * Issue 10: delivering a stored notification, one channel at a time. Each channel (the signed webhook,
 * the e-mail to the agency's address) is a row of `notification_deliveries`, unique per notification key
 * and channel: a channel once sent is never sent again (a retried activity, a replayed workflow, an
 * admin's retry all find the row), and a channel that fails does not touch the other. The worker's
 * `deliverNotification` activity and the admin API's retry both come here.
 */
import { createHmac } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { sendMail } from './mail';
import type { NotificationConfig } from './config';

export type DeliveryChannel = 'webhook' | 'email';
export const DELIVERY_CHANNELS: readonly DeliveryChannel[] = ['webhook', 'email'];

export interface StoredNotification {
  key: string;
  kind: string;
  agency_id: string | null;
  agency_code: string | null;
  application_id: string | null;
  audience_role: string;
  title: string;
  body: string;
  due_on: string | null;
  offset_working_days: number | null;
  escalated: boolean;
  created_at: Date;
  notification_email: string | null;
}

export interface ChannelResult {
  channel: DeliveryChannel;
  /** `in_progress`: another attempt is sending it at this moment (nothing was sent by this one). */
  status: 'sent' | 'failed' | 'in_progress';
  /** True when the channel had been sent before: nothing was sent this time. */
  alreadySent: boolean;
  error: string | null;
}

export function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export async function loadNotification(db: DataSource, key: string): Promise<StoredNotification | null> {
  const [n] = (await db.query(
    `SELECT n.key, n.kind, n.agency_id, a.code AS agency_code, n.application_id, n.audience_role, n.title,
            n.body, n.due_on::text AS due_on, n.offset_working_days, n.escalated, n.created_at,
            a.notification_email
       FROM notifications n LEFT JOIN agencies a ON a.id = n.agency_id WHERE n.key = $1`,
    [key],
  )) as StoredNotification[];
  return n ?? null;
}

/** Which channels this installation sends the notification by (e-mail only to an agency with an address). */
export function channelsFor(config: NotificationConfig, n: StoredNotification): DeliveryChannel[] {
  const channels: DeliveryChannel[] = [];
  if (config.webhookUrl && config.webhookSecret) channels.push('webhook');
  if (config.smtpUrl && n.notification_email) channels.push('email');
  return channels;
}

/**
 * An error as it may be stored and shown: URL credentials, query strings and the configured secrets
 * removed, at most 500 characters.
 */
export function redactError(err: unknown, config: NotificationConfig): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e && depth < 3; depth++) {
    parts.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? (e as Error & { cause?: unknown }).cause : undefined;
  }
  let text = parts.filter(Boolean).join(': ');
  const secrets = [config.webhookSecret, passwordOf(config.smtpUrl), userOf(config.smtpUrl)].filter(
    (s): s is string => Boolean(s && s.length >= 4),
  );
  for (const s of secrets) text = text.split(s).join('***');
  text = text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@')
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#]*)\?[^\s#]*/gi, '$1?***');
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

function passwordOf(url: string | null): string | null {
  try {
    return url ? decodeURIComponent(new URL(url).password) || null : null;
  } catch {
    return null;
  }
}

function userOf(url: string | null): string | null {
  try {
    return url ? decodeURIComponent(new URL(url).username) || null : null;
  } catch {
    return null;
  }
}

/**
 * Sends one channel of a notification unless it was sent before, recording the attempt and its outcome
 * in `notification_deliveries`. A sending error is the channel's result (`failed`, the redacted error);
 * a database error is thrown.
 */
export async function deliverChannel(
  db: DataSource,
  config: NotificationConfig,
  n: StoredNotification,
  channel: DeliveryChannel,
  /**
   * Who sends: the same for every attempt of one activity (its next attempt may take over a send its
   * crashed predecessor left pending), another for each admin retry.
   */
  sender: string,
  requestId: string | null = null,
): Promise<ChannelResult> {
  await db.query(
    `INSERT INTO notification_deliveries (notification_key, application_id, agency_id, channel, request_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (notification_key, channel) DO NOTHING`,
    [n.key, n.application_id, n.agency_id, channel, requestId],
  );
  // Claim the channel: a new or failed delivery, one this sender left pending (a crashed attempt of the
  // same activity), or one left pending for 5 minutes. Of two senders at once (an activity's retry, an
  // admin's retry) one claims it; the other sends nothing.
  const claimed: unknown[] = await db.query(
    // (A CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].)
    `WITH c AS (
       UPDATE notification_deliveries
          SET status = 'pending', attempts = attempts + 1, updated_at = now(), request_id = coalesce($3, request_id),
              claimed_by = $4
        WHERE notification_key = $1 AND channel = $2
          AND (status = 'failed'
               OR (status = 'pending'
                   AND (attempts = 0 OR claimed_by = $4 OR updated_at < now() - interval '5 minutes')))
        RETURNING id)
     SELECT id FROM c`,
    [n.key, channel, requestId, sender],
  );
  if (!claimed.length) {
    const [row] = (await db.query(
      `SELECT status FROM notification_deliveries WHERE notification_key = $1 AND channel = $2`,
      [n.key, channel],
    )) as Array<{ status: string }>;
    return row?.status === 'sent'
      ? { channel, status: 'sent', alreadySent: true, error: null }
      : { channel, status: 'in_progress', alreadySent: false, error: 'being sent by another attempt' };
  }
  if (channel === 'webhook')
    await db.query(`UPDATE notifications SET webhook_attempts = webhook_attempts + 1 WHERE key = $1`, [
      n.key,
    ]);
  try {
    if (channel === 'webhook') await sendWebhook(config, n);
    else await sendEmail(config, n);
  } catch (err) {
    const error = redactError(err, config);
    await db.query(
      `UPDATE notification_deliveries SET status = 'failed', last_error = $3, updated_at = now()
        WHERE notification_key = $1 AND channel = $2 AND status = 'pending'`,
      [n.key, channel, error],
    );
    return { channel, status: 'failed', alreadySent: false, error };
  }
  // One statement: the delivery and the notification's own summary column (as before issue 10).
  await db.query(
    `WITH d AS (
       UPDATE notification_deliveries SET status = 'sent', last_error = NULL, sent_at = now(), updated_at = now()
        WHERE notification_key = $1 AND channel = $2 RETURNING notification_key)
     UPDATE notifications SET ${channel === 'webhook' ? `webhook_status = 'delivered'` : `email_status = 'sent'`}
      WHERE key IN (SELECT notification_key FROM d)`,
    [n.key, channel],
  );
  return { channel, status: 'sent', alreadySent: false, error: null };
}

async function sendWebhook(config: NotificationConfig, n: StoredNotification): Promise<void> {
  if (!config.webhookUrl || !config.webhookSecret) throw new Error('webhook not configured');
  const message = {
    key: n.key,
    kind: n.kind,
    agencyId: n.agency_id,
    agencyCode: n.agency_code,
    applicationId: n.application_id,
    audienceRole: n.audience_role,
    title: n.title,
    body: n.body,
    dueOn: n.due_on,
    offsetWorkingDays: n.offset_working_days,
    escalated: n.escalated,
    createdAt: new Date(n.created_at).toISOString(),
  };
  const body = JSON.stringify(message);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const res = await fetch(config.webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-ogi-event': String(n.kind),
      'x-ogi-delivery': String(n.key),
      'x-ogi-timestamp': timestamp,
      'x-ogi-signature': signWebhookBody(config.webhookSecret, timestamp, body),
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`webhook answered ${res.status}`);
}

async function sendEmail(config: NotificationConfig, n: StoredNotification): Promise<void> {
  if (!config.smtpUrl) throw new Error('SMTP not configured');
  if (!n.notification_email) throw new Error('the agency has no notification e-mail address');
  await sendMail(config, {
    to: n.notification_email,
    subject: n.title,
    text: `${n.body}\n\n（OGI Flow 自动提醒，编号 ${n.key}）`,
    headers: { 'X-OGI-Delivery': n.key },
  });
}
