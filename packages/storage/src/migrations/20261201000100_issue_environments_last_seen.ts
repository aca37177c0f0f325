import type { Knex } from "knex";

/**
 * When an issue was last seen in each environment, so that the list judges the environment selection
 * and the date window together. NULL until ingest first writes it for the row (then unknown: the list
 * falls back to the issue's own last_seen).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE issue_environments ADD COLUMN last_seen timestamptz`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE issue_environments DROP COLUMN IF EXISTS last_seen`);
}
