import type { Knex } from "knex";

/**
 * The whole schema. High-volume tables (occurrences, events, stats, issue_users) carry no foreign keys:
 * the batch writer keeps them consistent and the purge job removes them with their issue.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE organizations (
      id bigserial PRIMARY KEY,
      slug text NOT NULL UNIQUE,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE organization_features (
      organization_id bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      flag text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organization_id, flag)
    );

    CREATE TABLE projects (
      id bigint PRIMARY KEY,
      organization_id bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      slug text NOT NULL,
      name text NOT NULL,
      platform text,
      resolve_age_hours integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, slug)
    );
    CREATE SEQUENCE projects_id_seq OWNED BY projects.id;

    CREATE TABLE project_counters (
      project_id bigint PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
      value bigint NOT NULL DEFAULT 0
    );

    CREATE TABLE users (
      id bigserial PRIMARY KEY,
      email text NOT NULL UNIQUE,
      username text NOT NULL UNIQUE,
      name text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE organization_members (
      organization_id bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role text NOT NULL DEFAULT 'member',
      PRIMARY KEY (organization_id, user_id)
    );

    CREATE TABLE teams (
      id bigserial PRIMARY KEY,
      organization_id bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      slug text NOT NULL,
      name text NOT NULL,
      UNIQUE (organization_id, slug)
    );

    CREATE TABLE team_members (
      team_id bigint NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
      user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      PRIMARY KEY (team_id, user_id)
    );

    CREATE TABLE project_teams (
      project_id bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      team_id bigint NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
      PRIMARY KEY (project_id, team_id)
    );

    ${namesOfOrganization("environments")}

    CREATE TABLE releases (
      id bigserial PRIMARY KEY,
      organization_id bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      version text NOT NULL,
      date_added timestamptz NOT NULL DEFAULT now(),
      date_released timestamptz,
      status smallint NOT NULL DEFAULT 0,
      package text,
      major bigint,
      minor bigint,
      patch bigint,
      revision bigint,
      prerelease text,
      build_code text,
      build_number bigint,
      UNIQUE (organization_id, version)
    );

    CREATE TABLE release_projects (
      release_id bigint NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
      project_id bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      new_groups integer NOT NULL DEFAULT 0,
      PRIMARY KEY (release_id, project_id)
    );
    CREATE INDEX release_projects_project ON release_projects (project_id, release_id);

    ${namesOfOrganization("repositories")}

    CREATE TABLE commits (
      id bigserial PRIMARY KEY,
      organization_id bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      repository_id bigint NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
      key text NOT NULL,
      message text,
      author_email text,
      date_added timestamptz NOT NULL DEFAULT now(),
      UNIQUE (repository_id, key)
    );

    CREATE TABLE release_commits (
      release_id bigint NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
      commit_id bigint NOT NULL REFERENCES commits(id) ON DELETE CASCADE,
      "order" integer NOT NULL DEFAULT 0,
      PRIMARY KEY (release_id, commit_id)
    );
    CREATE INDEX release_commits_commit ON release_commits (commit_id);

    CREATE TABLE issues (
      id bigserial PRIMARY KEY,
      organization_id bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id bigint NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      short_id bigint NOT NULL,
      type integer NOT NULL DEFAULT 1,
      status smallint NOT NULL DEFAULT 0,
      substatus smallint,
      priority smallint,
      priority_locked_at timestamptz,
      level smallint DEFAULT 40,
      message text NOT NULL DEFAULT '',
      culprit text NOT NULL DEFAULT '',
      platform text,
      title text NOT NULL DEFAULT '',
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      times_seen bigint NOT NULL DEFAULT 1,
      user_count bigint NOT NULL DEFAULT 0,
      score double precision NOT NULL DEFAULT 0,
      first_seen timestamptz NOT NULL,
      last_seen timestamptz NOT NULL,
      active_at timestamptz NOT NULL,
      resolved_at timestamptz,
      first_release_id bigint REFERENCES releases(id) ON DELETE SET NULL,
      assignee_user_id bigint REFERENCES users(id) ON DELETE SET NULL,
      assignee_team_id bigint REFERENCES teams(id) ON DELETE SET NULL,
      delete_after timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (project_id, short_id)
    );

    CREATE TABLE issue_hashes (
      project_id bigint NOT NULL,
      hash char(32) NOT NULL,
      issue_id bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, hash)
    );
    CREATE INDEX issue_hashes_issue ON issue_hashes (issue_id);

    CREATE TABLE occurrences (
      project_id bigint NOT NULL,
      id uuid NOT NULL,
      issue_id bigint,
      event_id uuid NOT NULL,
      type integer NOT NULL,
      outcome text NOT NULL,
      fingerprint char(32)[] NOT NULL,
      detection_time timestamptz NOT NULL,
      event_time timestamptz,
      payload jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, id)
    );
    CREATE INDEX occurrences_issue ON occurrences (issue_id, received_at DESC) WHERE issue_id IS NOT NULL;
    CREATE INDEX occurrences_event ON occurrences (project_id, event_id);
    CREATE INDEX occurrences_received ON occurrences USING brin (received_at);

    CREATE TABLE events (
      project_id bigint NOT NULL,
      event_id uuid NOT NULL,
      timestamp timestamptz NOT NULL,
      data jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, event_id)
    );
    CREATE INDEX events_received ON events USING brin (received_at);

    CREATE TABLE status_changes (
      project_id bigint NOT NULL,
      id uuid NOT NULL,
      issue_id bigint,
      new_status smallint NOT NULL,
      new_substatus smallint,
      outcome text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, id)
    );

    CREATE TABLE issue_environments (
      issue_id bigint NOT NULL,
      environment_id bigint NOT NULL,
      first_release_id bigint,
      first_seen timestamptz NOT NULL,
      PRIMARY KEY (issue_id, environment_id)
    );
    CREATE INDEX issue_environments_environment ON issue_environments (environment_id, issue_id);

    CREATE TABLE issue_releases (
      issue_id bigint NOT NULL,
      release_id bigint NOT NULL,
      first_seen timestamptz NOT NULL,
      last_seen timestamptz NOT NULL,
      PRIMARY KEY (issue_id, release_id)
    );
    CREATE INDEX issue_releases_release ON issue_releases (release_id, issue_id);

    CREATE TABLE issue_stats_hourly (
      issue_id bigint NOT NULL,
      hour timestamptz NOT NULL,
      count integer NOT NULL,
      PRIMARY KEY (issue_id, hour)
    );

    CREATE TABLE issue_users (
      issue_id bigint NOT NULL,
      user_key text NOT NULL,
      first_seen timestamptz NOT NULL,
      PRIMARY KEY (issue_id, user_key)
    );

    CREATE TABLE issue_resolutions (
      issue_id bigint PRIMARY KEY REFERENCES issues(id) ON DELETE CASCADE,
      type smallint,
      status smallint NOT NULL DEFAULT 1,
      release_id bigint REFERENCES releases(id) ON DELETE SET NULL,
      current_release_version text,
      actor_id bigint,
      datetime timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE issue_commit_links (
      id bigserial PRIMARY KEY,
      issue_id bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
      commit_id bigint NOT NULL REFERENCES commits(id) ON DELETE CASCADE,
      relationship smallint NOT NULL DEFAULT 1,
      datetime timestamptz NOT NULL DEFAULT now(),
      UNIQUE (issue_id, commit_id)
    );

    CREATE TABLE activities (
      id bigserial PRIMARY KEY,
      project_id bigint NOT NULL,
      issue_id bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
      type smallint NOT NULL,
      ident text,
      user_id bigint,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      datetime timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX activities_issue ON activities (issue_id, datetime DESC, id DESC);

    CREATE TABLE issue_history (
      id bigserial PRIMARY KEY,
      organization_id bigint NOT NULL,
      project_id bigint NOT NULL,
      issue_id bigint NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
      status smallint NOT NULL,
      release_id bigint,
      user_id bigint,
      date_added timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX issue_history_issue ON issue_history (issue_id, date_added DESC);

    CREATE TABLE snoozes (
      issue_id bigint PRIMARY KEY REFERENCES issues(id) ON DELETE CASCADE,
      until timestamptz,
      count integer,
      "window" integer,
      user_count integer,
      user_window integer,
      state jsonb,
      actor_id bigint,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE issue_inbox (
      issue_id bigint PRIMARY KEY REFERENCES issues(id) ON DELETE CASCADE,
      organization_id bigint NOT NULL,
      project_id bigint NOT NULL,
      reason smallint NOT NULL,
      reason_details jsonb,
      date_added timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX issue_inbox_org ON issue_inbox (organization_id, date_added DESC, issue_id DESC);

    CREATE TABLE api_tokens (
      id bigserial PRIMARY KEY,
      organization_id bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name text NOT NULL DEFAULT '',
      token_hash char(64) NOT NULL UNIQUE,
      token_last_characters text NOT NULL,
      scopes text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );
  `);
}

/** A table of names, each unique in its organization. */
function namesOfOrganization(table: string): string {
  return `CREATE TABLE ${table} (
      id bigserial PRIMARY KEY,
      organization_id bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name text NOT NULL,
      UNIQUE (organization_id, name)
    );`;
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS api_tokens, issue_inbox, snoozes, issue_history, activities, issue_commit_links,
      issue_resolutions, issue_users, issue_stats_hourly, issue_releases, issue_environments, status_changes,
      events, occurrences, issue_hashes, issues, release_commits, commits, repositories, release_projects,
      releases, environments, project_teams, team_members, teams, organization_members, users,
      project_counters, projects, organization_features, organizations CASCADE;
    DROP SEQUENCE IF EXISTS projects_id_seq;
  `);
}
