/**
 * Notifications (in-app, `notifications`) and their deliveries by channel (`notification_deliveries`):
 * the reads and the one write (marking read) of the staff's and the admins' views. Sending is
 * platform/notification-delivery.ts.
 */
import type { DataSource } from 'typeorm';
import type { DeliveryChannel } from '../../notification-delivery';
import { NotificationEntity } from '../entities';
import { type Queryable, rowsOf } from './queryable';

/** Whose notifications: the agency's, and the agency-less ones (a missing calendar year) for admins. */
export interface NotificationReader {
  agencyId: string;
  isAdmin: boolean;
  roles: readonly string[];
}

export interface NotificationFilters {
  /** Only those for one of the reader's roles. */
  mine?: boolean;
  applicationId?: string;
  role?: string;
  unread?: boolean;
  page: number;
  pageSize: number;
}

/** A page of the reader's notifications, newest first, and how many there are. */
export async function listNotifications(
  db: DataSource,
  reader: NotificationReader,
  f: NotificationFilters,
): Promise<{ items: NotificationEntity[]; total: number }> {
  const qb = db.getRepository(NotificationEntity).createQueryBuilder('n');
  // The user's agency, and the notices for every agency's admins (a missing calendar year).
  qb.andWhere('(n.agency_id = :agencyId OR (n.agency_id IS NULL AND :isAdmin))', {
    agencyId: reader.agencyId,
    isAdmin: reader.isAdmin,
  });
  if (f.mine) qb.andWhere('n.audience_role IN (:...roles)', { roles: reader.roles });
  if (f.applicationId) qb.andWhere('n.application_id = :applicationId', { applicationId: f.applicationId });
  if (f.role) qb.andWhere('n.audience_role = :role', { role: f.role });
  if (f.unread) qb.andWhere('n.read_at IS NULL');
  qb.orderBy('n.id', 'DESC')
    .skip((f.page - 1) * f.pageSize)
    .take(f.pageSize);
  const [items, total] = await qb.getManyAndCount();
  return { items, total };
}

/** Marks the notification read (once: the first time stays); false when the reader has no such one. */
export async function markNotificationRead(
  db: Queryable,
  id: string,
  reader: Pick<NotificationReader, 'agencyId' | 'isAdmin'>,
): Promise<boolean> {
  const rows = await rowsOf<{ id: string }>(
    db,
    `WITH u AS (UPDATE notifications SET read_at = coalesce(read_at, now())
       WHERE id = $1 AND (agency_id = $2 OR (agency_id IS NULL AND $3)) RETURNING id) SELECT id FROM u`,
    [id, reader.agencyId, reader.isAdmin],
  );
  return rows.length > 0;
}

/** A delivery with its notification's title and its application's case number. */
export interface DeliveryRow {
  id: string;
  notification_key: string;
  application_id: string | null;
  agency_id: string | null;
  channel: DeliveryChannel;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  request_id: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  title: string;
  case_number: string | null;
}

const SELECT_DELIVERIES = `SELECT d.id, d.notification_key, d.application_id, d.agency_id, d.channel, d.status, d.attempts,
       d.last_error, d.request_id, d.created_at, d.updated_at, d.sent_at, n.title, a.case_number
  FROM notification_deliveries d JOIN notifications n ON n.key = d.notification_key
  LEFT JOIN applications a ON a.id = d.application_id`;

/** A page of the deliveries of the agencies in `scope`, newest first, and how many there are. */
export async function listDeliveries(
  db: Queryable,
  scope: readonly string[],
  f: { status?: string; channel?: string; page: number; pageSize: number },
): Promise<{ rows: DeliveryRow[]; total: number }> {
  const params: unknown[] = [scope, f.status ?? null, f.channel ?? null];
  const where = `d.agency_id = ANY($1::uuid[]) AND ($2::text IS NULL OR d.status = $2) AND ($3::text IS NULL OR d.channel = $3)`;
  const rows = await rowsOf<DeliveryRow>(
    db,
    `${SELECT_DELIVERIES} WHERE ${where} ORDER BY d.id DESC LIMIT $4 OFFSET $5`,
    [...params, f.pageSize, (f.page - 1) * f.pageSize],
  );
  const [{ n }] = await rowsOf<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM notification_deliveries d WHERE ${where}`,
    params,
  );
  return { rows, total: n };
}

/** One delivery of the agencies in `scope` (undefined: none such). */
export async function findDelivery(
  db: Queryable,
  id: string,
  scope: readonly string[],
): Promise<DeliveryRow | undefined> {
  const [row] = await rowsOf<DeliveryRow>(
    db,
    `${SELECT_DELIVERIES} WHERE d.id = $1 AND d.agency_id = ANY($2::uuid[])`,
    [id, scope],
  );
  return row;
}
