import type { Conn } from "./sql.js";

/** `teams` and `team_members`: an organization's teams, which issues can be assigned to. */

export interface Team {
  id: number;
  organizationId: number;
  slug: string;
  name: string;
}

export interface TeamRow {
  id: number | string;
  organization_id: number | string;
  slug: string;
  name: string;
}

export const toTeam = (r: TeamRow): Team => ({
  id: Number(r.id),
  organizationId: Number(r.organization_id),
  slug: r.slug,
  name: r.name,
});

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

export async function getTeamsByIds(db: Conn, ids: readonly number[]): Promise<Map<number, Team>> {
  const result = new Map<number, Team>();
  if (ids.length === 0) return result;
  const rows = await db<TeamRow>("teams")
    .whereIn("id", [...new Set(ids)])
    .select<TeamRow[]>("id", "organization_id", "slug", "name");
  for (const row of rows) result.set(Number(row.id), toTeam(row));
  return result;
}
