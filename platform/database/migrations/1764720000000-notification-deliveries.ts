import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: each channel of a notification (webhook, e-mail) is a delivery of its own, so a dead webhook
 * neither stops nor delays the e-mail and a retry repeats only the channel that failed. One row per
 * notification key and channel (a retried activity or an admin's retry finds the row it wrote); the
 * last error is stored redacted (no URL credentials, no secrets). `claimed_by` names who is sending it
 * (an activity, across its attempts, or an admin's retry) so two senders never send at once.
 */
export class NotificationDeliveries1764720000000 implements MigrationInterface {
  name = 'NotificationDeliveries1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_deliveries (
        id bigserial PRIMARY KEY,
        notification_key text NOT NULL REFERENCES notifications(key) ON DELETE CASCADE,
        application_id uuid REFERENCES applications(id) ON DELETE CASCADE,
        agency_id uuid REFERENCES agencies(id) ON DELETE CASCADE,
        channel varchar(16) NOT NULL CHECK (channel IN ('webhook', 'email')),
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        request_id varchar(64),
        claimed_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT uq_notification_deliveries UNIQUE (notification_key, channel)
      )`);
    await q.query(
      `CREATE INDEX ix_notification_deliveries_agency ON notification_deliveries (agency_id, status, id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_deliveries`);
  }
}
