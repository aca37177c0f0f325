import type { Knex } from "knex";

/** Retention deletes by time in bounded batches: BRIN keeps those scans cheap on append-mostly tables. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX issue_stats_hourly_hour ON issue_stats_hourly USING brin (hour);
    CREATE INDEX status_changes_received ON status_changes USING brin (received_at);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS issue_stats_hourly_hour, status_changes_received;`);
}
