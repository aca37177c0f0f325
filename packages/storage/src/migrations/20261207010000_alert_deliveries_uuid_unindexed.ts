import type { Knex } from "knex";

/**
 * A delivery's `uuid` (the `Request-ID` a receiver sees, the same on every retry) is a random v4 UUID
 * made when it is decided, and nothing looks a delivery up by it: its unique index cost a write to a
 * random page of a B-tree for every delivery and answered no query.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE alert_deliveries DROP CONSTRAINT alert_deliveries_uuid_key`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE alert_deliveries ADD CONSTRAINT alert_deliveries_uuid_key UNIQUE (uuid)`);
}
