import type { Knex } from "knex";

/**
 * Occurrence payloads and event bodies are written once and read whole, never queried inside: `json`
 * (validated text) costs about a third less to insert than `jsonb` (parsed into a binary tree).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE occurrences ALTER COLUMN payload TYPE json USING payload::json;
    ALTER TABLE events ALTER COLUMN data TYPE json USING data::json;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE occurrences ALTER COLUMN payload TYPE jsonb USING payload::jsonb;
    ALTER TABLE events ALTER COLUMN data TYPE jsonb USING data::jsonb;
  `);
}
