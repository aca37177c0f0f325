import type { Knex } from "knex";

/**
 * A delivery whose body carries an event (an integration's `event_alert`, the legacy webhook) names it
 * (`event_id`) and is stored without the event's data: events do not change, so the worker reads the
 * data when it sends the body, and deciding writes a few hundred bytes per delivery instead of the
 * whole event. Deliveries stored before keep their full body and no `event_id`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE alert_deliveries ADD COLUMN event_id uuid`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE alert_deliveries DROP COLUMN event_id`);
}
