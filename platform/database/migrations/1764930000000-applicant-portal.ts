import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: the public portal. Applicants prove their e-mail address with a one-time code
 * (`applicant_codes`, only its SHA-256 kept) and then hold a session (`applicant_sessions`, only the token's
 * SHA-256 kept); `portal_submissions` ties each application submitted on the portal to that address, so a
 * session opens its own applications and nothing else. The `applications` row itself is unchanged.
 */
export class ApplicantPortal1764930000000 implements MigrationInterface {
  name = 'ApplicantPortal1764930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applicant_codes (
        id bigserial PRIMARY KEY,
        agency_id uuid NOT NULL REFERENCES agencies(id),
        email text NOT NULL,
        client text NOT NULL,
        code_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX applicant_codes_email ON applicant_codes (email, created_at)`);
    await q.query(`CREATE INDEX applicant_codes_client ON applicant_codes (client, created_at)`);
    await q.query(`
      CREATE TABLE applicant_sessions (
        token_hash text PRIMARY KEY,
        agency_id uuid NOT NULL REFERENCES agencies(id),
        email text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE portal_submissions (
        application_id uuid PRIMARY KEY REFERENCES applications(id),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        email text NOT NULL,
        client text NOT NULL,
        submitted_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX portal_submissions_email ON portal_submissions (agency_id, email, submitted_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE portal_submissions`);
    await q.query(`DROP TABLE applicant_sessions`);
    await q.query(`DROP TABLE applicant_codes`);
  }
}
