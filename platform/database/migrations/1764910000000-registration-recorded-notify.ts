import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: the API answers a registration once the workflow has recorded it (the `registered` event,
 * seq 1). It used to ask PostgreSQL every 20 ms; now the recording tells it: the commit that records an
 * application's first event notifies `ogi_application_recorded` with the application's id, and the API
 * (which LISTENs) answers at once. The API still asks now and then, so a lost notification or a listener
 * that is down only slows the answer.
 */
export class RegistrationRecordedNotify1764910000000 implements MigrationInterface {
  name = 'RegistrationRecordedNotify1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION application_first_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('ogi_application_recorded', NEW.application_id::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER application_first_event_notify AFTER INSERT ON application_events
        FOR EACH ROW WHEN (NEW.seq = 1) EXECUTE FUNCTION application_first_event_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER application_first_event_notify ON application_events`);
    await q.query(`DROP FUNCTION application_first_event_notify()`);
  }
}
