import type { Knex } from "knex";

/**
 * What each signed-in user has of an issue: bookmarks, when they last saw it, and their subscription
 * (`is_active` false: explicitly unsubscribed; `reason` as Sentry's GroupSubscriptionReason). Keyed by
 * user first, so `is:bookmarked` for one user reads one index range.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    [
      userIssueTable("issue_bookmarks", ["date_added timestamptz NOT NULL"]),
      userIssueTable("issue_seen", ["last_seen timestamptz NOT NULL"]),
      userIssueTable("issue_subscriptions", [
        "is_active boolean NOT NULL",
        "reason smallint NOT NULL",
        "date_added timestamptz NOT NULL",
      ]),
    ].join("\n"),
  );
}

/** A table of one row per (user, issue) with `columns` besides those keys, indexed by issue too. */
function userIssueTable(name: string, columns: readonly string[]): string {
  return `
    CREATE TABLE ${name} (
      user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      issue_id bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
      ${columns.join(",\n      ")},
      PRIMARY KEY (user_id, issue_id)
    );
    CREATE INDEX ${name}_issue ON ${name} (issue_id);`;
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE IF EXISTS issue_subscriptions, issue_seen, issue_bookmarks;`);
}
