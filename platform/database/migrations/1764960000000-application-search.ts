import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: search (检索). `applications.search_terms`, a stored generated column, holds what an
 * application is found by (libs/domain/search.ts): the characters and character bigrams of its
 * normalized information sought and reply (the decision's legal ground, notes and public-interest
 * ground), its agency (`@<uuid>`), applicant name (`n:`), certificate number (`i:`), status (`s:`) and
 * outcome (`o:`); one GIN index over it. PostgreSQL's own full-text types, no extension: Chinese words
 * are mostly two characters, shorter than pg_trgm's trigrams.
 *
 * The functions are IMMUTABLE: they read nothing but their arguments (`lower` under the C collation
 * lowers ASCII only; `normalize` is immutable). Adding the column computes it for every existing row
 * in the one ALTER TABLE (a rewrite of the table), then the index is built.
 */
export class ApplicationSearch1764960000000 implements MigrationInterface {
  name = 'ApplicationSearch1764960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION ogi_search_norm(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
        SELECT regexp_replace(lower(normalize(t, NFKC) COLLATE "C"),
          '[^0-9a-z\\u3007\\u3400-\\u4dbf\\u4e00-\\u9fff\\U00020000-\\U0003134f]', '', 'g')
      $$`);
    // The characters and bigrams of a normalized text; a space separates texts (no bigram across it).
    await q.query(`
      CREATE FUNCTION ogi_search_grams(t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
      DECLARE
        c text[] := regexp_split_to_array(t, '');
        n int := cardinality(c);
        out text[] := '{}';
      BEGIN
        IF t = '' THEN RETURN out; END IF;
        FOR i IN 1..n LOOP
          IF c[i] <> ' ' THEN
            out := out || c[i];
            IF i < n AND c[i + 1] <> ' ' THEN out := out || (c[i] || c[i + 1]); END IF;
          END IF;
        END LOOP;
        RETURN out;
      END $$`);
    // The searched text: the normalized information sought and reply, separated by spaces.
    await q.query(`
      CREATE FUNCTION ogi_search_text(info text, state jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT concat_ws(' ', ogi_search_norm(info), ogi_search_norm(state #>> '{decision,legalGround}'),
          ogi_search_norm(state #>> '{decision,notes}'), ogi_search_norm(state #>> '{decision,publicInterestGround}'))
      $$`);
    await q.query(`
      CREATE FUNCTION ogi_search_key(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
        SELECT lower(regexp_replace(normalize(t, NFKC), '\\s+', '', 'g') COLLATE "C")
      $$`);
    await q.query(`
      CREATE FUNCTION ogi_search_terms(agency uuid, applicant_name text, applicant_id text, status text,
          outcome text, info text, state jsonb) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT array_to_tsvector(ogi_search_grams(ogi_search_text(info, state))
          || array_remove(ARRAY['@' || agency::text, 'n:' || nullif(ogi_search_key(applicant_name), ''),
                'i:' || nullif(ogi_search_key(applicant_id), ''), 's:' || status, 'o:' || outcome], NULL))
      $$`);
    await q.query(`
      ALTER TABLE applications ADD COLUMN search_terms tsvector GENERATED ALWAYS AS (
        ogi_search_terms(agency_id, applicant_name, applicant_id_number, status, outcome, information_sought,
          state)) STORED`);
    await q.query(`CREATE INDEX ix_applications_search ON applications USING gin (search_terms)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications DROP COLUMN search_terms`);
    await q.query(`DROP FUNCTION ogi_search_terms(uuid, text, text, text, text, text, jsonb)`);
    await q.query(`DROP FUNCTION ogi_search_key(text)`);
    await q.query(`DROP FUNCTION ogi_search_text(text, jsonb)`);
    await q.query(`DROP FUNCTION ogi_search_grams(text)`);
    await q.query(`DROP FUNCTION ogi_search_norm(text)`);
  }
}
