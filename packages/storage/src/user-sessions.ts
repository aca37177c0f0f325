import { createHash, randomBytes } from "node:crypto";
import type { Organization } from "./organizations.js";
import { rowCount, rows } from "./sql.js";
import type { Conn } from "./sql.js";
import type { User } from "./users.js";

/**
 * `user_sessions`: server-side sign-in sessions. The token a browser holds is 32 random bytes
 * (base64url); only its sha256 is stored, so the table alone signs nobody in. A session belongs to one
 * user and one organization, expires at `expires_at`, and is revoked by setting `revoked_at`.
 */

export interface UserSession {
  id: number;
  userId: number;
  organizationId: number;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
}

/** A live session with what an authenticated request needs. */
export interface AuthenticatedSession {
  session: UserSession;
  user: User & { dateJoined: Date; lastLoginAt: Date | null };
  organization: Organization;
  /** The user's role in the session's organization. */
  role: string;
}

const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A session last seen longer ago than this has `last_seen_at` written again. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

/** Opens a session; the token is returned in clear once. */
export async function createUserSession(
  db: Conn,
  input: {
    userId: number;
    organizationId: number;
    now: Date;
    expiresAt: Date;
    ipAddress?: string | null;
    userAgent?: string | null;
  },
): Promise<{ token: string; session: UserSession }> {
  const token = randomBytes(32).toString("base64url");
  const [row] = await db("user_sessions")
    .insert({
      token_hash: hashSessionToken(token),
      user_id: input.userId,
      organization_id: input.organizationId,
      created_at: input.now,
      expires_at: input.expiresAt,
      last_seen_at: input.now,
      ip_address: input.ipAddress ?? null,
      user_agent: input.userAgent?.slice(0, 512) ?? null,
    })
    .returning<{ id: string | number }[]>(["id"]);
  return {
    token,
    session: {
      id: Number(row!.id),
      userId: input.userId,
      organizationId: input.organizationId,
      createdAt: input.now,
      expiresAt: input.expiresAt,
      lastSeenAt: input.now,
    },
  };
}

interface SessionDbRow {
  id: string | number;
  user_id: string | number;
  organization_id: string | number;
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date;
  email: string;
  username: string;
  name: string;
  date_joined: Date;
  last_login_at: Date | null;
  org_slug: string;
  org_name: string;
  org_created_at: Date;
  role: string;
}

/**
 * The live session of a token (not revoked, not expired, its user active and still a member of the
 * session's organization), or null; in one statement, which also records that the session was seen
 * (at most once a SESSION_TOUCH_INTERVAL_MS).
 */
export async function authenticateUserSession(
  db: Conn,
  input: { token: string; now: Date },
): Promise<AuthenticatedSession | null> {
  if (!SESSION_TOKEN.test(input.token)) return null;
  const [row] = await rows<SessionDbRow>(
    db,
    `WITH found AS (
       SELECT s.id, s.user_id, s.organization_id, s.created_at, s.expires_at, s.last_seen_at,
              u.email, u.username, u.name, u.created_at AS date_joined, u.last_login_at,
              o.slug AS org_slug, o.name AS org_name, o.created_at AS org_created_at, m.role
         FROM user_sessions s
         JOIN users u ON u.id = s.user_id AND u.is_active
         JOIN organizations o ON o.id = s.organization_id
         JOIN organization_members m ON m.organization_id = s.organization_id AND m.user_id = s.user_id
        WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?
     ), touched AS (
       UPDATE user_sessions s SET last_seen_at = ?
         FROM found
        WHERE s.id = found.id AND s.last_seen_at < ?
     )
     SELECT * FROM found`,
    [
      hashSessionToken(input.token),
      input.now,
      input.now,
      new Date(input.now.getTime() - SESSION_TOUCH_INTERVAL_MS),
    ],
  );
  if (!row) return null;
  return {
    session: {
      id: Number(row.id),
      userId: Number(row.user_id),
      organizationId: Number(row.organization_id),
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      lastSeenAt: row.last_seen_at,
    },
    user: {
      id: Number(row.user_id),
      email: row.email,
      username: row.username,
      name: row.name,
      dateJoined: row.date_joined,
      lastLoginAt: row.last_login_at,
    },
    organization: {
      id: Number(row.organization_id),
      slug: row.org_slug,
      name: row.org_name,
      createdAt: row.org_created_at,
    },
    role: row.role,
  };
}

/** Revokes the session of a token; false when there was no live one. */
export async function revokeUserSession(db: Conn, token: string, now: Date): Promise<boolean> {
  if (!SESSION_TOKEN.test(token)) return false;
  const count = await rowCount(
    db,
    "UPDATE user_sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
    [now, hashSessionToken(token)],
  );
  return count > 0;
}

/** Revokes every live session of a user (a new password signs the user out everywhere). */
export async function revokeSessionsOfUser(db: Conn, userId: number, now: Date): Promise<number> {
  return rowCount(db, "UPDATE user_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", [
    now,
    userId,
  ]);
}
