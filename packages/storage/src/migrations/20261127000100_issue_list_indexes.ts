import type { Knex } from "knex";

/** Indexes behind the issue list's sorts and keyset cursors (sort value, id). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX issues_org_last_seen ON issues (organization_id, last_seen DESC, id DESC);
    CREATE INDEX issues_project_last_seen ON issues (project_id, last_seen DESC, id DESC);
    CREATE INDEX issues_org_first_seen ON issues (organization_id, first_seen DESC, id DESC);
    CREATE INDEX issues_project_first_seen ON issues (project_id, first_seen DESC, id DESC);
    CREATE INDEX issues_org_times_seen ON issues (organization_id, times_seen DESC, id DESC);
    CREATE INDEX issues_org_user_count ON issues (organization_id, user_count DESC, id DESC);
    CREATE INDEX issues_org_score ON issues (organization_id, score DESC, id DESC);
    CREATE INDEX issues_delete_after ON issues (delete_after) WHERE delete_after IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX IF EXISTS issues_org_last_seen, issues_project_last_seen, issues_org_first_seen,
      issues_project_first_seen, issues_org_times_seen, issues_org_user_count, issues_org_score,
      issues_delete_after;
  `);
}
