import type { Knex } from "knex";

/**
 * The searchable values of an event `d` (jsonb): kind `f` for an event field, named as the search key,
 * `t` for a tag. Tag keys outside the search grammar's key characters are left out (no query can name
 * them, and `=` must not occur in a key for the terms to be unambiguous).
 */
const EVENT_VALUES = `
  SELECT 'f'::text, f.key, f.value
    FROM (VALUES
      ('title', d->'metadata'->>'title'),
      ('user.id', d->'user'->>'id'),
      ('user.email', d->'user'->>'email'),
      ('user.username', d->'user'->>'username'),
      ('user.ip', d->'user'->>'ip_address'),
      ('user', left(coalesce(
         'id:' || nullif(d->'user'->>'id', ''),
         'email:' || nullif(d->'user'->>'email', ''),
         'username:' || nullif(d->'user'->>'username', ''),
         'ip:' || nullif(d->'user'->>'ip_address', '')), 512)),
      ('server_name', d->>'server_name'),
      ('sdk.name', d->'sdk'->>'name'),
      ('sdk.version', d->'sdk'->>'version'),
      ('dist', d->>'dist'),
      ('transaction', d->>'transaction'),
      ('platform.name', d->>'platform'),
      ('http.url', d->'request'->>'url'),
      ('http.method', d->'request'->>'method'),
      ('trace', coalesce(d->'contexts'->'trace'->>'trace_id', d->>'trace_id'))
    ) AS f(key, value)
   WHERE f.value IS NOT NULL AND f.value <> ''
  UNION ALL
  SELECT 't'::text, t.key, t.value
    FROM jsonb_each_text(CASE WHEN jsonb_typeof(d->'tags') = 'object' THEN d->'tags' ELSE '{}' END) AS t
   WHERE t.value IS NOT NULL AND t.key ~ '^[a-zA-Z0-9_.:-]+$'
  UNION ALL
  SELECT 't'::text, p->>0, p->>1
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d->'tags') = 'array' THEN d->'tags' ELSE '[]' END) AS p
   WHERE p->>1 IS NOT NULL AND p->>0 ~ '^[a-zA-Z0-9_.:-]+$'`;

/** A term `kind:key=value` as stored: its md5 (`h:…`) when too long for an index entry. */
const stored = (term: string): string =>
  `CASE WHEN octet_length(${term}) > 400 THEN 'h:' || md5(${term}) ELSE ${term} END`;

/**
 * What the issue search can ask of an issue's events: their tags and the event fields Sift keeps
 * (`user.email:`, `sdk.name:` …), indexed so that a tag search finds the matching events without
 * reading every event body.
 *
 * - `event_search_values(data)`: one row per searchable value (`EVENT_VALUES`), for wildcard matches.
 * - `event_search_terms(data)`: the values as text terms `kind:key=value`, under the GIN index
 *   `events_search_terms`; `event_search_terms(data) @> ARRAY[event_search_term(kind, key, value)]`
 *   uses it.
 *
 * plpgsql, not SQL: Postgres 15 plans a non-inlined SQL function's body on every call, which made each
 * event insert ten times slower; plpgsql keeps the plan. The body is one pass over `data::jsonb`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION event_search_values(data json) RETURNS TABLE (kind text, key text, value text)
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    DECLARE d jsonb := data::jsonb;
    BEGIN
      RETURN QUERY ${EVENT_VALUES};
    END
    $$;

    CREATE FUNCTION event_search_terms(data json) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    DECLARE d jsonb := data::jsonb;
    BEGIN
      RETURN (SELECT coalesce(array_agg(DISTINCT ${stored("w.term")}), '{}')
                FROM (SELECT v.kind || ':' || v.key || '=' || v.value AS term
                        FROM (${EVENT_VALUES}) AS v(kind, key, value)) AS w);
    END
    $$;

    CREATE FUNCTION event_search_term(kind text, key text, value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
      SELECT ${stored("(kind || ':' || key || '=' || value)")}
    $$;

    CREATE INDEX events_search_terms ON events USING gin (event_search_terms(data));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX IF EXISTS events_search_terms;
    DROP FUNCTION IF EXISTS event_search_terms(json);
    DROP FUNCTION IF EXISTS event_search_term(text, text, text);
    DROP FUNCTION IF EXISTS event_search_values(json);
  `);
}
