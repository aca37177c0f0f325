import type { Knex } from "knex";

/**
 * An issue's events in the order the API lists, windows and pages them: by the event's own timestamp
 * (the detection time without an event), then event id and occurrence id — so `events/latest/`, the
 * events list and `previousEventID` / `nextEventID` read one index range.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX occurrences_issue_timeline
      ON occurrences (issue_id, (coalesce(event_time, detection_time)) DESC, event_id DESC, id DESC)
      WHERE outcome = 'grouped'
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS occurrences_issue_timeline`);
}
