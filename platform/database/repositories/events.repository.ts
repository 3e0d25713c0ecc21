/**
 * The event log (`application_events`): each recorded transition of an application, unique per
 * application and `seq`, so every insert here is `ON CONFLICT DO NOTHING` and a retried write records
 * nothing twice. The worker's recording activity and the legacy import insert; the API and the
 * reconciliation read. Each function takes the data source or the transaction's entity manager.
 */
import type { Registration } from '../../../libs/domain/application';
import { type Queryable, rowsOf } from './queryable';

/** A transition as the recording activity appends it. */
export interface EventToRecord {
  applicationId: string;
  seq: number;
  type: string;
  businessDate: string | null;
  actor: string | null;
  payload: unknown;
  /** ISO instant: the workflow's clock at the transition. */
  occurredAt: string;
}

/** Appends the event; false when the application already has an event of this `seq` (a retry). */
export async function recordEvent(db: Queryable, e: EventToRecord): Promise<boolean> {
  const inserted = await rowsOf<{ id: string }>(
    db,
    `INSERT INTO application_events (application_id, seq, type, business_date, actor, payload, occurred_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7)
           ON CONFLICT (application_id, seq) DO NOTHING
           RETURNING id`,
    [e.applicationId, e.seq, e.type, e.businessDate, e.actor, e.payload, e.occurredAt],
  );
  return inserted.length > 0;
}

/** An event of a legacy import (recorded now, by the importing user). */
export interface ImportedEvent {
  applicationId: string;
  seq: number;
  type: string;
  businessDate: string;
  payload: unknown;
}

/** Appends a batch of imported events by `actor`; an event already recorded is skipped. */
export async function insertImportedEvents(
  db: Queryable,
  events: readonly ImportedEvent[],
  actor: string | null,
): Promise<void> {
  await db.query(
    `INSERT INTO application_events (application_id, seq, type, business_date, actor, payload, occurred_at)
         SELECT a, s, t, d, $5::text, p, now()
           FROM unnest($1::uuid[], $2::int[], $3::text[], $4::date[], $6::jsonb[]) AS u(a, s, t, d, p)
         ON CONFLICT (application_id, seq) DO NOTHING`,
    [
      events.map((e) => e.applicationId),
      events.map((e) => e.seq),
      events.map((e) => e.type),
      events.map((e) => e.businessDate),
      actor,
      events.map((e) => JSON.stringify(e.payload)),
    ],
  );
}

/** A recorded event as the reconciliation compares it with the histories. */
export interface RecordedEventRow {
  seq: number;
  type: string;
  business_date: string | null;
  actor: string | null;
  payload: unknown;
}

/** An application's recorded events, by seq. */
export async function recordedEvents(db: Queryable, applicationId: string): Promise<RecordedEventRow[]> {
  return rowsOf<RecordedEventRow>(
    db,
    `SELECT seq, type, business_date, actor, payload FROM application_events WHERE application_id = $1 ORDER BY seq`,
    [applicationId],
  );
}

/** The registration its `registered` event recorded (undefined: not recorded yet). */
export async function recordedRegistration(
  db: Queryable,
  applicationId: string,
): Promise<Registration | undefined> {
  const [registered] = await rowsOf<{ payload: Registration }>(
    db,
    `SELECT payload FROM application_events WHERE application_id = $1 AND type = 'registered' ORDER BY seq LIMIT 1`,
    [applicationId],
  );
  return registered?.payload;
}
