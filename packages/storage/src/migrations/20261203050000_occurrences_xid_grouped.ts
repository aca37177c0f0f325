import type { Knex } from "knex";

/**
 * `occurrences_xid` holds grouped occurrences only: its one reader, the alert decider's read of the
 * issues that got events (`readIssuesWithEventsBetween`), asks for `outcome = 'grouped'`, so the
 * noise-gated and rate-limited occurrences no longer write an entry each.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX occurrences_xid;
    CREATE INDEX occurrences_xid ON occurrences (xid) WHERE xid IS NOT NULL AND outcome = 'grouped';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX occurrences_xid;
    CREATE INDEX occurrences_xid ON occurrences (xid) WHERE xid IS NOT NULL;
  `);
}
