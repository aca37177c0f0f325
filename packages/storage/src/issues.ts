import type { Knex } from "knex";
import { GroupStatus } from "@sift/schemas";
import { COMMIT_INFO_COLUMNS, toCommitInfo } from "./commits.js";
import { loadSnoozes } from "./snoozes.js";
import type { SnoozeRow } from "./snoozes.js";
import type { CommitInfo, CommitRow } from "./commits.js";
import { nullableNumber } from "./sql.js";
import { keyedRows } from "./keyed-rows.js";
import type { RowOf } from "./row-of.js";
import type { Conn } from "./sql.js";

/**
 * `issues`: the row type, its columns and the reads by id, short id and event id. Issues pending
 * deletion (or merge) are invisible to every read of the API.
 */

/** Statuses whose issues no read returns: they are being deleted (or merged). */
export const INVISIBLE_STATUSES: readonly number[] = [
  GroupStatus.PENDING_DELETION,
  GroupStatus.DELETION_IN_PROGRESS,
  GroupStatus.PENDING_MERGE,
];

/** An issue row as the API serialises it (the same fields as @sift/search's list rows). */
export interface IssueRecord {
  id: number;
  organizationId: number;
  projectId: number;
  shortId: number;
  type: number;
  status: number;
  substatus: number | null;
  priority: number | null;
  priorityLockedAt: Date | null;
  level: number | null;
  message: string;
  culprit: string;
  platform: string | null;
  title: string;
  data: Record<string, unknown>;
  timesSeen: number;
  userCount: number;
  score: number;
  firstSeen: Date;
  lastSeen: Date;
  activeAt: Date;
  resolvedAt: Date | null;
  firstReleaseId: number | null;
  assigneeUserId: number | null;
  assigneeTeamId: number | null;
}

/** The `issues` columns that are bigints, which pg may return as strings. */
type BigintColumn =
  | "id"
  | "organization_id"
  | "project_id"
  | "short_id"
  | "times_seen"
  | "user_count"
  | "first_release_id"
  | "assignee_user_id"
  | "assignee_team_id";

/** An `issues` row as pg returns it (bigints may come as strings). */
export type IssueDbRow = {
  [K in keyof RowOf<IssueRecord>]: K extends BigintColumn
    ? RowOf<IssueRecord>[K] | string
    : RowOf<IssueRecord>[K];
};

export function toIssueRecord(r: IssueDbRow): IssueRecord {
  return {
    id: Number(r.id),
    organizationId: Number(r.organization_id),
    projectId: Number(r.project_id),
    shortId: Number(r.short_id),
    type: r.type,
    status: r.status,
    substatus: r.substatus,
    priority: r.priority,
    priorityLockedAt: r.priority_locked_at,
    level: r.level,
    message: r.message,
    culprit: r.culprit,
    platform: r.platform,
    title: r.title,
    data: r.data,
    timesSeen: Number(r.times_seen),
    userCount: Number(r.user_count),
    score: Number(r.score),
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    activeAt: r.active_at,
    resolvedAt: r.resolved_at,
    firstReleaseId: nullableNumber(r.first_release_id),
    assigneeUserId: nullableNumber(r.assignee_user_id),
    assigneeTeamId: nullableNumber(r.assignee_team_id),
  };
}

export const ISSUE_RECORD_COLUMNS: readonly string[] = [
  "id",
  "organization_id",
  "project_id",
  "short_id",
  "type",
  "status",
  "substatus",
  "priority",
  "priority_locked_at",
  "level",
  "message",
  "culprit",
  "platform",
  "title",
  "data",
  "times_seen",
  "user_count",
  "score",
  "first_seen",
  "last_seen",
  "active_at",
  "resolved_at",
  "first_release_id",
  "assignee_user_id",
  "assignee_team_id",
].map((c) => `i.${c}`);

/** The issue fields the ingest pipeline folds occurrences into. */
export type IngestIssue = Omit<
  IssueRecord,
  "shortId" | "platform" | "score" | "resolvedAt" | "firstReleaseId" | "assigneeUserId" | "assigneeTeamId"
>;

const issueEntry = (r: IssueDbRow): [number, IssueRecord] => {
  const issue = toIssueRecord(r);
  return [issue.id, issue];
};

/** Issues by id, whatever their organization or status (the ingest pipeline's batch read). */
export function loadIssuesForIngest(db: Conn, ids: readonly number[]): Promise<Map<number, IssueRecord>> {
  return keyedRows(ids, issueEntry, () =>
    db({ i: "issues" })
      .whereRaw("i.id = ANY(?::bigint[])", [[...ids]])
      .select<IssueDbRow[]>(ISSUE_RECORD_COLUMNS as string[]),
  );
}

function visibleIssues(db: Conn, organizationId: number): Knex.QueryBuilder {
  return db({ i: "issues" })
    .where("i.organization_id", organizationId)
    .whereNotIn("i.status", [...INVISIBLE_STATUSES]);
}

async function firstIssue(query: Knex.QueryBuilder): Promise<IssueRecord | null> {
  const row = await query.first<IssueDbRow | undefined>(ISSUE_RECORD_COLUMNS as string[]);
  return row ? toIssueRecord(row) : null;
}

/** One issue of the organization, or null (unknown, another organization's, or being deleted). */
export async function getIssue(
  db: Conn,
  organizationId: number,
  issueId: number,
): Promise<IssueRecord | null> {
  if (!Number.isSafeInteger(issueId)) return null;
  return firstIssue(visibleIssues(db, organizationId).where("i.id", issueId));
}

