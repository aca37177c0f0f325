import { statusToString } from "@sift/schemas";
import type { GroupTypeRegistry } from "@sift/schemas";
import {
  findEvents,
  getAssignees,
  getIssuesByIds,
  getLatestRelease,
  getOrganizationsByIds,
  getProjectsByIds,
  latestEventIds,
} from "@sift/storage";
import type { Db } from "@sift/storage";
import type { EvalSubject } from "./evaluate.js";
import type { IssueContext } from "./payloads.js";

/** An issue as the decider sees it: the payload context and the filters' view. */
export interface Subject {
  ctx: IssueContext;
  eval: EvalSubject;
}

/**
 * Loads the issues (with project, organization, assignee and latest event) in a fixed number of
 * queries. `eventIds` names the event to use per issue; the others get their newest grouped one.
 */
export async function loadSubjects(
  db: Db,
  issues: ReadonlyMap<number, { projectId: number; eventId: string | null }>,
  options: { types: GroupTypeRegistry; baseUrl: string; latestReleaseOf: ReadonlySet<number> },
): Promise<Map<number, Subject>> {
  const result = new Map<number, Subject>();
  if (issues.size === 0) return result;
  const projects = new Map(
    (await getProjectsByIds(db, [...new Set([...issues.values()].map((i) => i.projectId))])).map((p) => [
      p.id,
      p,
    ]),
  );
  const organizations = await getOrganizationsByIds(
    db,
    [...projects.values()].map((p) => p.organizationId),
  );
  const records = (
    await Promise.all([...organizations.keys()].map((orgId) => getIssuesByIds(db, orgId, [...issues.keys()])))
  ).flat();
  const missingEvents = records.filter((r) => !issues.get(r.id)?.eventId).map((r) => r.id);
  const fallback = await latestEventIds(db, missingEvents);
  const eventKey = (id: number): { projectId: number; eventId: string } | null => {
    const eventId = issues.get(id)?.eventId ?? fallback.get(id) ?? null;
    return eventId ? { projectId: issues.get(id)!.projectId, eventId } : null;
  };
  const [events, { users, teams }] = await Promise.all([
    findEvents(
      db,
      records.flatMap((r) => eventKey(r.id) ?? []),
    ),
    getAssignees(db, records),
  ]);
  const latestRelease = new Map<number, string | null>();
  for (const projectId of options.latestReleaseOf)
    latestRelease.set(projectId, (await getLatestRelease(db, projectId))?.version ?? null);
  for (const issue of records) {
    const project = projects.get(issue.projectId)!;
    const organization = organizations.get(project.organizationId)!;
    const key = eventKey(issue.id);
    const stored = key ? events.get(`${key.projectId}:${key.eventId}`) : undefined;
    const user = issue.assigneeUserId === null ? undefined : users.get(issue.assigneeUserId);
    const team = issue.assigneeTeamId === null ? undefined : teams.get(issue.assigneeTeamId);
    const ctx: IssueContext = {
      issue,
      project,
      organization,
      assignee: user ? { type: "user", user } : team ? { type: "team", team } : null,
      event: stored && key ? { eventId: key.eventId, data: stored.data } : null,
      baseUrl: options.baseUrl,
    };
    result.set(issue.id, {
      ctx,
      eval: {
        issue: {
          id: issue.id,
          status: statusToString(issue.status),
          timesSeen: issue.timesSeen,
          userCount: issue.userCount,
          firstSeen: issue.firstSeen,
          category: options.types.find(issue.type)?.category ?? 1,
          assigneeUserId: issue.assigneeUserId,
          assigneeTeamId: issue.assigneeTeamId,
        },
        event: ctx.event?.data ?? null,
        latestRelease: latestRelease.get(issue.projectId) ?? null,
      },
    });
  }
  return result;
}
