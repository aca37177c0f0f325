import type { Knex } from "knex";
import { up as createTermFunctions } from "./20261201000000_event_search_terms.js";

/**
 * An event's search terms become a column written with the event (`search_terms`, computed by
 * `eventSearchTerms` of `@sift/schemas`), under the GIN index `events_search_terms`; the few terms
 * too long for an index entry (held there as their md5) are kept whole in `long_search_terms`, for
 * wildcard matches. The index on the
 * plpgsql expression it replaces converted every inserted event body to jsonb and walked it again, the
 * dearest part of an event insert; the column's terms come from the body the ingest already decoded.
 * Existing events are filled from the expression before it goes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE events ADD COLUMN search_terms text[] NOT NULL DEFAULT '{}',
                       ADD COLUMN long_search_terms text[];
    UPDATE events SET search_terms = event_search_terms(data),
                      long_search_terms = (SELECT array_agg(DISTINCT t) FROM
                        (SELECT v.kind || ':' || v.key || '=' || v.value AS t FROM event_search_values(data) v) w
                        WHERE octet_length(t) > 400);
    DROP INDEX events_search_terms;
    CREATE INDEX events_search_terms ON events USING gin (search_terms);
    DROP FUNCTION event_search_terms(json);
    DROP FUNCTION event_search_term(text, text, text);
    DROP FUNCTION event_search_values(json);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX IF EXISTS events_search_terms;
    ALTER TABLE events DROP COLUMN IF EXISTS search_terms, DROP COLUMN IF EXISTS long_search_terms;
  `);
  await createTermFunctions(knex);
}
