import type { Knex } from "knex";

type Conn = Knex | Knex.Transaction;

/** A person who can be assigned issues (Sift's API tokens are org-bound, not user-bound). */
export interface User {
  id: number;
  email: string;
  username: string;
  name: string;
}

export interface Team {
  id: number;
  organizationId: number;
  slug: string;
  name: string;
}

interface UserRow {
  id: number | string;
  email: string;
  username: string;
  name: string;
}

interface TeamRow {
  id: number | string;
  organization_id: number | string;
  slug: string;
  name: string;
}

const toUser = (r: UserRow): User => ({
  id: Number(r.id),
  email: r.email,
  username: r.username,
  name: r.name,
});
const toTeam = (r: TeamRow): Team => ({
  id: Number(r.id),
  organizationId: Number(r.organization_id),
  slug: r.slug,
  name: r.name,
});

/** Creates a user, or returns the existing one with that email. */
export async function createUser(
  db: Conn,
  input: { email: string; username?: string; name?: string },
): Promise<{ user: User; created: boolean }> {
  const existing = await db<UserRow>("users").whereRaw("lower(email) = lower(?)", [input.email]).first();
  if (existing) return { user: toUser(existing), created: false };
  const [row] = await db<UserRow>("users")
    .insert({ email: input.email, username: input.username ?? input.email, name: input.name ?? "" })
    .returning(["id", "email", "username", "name"]);
  return { user: toUser(row!), created: true };
}

export async function getUserByEmail(db: Conn, email: string): Promise<User | null> {
  const row = await db<UserRow>("users").whereRaw("lower(email) = lower(?)", [email]).first();
  return row ? toUser(row) : null;
}

/** Makes the user a member of the organization (idempotent). */
export async function addOrganizationMember(
  db: Conn,
  organizationId: number,
  userId: number,
  role = "member",
): Promise<void> {
  await db("organization_members")
    .insert({ organization_id: organizationId, user_id: userId, role })
    .onConflict(["organization_id", "user_id"])
    .ignore();
}

export async function createTeam(
  db: Conn,
  input: { organizationId: number; slug: string; name?: string },
): Promise<Team> {
  const [row] = await db<TeamRow>("teams")
    .insert({ organization_id: input.organizationId, slug: input.slug, name: input.name ?? input.slug })
    .returning(["id", "organization_id", "slug", "name"]);
  return toTeam(row!);
}

export async function getTeamBySlug(db: Conn, organizationId: number, slug: string): Promise<Team | null> {
  const row = await db<TeamRow>("teams").where({ organization_id: organizationId, slug }).first();
  return row ? toTeam(row) : null;
}

/** Adds an organization member to a team (idempotent). */
export async function addTeamMember(db: Conn, teamId: number, userId: number): Promise<void> {
  await db("team_members")
    .insert({ team_id: teamId, user_id: userId })
    .onConflict(["team_id", "user_id"])
    .ignore();
}

export async function getUsersByIds(db: Conn, ids: readonly number[]): Promise<Map<number, User>> {
  const result = new Map<number, User>();
  if (ids.length === 0) return result;
  const rows = await db<UserRow>("users")
    .whereIn("id", [...new Set(ids)])
    .select<UserRow[]>("id", "email", "username", "name");
  for (const row of rows) result.set(Number(row.id), toUser(row));
  return result;
}

export async function getTeamsByIds(db: Conn, ids: readonly number[]): Promise<Map<number, Team>> {
  const result = new Map<number, Team>();
  if (ids.length === 0) return result;
  const rows = await db<TeamRow>("teams")
    .whereIn("id", [...new Set(ids)])
    .select<TeamRow[]>("id", "organization_id", "slug", "name");
  for (const row of rows) result.set(Number(row.id), toTeam(row));
  return result;
}

/** An assignee named the way Sentry's API names actors. */
export type ActorRef = { type: "user"; user: User } | { type: "team"; team: Team };

/**
 * Resolves an actor string of Sentry's API — `user:ID`, `team:ID`, a bare user id, a username or an
 * email — against the organization's members and teams. Null when it names nobody in the organization.
 */
export async function resolveActor(
  db: Conn,
  organizationId: number,
  actor: string,
): Promise<ActorRef | null> {
  const text = actor.trim();
  const typed = /^(user|team):(\d{1,15})$/.exec(text);
  if (typed?.[1] === "team") {
    const row = await db<TeamRow>("teams")
      .where({ organization_id: organizationId, id: Number(typed[2]) })
      .first();
    return row ? { type: "team", team: toTeam(row) } : null;
  }
  if (/^#[a-z0-9][a-z0-9_-]*$/i.test(text)) {
    const team = await getTeamBySlug(db, organizationId, text.slice(1));
    return team ? { type: "team", team } : null;
  }
  const numeric = typed ? Number(typed[2]) : /^\d{1,15}$/.test(text) ? Number(text) : null;
  const query = db<UserRow>("users as u")
    .join("organization_members as m", "m.user_id", "u.id")
    .where("m.organization_id", organizationId);
  if (numeric !== null) query.where("u.id", numeric);
  else query.whereRaw("(lower(u.email) = lower(?) OR lower(u.username) = lower(?))", [text, text]);
  const row = await query.first<UserRow | undefined>("u.id", "u.email", "u.username", "u.name");
  return row ? { type: "user", user: toUser(row) } : null;
}
