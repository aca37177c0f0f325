import type { Knex } from "knex";

/**
 * Per-issue tag value counters, written once per batch by the grouping engine: how often each value of
 * each tag key was seen on an issue's events, and when first and last. The tags endpoints read them
 * instead of the events. `issue_tag_values_top` serves the top values of a key (and their count and sum,
 * index-only); like the other high-volume tables it has no foreign key and goes with its issue's purge.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE issue_tag_values (
      issue_id bigint NOT NULL,
      key text NOT NULL,
      value text NOT NULL,
      times_seen bigint NOT NULL,
      first_seen timestamptz NOT NULL,
      last_seen timestamptz NOT NULL,
      PRIMARY KEY (issue_id, key, value)
    );
    CREATE INDEX issue_tag_values_top ON issue_tag_values (issue_id, key, times_seen DESC, value);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE IF EXISTS issue_tag_values;`);
}
