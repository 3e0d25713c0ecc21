import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: the portal also limits submissions per client address (a script filing under many e-mail
 * addresses), so they are counted by client and time.
 */
export class PortalSubmissionsByClient1764940000000 implements MigrationInterface {
  name = 'PortalSubmissionsByClient1764940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX portal_submissions_client ON portal_submissions (client, submitted_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX portal_submissions_client`);
  }
}
