import type { Knex } from "knex";

/**
 * The origins a project's browser SDKs may send events from (Sentry's `allowedDomains`): `*` (the
 * default) accepts every origin; requests that carry neither `Origin` nor `Referer` (server SDKs) are
 * never refused by it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE projects ADD COLUMN allowed_domains text[] NOT NULL DEFAULT '{*}'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE projects DROP COLUMN allowed_domains`);
}
