import type { Knex } from "knex";

/**
 * Signing in: a user's password (scrypt, its parameters stored with the hash), server-side sessions
 * (only a hash of the session token is stored) and the failed-login counters that throttle guessing.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE users
      ADD COLUMN password_hash text,
      ADD COLUMN is_active boolean NOT NULL DEFAULT true,
      ADD COLUMN last_login_at timestamptz;

    CREATE TABLE user_sessions (
      id bigserial PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      organization_id bigint NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      revoked_at timestamptz,
      ip_address text,
      user_agent text
    );
    CREATE INDEX user_sessions_user ON user_sessions (user_id);

    CREATE TABLE login_failures (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      window_started_at timestamptz NOT NULL
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS login_failures, user_sessions;
    ALTER TABLE users DROP COLUMN IF EXISTS password_hash, DROP COLUMN IF EXISTS is_active,
      DROP COLUMN IF EXISTS last_login_at;
  `);
}
