import type { Knex } from "knex";

/**
 * When a member joined an organization and when a team was made: Sentry's member and team JSON carry
 * `dateCreated`. Existing rows get the migration's time.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE organization_members ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
    ALTER TABLE teams ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE organization_members DROP COLUMN IF EXISTS created_at;
    ALTER TABLE teams DROP COLUMN IF EXISTS created_at;
  `);
}
