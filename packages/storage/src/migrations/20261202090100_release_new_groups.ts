import type { Knex } from "knex";

/**
 * The issues a release created in a project, as rows added by each batch that created some
 * (`release_new_groups`), summed when read. A counter column on `release_projects` made every batch
 * that created an issue lock its (release, project) row until commit, so concurrent batches of one
 * release waited for each other.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE release_new_groups (
      release_id bigint NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
      project_id bigint NOT NULL,
      n integer NOT NULL
    );
    CREATE INDEX release_new_groups_release ON release_new_groups (release_id, project_id);
    INSERT INTO release_new_groups (release_id, project_id, n)
      SELECT release_id, project_id, new_groups FROM release_projects WHERE new_groups > 0;
    ALTER TABLE release_projects DROP COLUMN new_groups;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE release_projects ADD COLUMN new_groups integer NOT NULL DEFAULT 0;
    UPDATE release_projects rp SET new_groups = g.n
      FROM (SELECT release_id, project_id, sum(n)::int AS n FROM release_new_groups GROUP BY 1, 2) g
     WHERE rp.release_id = g.release_id AND rp.project_id = g.project_id;
    DROP TABLE release_new_groups;
  `);
}
