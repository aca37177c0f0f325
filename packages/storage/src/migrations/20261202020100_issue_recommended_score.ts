import type { Knex } from "knex";

/**
 * The issue list's `sort=recommended`: a decayed mix of frequency, users and recency,
 *
 *   recommended = log2(1 + times_seen) + log2(1 + user_count) + (last_seen in seconds since 1970) / 43200
 *
 * which orders issues as `(1 + events) × (1 + users) × 2^(−age / 12 h)` does for any "now" (the now
 * term is the same for every issue, so it drops out): doubling the events or the users is worth
 * being seen 12 hours more recently. It uses only columns that never decrease while occurrences
 * arrive, so a cursor walk never meets an issue twice, and it is IMMUTABLE (the epoch of a
 * timestamptz does not depend on the time zone), so it has an index per organization and per project.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION issue_recommended_score(times_seen bigint, user_count bigint, last_seen timestamptz)
    RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
      SELECT (ln(1 + greatest(times_seen, 0)::float8) + ln(1 + greatest(user_count, 0)::float8)) / ln(2::float8)
           + extract(epoch FROM (last_seen - '1970-01-01 00:00:00+00'::timestamptz))::float8 / 43200
    $$;
    CREATE INDEX issues_org_recommended
      ON issues (organization_id, issue_recommended_score(times_seen, user_count, last_seen) DESC, id DESC);
    CREATE INDEX issues_project_recommended
      ON issues (project_id, issue_recommended_score(times_seen, user_count, last_seen) DESC, id DESC);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX IF EXISTS issues_project_recommended;
    DROP INDEX IF EXISTS issues_org_recommended;
    DROP FUNCTION IF EXISTS issue_recommended_score(bigint, bigint, timestamptz);
  `);
}
