import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: related and repeated applications.
 *
 * - `application_links` (关联申请): two applications of one agency linked by staff, who and when and why;
 *   a link removed keeps its row (who removed it, when, why), so the timeline shows both steps. One
 *   current link per pair: the pair is stored in id order (`low_id` < `high_id`).
 * - The applicant's earlier applications are found by certificate number, or without one by name and
 *   contact, within the agency, latest received first: two partial indexes serve those lookups.
 */
export class RelatedApplications1764970000000 implements MigrationInterface {
  name = 'RelatedApplications1764970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE application_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
        low_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        high_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        reason text,
        linked_by text NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        unlinked_by text,
        unlinked_at timestamptz,
        unlink_reason text,
        CONSTRAINT ck_application_links_order CHECK (low_id < high_id),
        CONSTRAINT ck_application_links_unlinked CHECK ((unlinked_by IS NULL) = (unlinked_at IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_application_links_current ON application_links (low_id, high_id) WHERE unlinked_at IS NULL`,
    );
    await q.query(`CREATE INDEX ix_application_links_low ON application_links (low_id)`);
    await q.query(`CREATE INDEX ix_application_links_high ON application_links (high_id)`);
    await q.query(
      `CREATE INDEX ix_applications_applicant_id_number ON applications (agency_id, applicant_id_number, received_on DESC)
         WHERE applicant_id_number IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX ix_applications_applicant_name_contact ON applications (agency_id, applicant_name, applicant_contact, received_on DESC)
         WHERE applicant_id_number IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_applications_applicant_name_contact`);
    await q.query(`DROP INDEX ix_applications_applicant_id_number`);
    await q.query(`DROP TABLE application_links`);
  }
}
