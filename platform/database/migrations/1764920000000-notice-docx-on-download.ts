import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: a formal notice's Word file is rendered on its first download and kept (as its PDF already
 * was), not in the recording activity of the step that issues it: the notice's document (its number,
 * dates and texts, `notices.document`) is fixed when it is issued, and the .docx is its rendering. Notices
 * issued before keep the file they have.
 */
export class NoticeDocxOnDownload1764920000000 implements MigrationInterface {
  name = 'NoticeDocxOnDownload1764920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notices ALTER COLUMN docx DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE notices SET docx = '' WHERE docx IS NULL`);
    await q.query(`ALTER TABLE notices ALTER COLUMN docx SET NOT NULL`);
  }
}
