import type { Knex } from "knex";

/**
 * The escalation forecast of each issue archived until escalating: 14 daily limits from `forecast_day`
 * (the UTC day it was made), recomputed on the first batch of a later day. No foreign key, like the
 * other per-issue tables: it goes with its issue's purge or merge.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE issue_forecasts (
      issue_id bigint PRIMARY KEY,
      forecast_day date NOT NULL,
      limits integer[] NOT NULL,
      computed_at timestamptz NOT NULL
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE IF EXISTS issue_forecasts;`);
}
