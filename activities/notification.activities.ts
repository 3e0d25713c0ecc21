/**
 * Notification activities. `recordNotification` stores an in-app notification once per key (a retry or
 * a replay stores nothing twice). `deliverNotification` sends a stored one by webhook (signed) and, when
 * SMTP is configured and the agency has an address, by e-mail: each channel a delivery of its own
 * (platform/notification-delivery.ts), so a retry only repeats what failed. A database error that retrying cannot fix fails the activity for
 * good (`InvalidRecord`, see db-errors.ts); webhook, e-mail and other database errors are retried.
 */
import { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { NotificationConfig } from '../platform/config';
import { loadEffectiveCalendar } from '../platform/database/repositories/calendar.repository';
import { dateInShanghai, yearOf } from '../libs/domain/dates';
import { withDatabaseErrors } from './db-errors';
import { channelsFor, deliverChannel, loadNotification } from '../platform/notification-delivery';
import { requestContext } from '../platform/logging';

export { signWebhookBody } from '../platform/notification-delivery';

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

  /**
   * Issue 10: every channel is delivered on its own (at the same time), each recorded in
   * `notification_deliveries`: a dead webhook neither stops nor delays the e-mail. When a channel
   * failed the activity fails, so Temporal retries it (a bounded number of times); a retry sends only
   * what has not been sent. What is still failed after that is listed for admins, who can retry it.
   */
  async function deliverNotification(key: string): Promise<void> {
    const n = await loadNotification(db, key);
    if (!n) return;
    if (config.smtpUrl && !n.notification_email) {
      await db.query(
        `UPDATE notifications SET email_status = 'no_address' WHERE key = $1 AND email_status <> 'sent'`,
        [key],
      );
    }
    const requestId = requestContext.getStore()?.requestId ?? null;
    const sender = activitySender(key);
    const results = await Promise.all(
      channelsFor(config, n).map((c) => deliverChannel(db, config, n, c, sender, requestId)),
    );
    const failed = results.filter((r) => r.status === 'failed');
    if (failed.length) {
      throw new Error(
        `notification ${key}: ${failed.map((r) => `${r.channel} failed (${r.error})`).join('; ')}`,
      );
    }
  }
}

/** The same for every attempt of one activity: its workflow and activity id. */
function activitySender(key: string): string {
  try {
    const info = Context.current().info;
    return `activity:${info.workflowExecution?.workflowId ?? key}:${info.activityId}`;
  } catch {
    return `activity:${key}`;
  }
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
