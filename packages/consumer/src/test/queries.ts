import {
  hashFingerprintElement,
  ActivityType,
  GroupStatus,
  ResolutionType,
  ResolutionStatus,
} from "@sift/schemas";
import { createProject, getReleaseByVersion } from "@sift/storage";
import type { Db } from "@sift/storage";
import type { MessageOutcome } from "../processor.js";

export interface IssueRow {
  id: number;
  project_id: number;
  short_id: number;
  type: number;
  status: number;
  substatus: number | null;
  priority: number | null;
  level: number | null;
  title: string;
  message: string;
  culprit: string;
  data: { metadata: Record<string, unknown>; title: string; culprit: string; type: string };
  times_seen: number;
  user_count: number;
  first_seen: Date;
  last_seen: Date;
  active_at: Date;
  resolved_at: Date | null;
  first_release_id: number | null;
  assignee_user_id: number | null;
}

export async function issueFor(
  db: Db,
  projectId: number,
  fingerprint: string,
): Promise<IssueRow | undefined> {
  return (await db("issues as i")
    .join("issue_hashes as h", "h.issue_id", "i.id")
    .where({ "h.project_id": projectId, "h.hash": hashFingerprintElement(fingerprint) })
    .first("i.*")) as IssueRow | undefined;
}

export async function activitiesOf(
  db: Db,
  issueId: number,
): Promise<{ type: number; data: Record<string, unknown>; ident: string | null }[]> {
  return (await db("activities")
    .where({ issue_id: issueId })
    .orderBy("id")
    .select("type", "data", "ident")) as {
    type: number;
    data: Record<string, unknown>;
    ident: string | null;
  }[];
}

export async function historyOf(db: Db, issueId: number): Promise<number[]> {
  const rows = (await db("issue_history").where({ issue_id: issueId }).orderBy("id").select("status")) as {
    status: number;
  }[];
  return rows.map((r) => r.status);
}

let nextProject = 100;
/** A fresh project in the organisation, so quotas and short ids start from zero. */
export async function newProject(db: Db, organizationId: number): Promise<number> {
  nextProject += 1;
  const project = await createProject(db, { organizationId, slug: `p${nextProject}`, id: nextProject });
  return project.id;
}

export function outcomeOf(o: MessageOutcome): string {
  if (o.kind === "invalid") return `invalid:${o.error.code}`;
  if (o.result.status === "replayed") return "replayed";
  return o.result.outcome;
}

/** Resolve an issue the way the API does, optionally in a release. */
export async function resolveIssue(
  db: Db,
  issue: { id: number; project_id: number },
  options: {
    organizationId: number;
    type?: number | null;
    releaseVersion?: string;
    currentReleaseVersion?: string | null;
    status?: number;
  } = { organizationId: 0 },
): Promise<void> {
  await db("issues")
    .where({ id: issue.id })
    .update({ status: GroupStatus.RESOLVED, substatus: null, resolved_at: new Date() });
  if (options.type === undefined) return;
  const release = options.releaseVersion
    ? await getReleaseByVersion(db, options.organizationId, options.releaseVersion)
    : null;
  await db("issue_resolutions").insert({
    issue_id: issue.id,
    type: options.type,
    status:
      options.status ??
      (options.type === ResolutionType.IN_NEXT_RELEASE
        ? ResolutionStatus.PENDING
        : ResolutionStatus.RESOLVED),
    release_id: release?.id ?? null,
    current_release_version: options.currentReleaseVersion ?? null,
    datetime: new Date(),
  });
  await db("activities").insert({
    project_id: issue.project_id,
    issue_id: issue.id,
    type: ActivityType.SET_RESOLVED_IN_RELEASE,
    ident: String(issue.id),
    data: JSON.stringify({
      version: options.type === ResolutionType.IN_RELEASE ? (options.releaseVersion ?? "") : "",
    }),
  });
}
