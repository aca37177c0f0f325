import type { Knex } from "knex";

/**
 * What each signed-in user has of an issue: bookmarks, when they last saw it, and their subscription
 * (`is_active` false: explicitly unsubscribed; `reason` as Sentry's GroupSubscriptionReason). Keyed by
 * user first, so `is:bookmarked` for one user reads one index range.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE issue_bookmarks (
      user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      issue_id bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
      date_added timestamptz NOT NULL,
      PRIMARY KEY (user_id, issue_id)
    );
    CREATE INDEX issue_bookmarks_issue ON issue_bookmarks (issue_id);

    CREATE TABLE issue_seen (
      user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      issue_id bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
      last_seen timestamptz NOT NULL,
      PRIMARY KEY (user_id, issue_id)
    );
    CREATE INDEX issue_seen_issue ON issue_seen (issue_id);

    CREATE TABLE issue_subscriptions (
      user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      issue_id bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
      is_active boolean NOT NULL,
      reason smallint NOT NULL,
      date_added timestamptz NOT NULL,
      PRIMARY KEY (user_id, issue_id)
    );
    CREATE INDEX issue_subscriptions_issue ON issue_subscriptions (issue_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE IF EXISTS issue_subscriptions, issue_seen, issue_bookmarks;`);
}
