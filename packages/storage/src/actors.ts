import { toTeam } from "./teams.js";
import type { Team, TeamRow } from "./teams.js";
import { USER_COLUMNS, toUser } from "./users.js";
import type { User, UserRow } from "./users.js";
import type { Conn } from "./sql.js";

/**
 * The one grammar for naming an assignee, shared by the API's `assignedTo` and the `assignee` of an
 * occurrence (Sentry's actor strings): `user:ID`, `team:ID`, `#team-slug`, a bare user id, an email
 * or a username (both case-insensitive).
 */

/** What an actor string names, before it is looked up in an organization. */
export type ActorName =
  | { kind: "user"; id: number }
  | { kind: "team"; id: number }
  | { kind: "team-slug"; slug: string }
  /** An email or a username, lower-cased. */
  | { kind: "name"; name: string };

/** An assignee found in an organization. */
export type ActorRef = { type: "user"; user: User } | { type: "team"; team: Team };

const TYPED_ID = /^(user|team):(\d{1,15})$/;
const TEAM_SLUG = /^#[a-z0-9][a-z0-9_-]*$/i;
const BARE_ID = /^\d{1,15}$/;

/** Parses an actor string; null when it is empty. */
export function parseActor(actor: string): ActorName | null {
  const text = actor.trim();
  if (text === "") return null;
  const typed = TYPED_ID.exec(text);
  if (typed) return { kind: typed[1] === "team" ? "team" : "user", id: Number(typed[2]) };
  if (TEAM_SLUG.test(text)) return { kind: "team-slug", slug: text.slice(1) };
  if (BARE_ID.test(text)) return { kind: "user", id: Number(text) };
  return { kind: "name", name: text.toLowerCase() };
}

interface Wanted {
  userIds: number[];
  names: string[];
  teamIds: number[];
  slugs: string[];
}

function collect(names: readonly (ActorName | null)[]): Wanted {
  const wanted: Wanted = { userIds: [], names: [], teamIds: [], slugs: [] };
  for (const name of names) {
    if (name?.kind === "user") wanted.userIds.push(name.id);
    else if (name?.kind === "name") wanted.names.push(name.name);
    else if (name?.kind === "team") wanted.teamIds.push(name.id);
    else if (name?.kind === "team-slug") wanted.slugs.push(name.slug);
  }
  return wanted;
}

async function findMembers(db: Conn, organizationId: number, wanted: Wanted): Promise<User[]> {
  if (wanted.userIds.length === 0 && wanted.names.length === 0) return [];
  const found = await db({ u: "users" })
    .join({ m: "organization_members" }, "m.user_id", "u.id")
    .where("m.organization_id", organizationId)
    .whereRaw(
      "(u.id = ANY(?::bigint[]) OR lower(u.email) = ANY(?::text[]) OR lower(u.username) = ANY(?::text[]))",
      [wanted.userIds, wanted.names, wanted.names],
    )
    .orderBy("u.id")
    .select<UserRow[]>(USER_COLUMNS);
  return found.map(toUser);
}

async function findTeams(db: Conn, organizationId: number, wanted: Wanted): Promise<Team[]> {
  if (wanted.teamIds.length === 0 && wanted.slugs.length === 0) return [];
  const found = await db("teams")
    .where("organization_id", organizationId)
    .whereRaw("(id = ANY(?::bigint[]) OR slug = ANY(?::text[]))", [wanted.teamIds, wanted.slugs])
    .orderBy("id")
    .select<TeamRow[]>("id", "organization_id", "slug", "name");
  return found.map(toTeam);
}

function pick(name: ActorName, members: readonly User[], teams: readonly Team[]): ActorRef | undefined {
  switch (name.kind) {
    case "user": {
      const user = members.find((u) => u.id === name.id);
      return user && { type: "user", user };
    }
    case "name": {
      const user =
        members.find((u) => u.email.toLowerCase() === name.name) ??
        members.find((u) => u.username.toLowerCase() === name.name);
      return user && { type: "user", user };
    }
    case "team": {
      const team = teams.find((t) => t.id === name.id);
      return team && { type: "team", team };
    }
    case "team-slug": {
      const team = teams.find((t) => t.slug === name.slug);
      return team && { type: "team", team };
    }
  }
}

/**
 * Resolves actor strings against the organization's members and teams (two statements at most).
 * Returns actor string → assignee; strings that name nobody in the organization are left out.
 */
export async function resolveActors(
  db: Conn,
  organizationId: number,
  actors: readonly string[],
): Promise<Map<string, ActorRef>> {
  const result = new Map<string, ActorRef>();
  const unique = [...new Set(actors)];
  const names = unique.map(parseActor);
  const wanted = collect(names);
  const [members, teams] = await Promise.all([
    findMembers(db, organizationId, wanted),
    findTeams(db, organizationId, wanted),
  ]);
  unique.forEach((actor, index) => {
    const name = names[index];
    const found = name ? pick(name, members, teams) : undefined;
    if (found) result.set(actor, found);
  });
  return result;
}

/** One actor string resolved in the organization; null when it names nobody there. */
export async function resolveActor(
  db: Conn,
  organizationId: number,
  actor: string,
): Promise<ActorRef | null> {
  return (await resolveActors(db, organizationId, [actor])).get(actor) ?? null;
}

/** Actor strings resolved to the assignee columns of an issue (`assignee_user_id`, `assignee_team_id`). */
export async function lookupAssignees(
  db: Conn,
  organizationId: number,
  actors: readonly string[],
): Promise<Map<string, { userId: number | null; teamId: number | null }>> {
  const result = new Map<string, { userId: number | null; teamId: number | null }>();
  for (const [actor, ref] of await resolveActors(db, organizationId, actors)) {
    result.set(
      actor,
      ref.type === "user" ? { userId: ref.user.id, teamId: null } : { userId: null, teamId: ref.team.id },
    );
  }
  return result;
}
