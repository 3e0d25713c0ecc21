/**
 * Notification activities. `recordNotification` stores an in-app notification once per key (a retry or
 * a replay stores nothing twice). `deliverNotification` sends a stored one by webhook (signed) and, when
 * SMTP is configured and the agency has an address, by e-mail; each channel is marked when it succeeded,
 * so a retry only repeats what failed. A database error that retrying cannot fix fails the activity for
 * good (`InvalidRecord`, see db-errors.ts); webhook, e-mail and other database errors are retried.
 */
import { createHmac } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createTransport } from 'nodemailer';
import type { NotificationConfig } from '../platform/config';
import { loadEffectiveCalendar } from '../platform/calendar-store';
import { dateInShanghai, yearOf } from '../libs/domain/dates';
import { withDatabaseErrors } from './db-errors';

export interface NotificationInput {
  key: string;
  kind: string;
  agencyId: string | null;
  applicationId: string | null;
  audienceRole: string;
  title: string;
  body: string;
  dueOn?: string | null;
  offset?: number | null;
  escalated?: boolean;
  day?: string | null;
}

export function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function createNotificationActivities(db: DataSource, config: NotificationConfig) {
  const activities = {
    /** Stores the notification; true when it is new. */
    async recordNotification(n: NotificationInput): Promise<boolean> {
      return withDatabaseErrors(() => recordNotification(n));
    },

    /**
     * From 1 November, when next year's holiday arrangement is missing, stores a notification for admins
     * (one per day). Returns the missing year, or null.
     */
    async checkCalendarCoverage(today: string = dateInShanghai(Date.now())): Promise<number | null> {
      return withDatabaseErrors(() => checkCalendarCoverage(today));
    },

    async deliverNotification(key: string): Promise<void> {
      return withDatabaseErrors(() => deliverNotification(key));
    },
  };
  return activities;

  /** Stores the notification; true when it is new. */
  async function recordNotification(n: NotificationInput): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `INSERT INTO notifications (key, kind, agency_id, application_id, audience_role, title, body, due_on,
           offset_working_days, escalated, payload, webhook_status, email_status)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
         ON CONFLICT (key) DO NOTHING RETURNING id`,
      [
        n.key,
        n.kind,
        n.agencyId,
        n.applicationId,
        n.audienceRole,
        n.title,
        n.body,
        n.dueOn ?? null,
        n.offset ?? null,
        n.escalated ?? false,
        JSON.stringify({ day: n.day ?? null }),
        config.webhookUrl ? 'pending' : 'none',
        config.smtpUrl ? 'pending' : 'none',
      ],
    );
    return rows.length > 0;
  }

  async function checkCalendarCoverage(today: string): Promise<number | null> {
    const nextYear = yearOf(today) + 1;
    if (today.slice(5) < '11-01') return null;
    const calendar = await loadEffectiveCalendar(db);
    if (calendar.arrangements.some((a) => a.year === nextYear)) return null;
    await db.query(
      `INSERT INTO notifications (key, kind, agency_id, application_id, audience_role, title, body)
         VALUES ($1, 'calendar_missing', NULL, NULL, 'admin', $2, $3) ON CONFLICT (key) DO NOTHING`,
      [
        `calendar:${nextYear}:missing:${today}`,
        `【节假日安排】请录入 ${nextYear} 年节假日安排`,
        `${nextYear} 年的节假日安排尚未录入。跨入 ${nextYear} 年的期限目前按周末计算并标为“暂定”；国务院办公厅通知发布后，请管理员在“工作日历”中录入，系统将重新计算所有未办结申请的期限。`,
      ],
    );
    return nextYear;
  }

  async function deliverNotification(key: string): Promise<void> {
    const [n] = (await db.query(
      `SELECT n.*, a.notification_email, a.code AS agency_code FROM notifications n
           LEFT JOIN agencies a ON a.id = n.agency_id WHERE n.key = $1`,
      [key],
    )) as Array<Record<string, unknown>>;
    if (!n) return;
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
      createdAt: (n.created_at as Date).toISOString(),
    };
    if (config.webhookUrl && config.webhookSecret && n.webhook_status !== 'delivered') {
      const body = JSON.stringify(message);
      const timestamp = String(Math.floor(Date.now() / 1000));
      await db.query(`UPDATE notifications SET webhook_attempts = webhook_attempts + 1 WHERE key = $1`, [
        key,
      ]);
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
      await db.query(`UPDATE notifications SET webhook_status = 'delivered' WHERE key = $1`, [key]);
    }
    if (config.smtpUrl && n.email_status !== 'sent') {
      if (!n.notification_email) {
        await db.query(`UPDATE notifications SET email_status = 'no_address' WHERE key = $1`, [key]);
      } else {
        const transport = createTransport(config.smtpUrl);
        try {
          await transport.sendMail({
            from: config.smtpFrom,
            to: String(n.notification_email),
            subject: String(n.title),
            text: `${n.body}\n\n（OGI Flow 自动提醒，编号 ${n.key}）`,
            headers: { 'X-OGI-Delivery': String(n.key) },
          });
        } finally {
          transport.close();
        }
        await db.query(`UPDATE notifications SET email_status = 'sent' WHERE key = $1`, [key]);
      }
    }
  }
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
