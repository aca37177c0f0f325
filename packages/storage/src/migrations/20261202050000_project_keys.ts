import type { Knex } from "knex";

/**
 * `project_keys`: the client keys (DSNs) of a project that Sentry SDKs authenticate with. The public key
 * is what SDKs send; the secret is optional and only shown back. A revoked key stays (inactive) so a
 * client using it gets "revoked" rather than "unknown". The rate limit is events per window seconds,
 * both null for none.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE project_keys (
      id bigserial PRIMARY KEY,
      project_id bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      public_key text NOT NULL UNIQUE,
      secret_key text NOT NULL,
      label text NOT NULL DEFAULT '',
      active boolean NOT NULL DEFAULT true,
      rate_limit_count integer,
      rate_limit_window integer,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX project_keys_project ON project_keys (project_id, id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE IF EXISTS project_keys;`);
}
