import type { Knex } from "knex";

/**
 * What the issue search can ask of an issue's events: their tags and the event fields Sift keeps
 * (`user.email:`, `sdk.name:` …), indexed so that a tag search finds the matching events without
 * reading every event body.
 *
 * - `event_search_values(data)`: one row per searchable value, `kind` `f` (an event field, named as
 *   the search key) or `t` (a tag). Tag keys outside the search grammar's key characters are left out
 *   (a query could never name them, and `=` must not occur in a key for the terms to be unambiguous).
 * - `event_search_term(kind, key, value)`: a value as one text term, `kind:key=value`; a term too long
 *   for an index entry is its md5 (`h:…`). Queries build their terms with the same function.
 * - `events_search_terms`: GIN over the terms; `event_search_terms(data) @> ARRAY[term]` uses it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION event_search_values(data json) RETURNS TABLE (kind text, key text, value text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT 'f', f.key, f.value
        FROM (VALUES
          ('title', data->'metadata'->>'title'),
          ('user.id', data->'user'->>'id'),
          ('user.email', data->'user'->>'email'),
          ('user.username', data->'user'->>'username'),
          ('user.ip', data->'user'->>'ip_address'),
          ('user', left(coalesce(
             'id:' || nullif(data->'user'->>'id', ''),
             'email:' || nullif(data->'user'->>'email', ''),
             'username:' || nullif(data->'user'->>'username', ''),
             'ip:' || nullif(data->'user'->>'ip_address', '')), 512)),
          ('server_name', data->>'server_name'),
          ('sdk.name', data->'sdk'->>'name'),
          ('sdk.version', data->'sdk'->>'version'),
          ('dist', data->>'dist'),
          ('transaction', data->>'transaction'),
          ('platform.name', data->>'platform'),
          ('http.url', data->'request'->>'url'),
          ('http.method', data->'request'->>'method'),
          ('trace', coalesce(data->'contexts'->'trace'->>'trace_id', data->>'trace_id'))
        ) AS f(key, value)
       WHERE f.value IS NOT NULL AND f.value <> ''
      UNION ALL
      SELECT 't', t.key, t.value
        FROM json_each_text(CASE WHEN json_typeof(data->'tags') = 'object' THEN data->'tags' ELSE '{}' END) AS t
       WHERE t.value IS NOT NULL AND t.key ~ '^[a-zA-Z0-9_.:-]+$'
      UNION ALL
      SELECT 't', p->>0, p->>1
        FROM json_array_elements(CASE WHEN json_typeof(data->'tags') = 'array' THEN data->'tags' ELSE '[]' END) AS p
       WHERE p->>1 IS NOT NULL AND p->>0 ~ '^[a-zA-Z0-9_.:-]+$'
    $$;

    CREATE FUNCTION event_search_term(kind text, key text, value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
      SELECT CASE WHEN octet_length(kind || ':' || key || '=' || value) > 400
                  THEN 'h:' || md5(kind || ':' || key || '=' || value)
                  ELSE kind || ':' || key || '=' || value END
    $$;

    CREATE FUNCTION event_search_terms(data json) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(DISTINCT event_search_term(v.kind, v.key, v.value)), '{}')
        FROM event_search_values(data) AS v
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
