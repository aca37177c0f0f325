import type { Knex } from "knex";

/**
 * What a release carries besides its commits, as Sentry keeps it: its `ref` and `url`, the head commit
 * of each repository (`refs` / `headCommits`), and its deploys to environments; when a repository was
 * first named.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE releases ADD COLUMN ref text, ADD COLUMN url text;
    ALTER TABLE repositories ADD COLUMN date_created timestamptz NOT NULL DEFAULT now();

    CREATE TABLE release_head_commits (
      release_id bigint NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
      repository_id bigint NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
      commit_id bigint NOT NULL REFERENCES commits(id) ON DELETE CASCADE,
      previous_commit text,
      PRIMARY KEY (release_id, repository_id)
    );

    CREATE TABLE deploys (
      id bigserial PRIMARY KEY,
      organization_id bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      release_id bigint NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
      environment_id bigint NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
      name text,
      url text,
      date_started timestamptz,
      date_finished timestamptz NOT NULL
    );
    CREATE INDEX deploys_release ON deploys (release_id, date_finished DESC, id DESC);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS deploys, release_head_commits;
    ALTER TABLE releases DROP COLUMN IF EXISTS ref, DROP COLUMN IF EXISTS url;
    ALTER TABLE repositories DROP COLUMN IF EXISTS date_created;
  `);
}
