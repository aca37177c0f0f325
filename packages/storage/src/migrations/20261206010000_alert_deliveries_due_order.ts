import type { Knex } from "knex";

/**
 * The worker takes due deliveries in `(next_attempt_at, id)` order. A pass decides its deliveries at
 * one instant, so hundreds share a `next_attempt_at`: with the index on that column alone, every
 * lease read and sorted all of them to find the first hundred by id. With `id` in the index the
 * lease reads the hundred it takes, in order.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX alert_deliveries_due_order ON alert_deliveries (next_attempt_at, id) WHERE status = 'pending';
    DROP INDEX alert_deliveries_due;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'pending';
    DROP INDEX alert_deliveries_due_order;
  `);
}
