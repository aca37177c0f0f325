import type { Knex } from "knex";

/**
 * Alerts: issue alert rules (Sentry's legacy rule model), internal integrations with their
 * installations, the legacy webhooks plugin's URLs, and the durable deliveries with their attempts.
 *
 * The decider reads `activities` and `occurrences` in commit order: each new row records the id of
 * the transaction that wrote it (`xid`), and a row whose transaction id is below the oldest running
 * transaction (`pg_snapshot_xmin`) can no longer appear late. Rows written before this migration have
 * no `xid` and are never read by the decider.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE activities ADD COLUMN xid xid8;
    ALTER TABLE activities ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
    CREATE INDEX activities_xid ON activities (xid, id) WHERE xid IS NOT NULL;
    ALTER TABLE occurrences ADD COLUMN xid xid8;
    ALTER TABLE occurrences ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
    CREATE INDEX occurrences_xid ON occurrences (xid) WHERE xid IS NOT NULL;

    CREATE TABLE alert_rules (
      id bigserial PRIMARY KEY,
      organization_id bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      name text NOT NULL,
      environment text,
      action_match text NOT NULL DEFAULT 'all',
      filter_match text NOT NULL DEFAULT 'all',
      frequency integer NOT NULL DEFAULT 30,
      conditions jsonb NOT NULL DEFAULT '[]'::jsonb,
      filters jsonb NOT NULL DEFAULT '[]'::jsonb,
      actions jsonb NOT NULL DEFAULT '[]'::jsonb,
      owner text,
      status text NOT NULL DEFAULT 'active',
      date_added timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX alert_rules_project ON alert_rules (project_id) WHERE status = 'active';

    CREATE TABLE alert_rule_issues (
      rule_id bigint NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
      issue_id bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
      last_fired timestamptz NOT NULL,
      PRIMARY KEY (rule_id, issue_id)
    );

    CREATE TABLE sentry_apps (
      id bigserial PRIMARY KEY,
      organization_id bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      uuid uuid NOT NULL UNIQUE,
      slug text NOT NULL,
      name text NOT NULL,
      client_id text NOT NULL,
      client_secret text NOT NULL,
      webhook_url text,
      events text[] NOT NULL DEFAULT '{}',
      scopes text[] NOT NULL DEFAULT '{}',
      is_internal boolean NOT NULL DEFAULT true,
      date_added timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, slug)
    );

    CREATE TABLE sentry_app_installations (
      uuid uuid PRIMARY KEY,
      app_id bigint NOT NULL REFERENCES sentry_apps(id) ON DELETE CASCADE,
      organization_id bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      date_added timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX sentry_app_installations_org ON sentry_app_installations (organization_id);

    CREATE TABLE project_webhook_urls (
      project_id bigint PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
      urls text[] NOT NULL DEFAULT '{}',
      enabled boolean NOT NULL DEFAULT true
    );

    CREATE TABLE alert_cursors (
      name text PRIMARY KEY,
      activity_xid xid8 NOT NULL,
      activity_id bigint NOT NULL DEFAULT 0,
      occurrence_xid xid8 NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE alert_deliveries (
      id bigserial PRIMARY KEY,
      uuid uuid NOT NULL UNIQUE,
      organization_id bigint NOT NULL,
      project_id bigint NOT NULL,
      issue_id bigint,
      rule_id bigint REFERENCES alert_rules(id) ON DELETE SET NULL,
      activity_id bigint,
      resource text NOT NULL,
      action text NOT NULL,
      target jsonb NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      finished_at timestamptz,
      last_error text
    );
    CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX alert_deliveries_rule ON alert_deliveries (rule_id, id DESC) WHERE rule_id IS NOT NULL;
    CREATE INDEX alert_deliveries_project ON alert_deliveries (project_id, id DESC);

    CREATE TABLE alert_delivery_attempts (
      id bigserial PRIMARY KEY,
      delivery_id bigint NOT NULL REFERENCES alert_deliveries(id) ON DELETE CASCADE,
      attempt integer NOT NULL,
      started_at timestamptz NOT NULL,
      duration_ms integer NOT NULL,
      status_code integer,
      error text,
      outcome text NOT NULL
    );
    CREATE INDEX alert_delivery_attempts_delivery ON alert_delivery_attempts (delivery_id, attempt);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS alert_delivery_attempts, alert_deliveries, alert_cursors, project_webhook_urls,
      sentry_app_installations, sentry_apps, alert_rule_issues, alert_rules;
    DROP INDEX IF EXISTS occurrences_xid;
    ALTER TABLE occurrences DROP COLUMN IF EXISTS xid;
    DROP INDEX IF EXISTS activities_xid;
    ALTER TABLE activities DROP COLUMN IF EXISTS xid;
  `);
}
