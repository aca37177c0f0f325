import type { Conn } from "./sql.js";
import { getTeamsByIds } from "./teams.js";
import type { Team } from "./teams.js";
import { getUsersByIds } from "./users.js";
import type { User } from "./users.js";

/** The users and the teams that the issues are assigned to, by id. */
export async function getAssignees(
  db: Conn,
  issues: readonly { assigneeUserId: number | null; assigneeTeamId: number | null }[],
): Promise<{ users: Map<number, User>; teams: Map<number, Team> }> {
  const [users, teams] = await Promise.all([
    getUsersByIds(
      db,
      issues.flatMap((i) => (i.assigneeUserId === null ? [] : [i.assigneeUserId])),
    ),
    getTeamsByIds(
      db,
      issues.flatMap((i) => (i.assigneeTeamId === null ? [] : [i.assigneeTeamId])),
    ),
  ]);
  return { users, teams };
}