/**
 * Issues of the organization by id (unknown ids and other organizations' are left out), optionally
 * restricted to projects, newest `last_seen` first.
 */
export async function getIssuesByIds(
  db: Conn,
  organizationId: number,
  ids: readonly number[],
  options: { projectIds?: readonly number[] } = {},
): Promise<IssueRecord[]> {
  const wanted = ids.filter((id) => Number.isSafeInteger(id));
  if (wanted.length === 0) return [];
  const query = visibleIssues(db, organizationId).whereRaw("i.id = ANY(?::bigint[])", [wanted]);
  if (options.projectIds) query.whereIn("i.project_id", [...options.projectIds]);
  const rows = await query
    .orderBy([
      { column: "i.last_seen", order: "desc" },
      { column: "i.id", order: "desc" },
    ])
    .select<IssueDbRow[]>(ISSUE_RECORD_COLUMNS as string[]);
  return rows.map(toIssueRecord);
}

/** Issues' event and user counters by id, in one statement (unknown ids are left out). */
export async function getIssueCounters(
  db: Conn,
  ids: readonly number[],
): Promise<Map<number, { timesSeen: number; userCount: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await db("issues")
    .whereRaw("id = ANY(?::bigint[])", [[...new Set(ids)]])
    .select<{ id: number | string; times_seen: number | string; user_count: number | string }[]>(
      "id",
      "times_seen",
      "user_count",
    );
  return new Map(
    rows.map((r) => [Number(r.id), { timesSeen: Number(r.times_seen), userCount: Number(r.user_count) }]),
  );
}

/** The issue with a project slug's short id inside the organization, or null. */
export async function findIssueByShortId(
  db: Conn,
  organizationId: number,
  projectSlug: string,
  shortId: number,
): Promise<IssueRecord | null> {
  if (!Number.isSafeInteger(shortId)) return null;
  return firstIssue(
    visibleIssues(db, organizationId)
      .join({ p: "projects" }, "p.id", "i.project_id")
      .where("p.organization_id", organizationId)
      .where("p.slug", projectSlug)
      .where("i.short_id", shortId),
  );
}

/** Ids of the visible issues an event (32-hex id) was grouped into, within the given projects. */
export async function findIssueIdsByEventId(
  db: Conn,
  organizationId: number,
  projectIds: readonly number[],
  eventId: string,
): Promise<number[]> {
  if (projectIds.length === 0) return [];
  const rows = await visibleIssues(db, organizationId)
    .join({ o: "occurrences" }, "o.issue_id", "i.id")
    .whereIn("o.project_id", [...projectIds])
    .where("o.event_id", eventId)
    .distinct<{ id: number | string }[]>("i.id")
    .orderBy("i.id");
  return rows.map((r) => Number(r.id));
}

export interface ResolutionDetails {
  issueId: number;
  type: number | null;
  status: number;
  releaseId: number | null;
  releaseVersion: string | null;
  currentReleaseVersion: string | null;
  datetime: Date;
}

export interface StatusContext {
  resolutions: Map<number, ResolutionDetails>;
  snoozes: Map<number, SnoozeRow>;
  /** Each issue's latest "resolves" commit link's commit. */
  commits: Map<number, CommitInfo>;
}

/** What an issue's `statusDetails` is made of: resolutions, snoozes and resolving commits. */
export async function getStatusContext(db: Conn, issueIds: readonly number[]): Promise<StatusContext> {
  const context: StatusContext = { resolutions: new Map(), snoozes: new Map(), commits: new Map() };
  if (issueIds.length === 0) return context;
  const ids = [...issueIds];
  const [resolutions, snoozes, commits] = await Promise.all([
    db({ res: "issue_resolutions" })
      .leftJoin({ r: "releases" }, "r.id", "res.release_id")
      .whereIn("res.issue_id", ids)
      .select<
        {
          issue_id: number | string;
          type: number | null;
          status: number;
          release_id: number | string | null;
          version: string | null;
          current_release_version: string | null;
          datetime: Date;
        }[]
      >(
        "res.issue_id",
        "res.type",
        "res.status",
        "res.release_id",
        "r.version",
        "res.current_release_version",
        "res.datetime",
      ),
    loadSnoozes(db, ids),
    db({ l: "issue_commit_links" })
      .join({ c: "commits" }, "c.id", "l.commit_id")
      .join({ repo: "repositories" }, "repo.id", "c.repository_id")
      .whereIn("l.issue_id", ids)
      .where("l.relationship", 1)
      .distinctOn("l.issue_id")
      .orderBy([
        { column: "l.issue_id" },
        { column: "l.datetime", order: "desc" },
        { column: "l.id", order: "desc" },
      ])
      .select<(CommitRow & { issue_id: number | string })[]>("l.issue_id", ...COMMIT_INFO_COLUMNS),
  ]);
  for (const r of resolutions) {
    const issueId = Number(r.issue_id);
    context.resolutions.set(issueId, {
      issueId,
      type: r.type,
      status: r.status,
      releaseId: nullableNumber(r.release_id),
      releaseVersion: r.version,
      currentReleaseVersion: r.current_release_version,
      datetime: r.datetime,
    });
  }
  for (const c of commits) context.commits.set(Number(c.issue_id), toCommitInfo(c));
  context.snoozes = snoozes;
  return context;
}
