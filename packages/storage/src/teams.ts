import { rowsById } from "./keyed-rows.js";
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

const TEAM_COLUMNS = ["id", "organization_id", "slug", "name"];

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
    .returning<TeamRow[]>(TEAM_COLUMNS);
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

export function getTeamsByIds(db: Conn, ids: readonly number[]): Promise<Map<number, Team>> {
  return rowsById(db, "teams", TEAM_COLUMNS, ids, toTeam);
}
