import { rowsById } from "./keyed-rows.js";
import { rows } from "./sql.js";
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

/** A team as the teams API lists it: when it was made, how many members it has, whether `userId` is one. */
export interface TeamSummary extends Team {
  dateCreated: Date;
  memberCount: number;
  isMember: boolean;
}

/** The organization's teams by slug; `isMember` says whether `userId` (null: nobody) is on each. */
export async function listTeams(
  db: Conn,
  organizationId: number,
  userId: number | null,
): Promise<TeamSummary[]> {
  const found = await rows<TeamRow & { created_at: Date; member_count: number | string; is_member: boolean }>(
    db,
    `SELECT t.id, t.organization_id, t.slug, t.name, t.created_at,
            (SELECT count(*) FROM team_members tm WHERE tm.team_id = t.id) AS member_count,
            EXISTS (SELECT 1 FROM team_members tm WHERE tm.team_id = t.id AND tm.user_id = ?) AS is_member
       FROM teams t
      WHERE t.organization_id = ?
      ORDER BY t.slug`,
    [userId ?? 0, organizationId],
  );
  return found.map((r) => ({
    ...toTeam(r),
    dateCreated: r.created_at,
    memberCount: Number(r.member_count),
    isMember: r.is_member,
  }));
}

/** Gives a team access to a project (idempotent). */
export async function addProjectTeam(db: Conn, projectId: number, teamId: number): Promise<void> {
  await db("project_teams")
    .insert({ project_id: projectId, team_id: teamId })
    .onConflict(["project_id", "team_id"])
    .ignore();
}
