import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764338400000 implements MigrationInterface {
  name = 'InitialSchema1764338400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agencies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(64) NOT NULL UNIQUE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE case_number_counters (
        agency_id uuid NOT NULL REFERENCES agencies(id),
        year int NOT NULL,
        last_number int NOT NULL,
        PRIMARY KEY (agency_id, year)
      )`);
    await q.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY,
        agency_id uuid NOT NULL REFERENCES agencies(id),
        case_number varchar(32) NOT NULL,
        workflow_id text NOT NULL UNIQUE,
        receipt_year int NOT NULL,
        applicant_name text NOT NULL,
        applicant_type varchar(32) NOT NULL,
        applicant_id_number text,
        applicant_contact text,
        channel varchar(32) NOT NULL,
        received_on date NOT NULL,
        submitted_at timestamptz,
        receipt_evidence text,
        information_sought text NOT NULL,
        delivery_preference text,
        status varchar(32) NOT NULL,
        outcome varchar(64),
        concluded_on date,
        clock_started_on date NOT NULL,
        supplement_due_on date,
        version int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_applications_agency_case UNIQUE (agency_id, case_number),
        CONSTRAINT ck_applications_concluded_after_receipt CHECK (concluded_on IS NULL OR concluded_on >= received_on)
      )`);
    await q.query(`CREATE INDEX ix_applications_agency_status ON applications (agency_id, status)`);
    await q.query(`CREATE INDEX ix_applications_agency_year ON applications (agency_id, receipt_year)`);
    await q.query(
      `CREATE INDEX ix_applications_agency_received ON applications (agency_id, received_on DESC, case_number DESC)`,
    );
    await q.query(`
      CREATE TABLE application_events (
        id bigserial PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications(id),
        seq int NOT NULL CHECK (seq >= 1),
        type varchar(48) NOT NULL,
        business_date date,
        actor text,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_application_events_seq UNIQUE (application_id, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE application_events');
    await q.query('DROP TABLE applications');
    await q.query('DROP TABLE case_number_counters');
    await q.query('DROP TABLE agencies');
  }
}
