import type { Knex } from "knex";

/**
 * Per-issue tag value counters, written once per batch by the grouping engine: how often each value of
 * each tag key was seen on an issue's events, and when first and last. The tags endpoints read them
 * instead of the events. Only the primary key is indexed and pages keep free space, so the batch upsert
 * updates most counters in place (HOT): a second index on `times_seen` made that upsert about 40%
 * dearer, for reads that scan one issue's counters anyway. Like the other high-volume tables it has no
 * foreign key and goes with its issue's purge.
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
    ) WITH (fillfactor = 70);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE IF EXISTS issue_tag_values;`);
}
