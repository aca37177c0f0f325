import type { Knex } from "knex";
import { GroupStatus } from "@sift/schemas";
import { loadSnoozes } from "./snoozes.js";
import type { SnoozeRow } from "./snoozes.js";

/**
 * Reads of the query API: issues by id / short id / event id, their hourly stats, inbox entries,
 * resolution details, occurrences with their events, and activities. Issues pending deletion (or
 * merge) are invisible to every read here.
 */
type Conn = Knex | Knex.Transaction;

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

/** An `issues` row as pg returns it (bigints may come as strings). */
export interface IssueDbRow {
  id: number | string;
  organization_id: number | string;
  project_id: number | string;
  short_id: number | string;
  type: number;
  status: number;
  substatus: number | null;
  priority: number | null;
  priority_locked_at: Date | null;
  level: number | null;
  message: string;
  culprit: string;
  platform: string | null;
  title: string;
  data: Record<string, unknown>;
  times_seen: number | string;
  user_count: number | string;
  score: number;
  first_seen: Date;
  last_seen: Date;
  active_at: Date;
  resolved_at: Date | null;
  first_release_id: number | string | null;
  assignee_user_id: number | string | null;
  assignee_team_id: number | string | null;
}

const nullableNumber = (v: number | string | null): number | null => (v === null ? null : Number(v));

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

function visibleIssues(db: Conn, organizationId: number): Knex.QueryBuilder {
  return db({ i: "issues" })
    .where("i.organization_id", organizationId)
    .whereNotIn("i.status", [...INVISIBLE_STATUSES]);
}

/** One issue of the organization, or null (unknown, another organization's, or being deleted). */
export async function getIssue(
  db: Conn,
  organizationId: number,
  issueId: number,
): Promise<IssueRecord | null> {
  if (!Number.isSafeInteger(issueId)) return null;
  const row = await visibleIssues(db, organizationId)
    .where("i.id", issueId)
    .first<IssueDbRow | undefined>(ISSUE_RECORD_COLUMNS as string[]);
  return row ? toIssueRecord(row) : null;
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
  const query = visibleIssues(db, organizationId).whereIn("i.id", wanted);
  if (options.projectIds) query.whereIn("i.project_id", [...options.projectIds]);
  const rows = await query
    .orderBy([
      { column: "i.last_seen", order: "desc" },
      { column: "i.id", order: "desc" },
    ])
    .select<IssueDbRow[]>(ISSUE_RECORD_COLUMNS as string[]);
  return rows.map(toIssueRecord);
}

/** The issue with a project slug's short id inside the organization, or null. */
export async function findIssueByShortId(
  db: Conn,
  organizationId: number,
  projectSlug: string,
  shortId: number,
): Promise<IssueRecord | null> {
  if (!Number.isSafeInteger(shortId)) return null;
  const row = await visibleIssues(db, organizationId)
    .join({ p: "projects" }, "p.id", "i.project_id")
    .where("p.organization_id", organizationId)
    .where("p.slug", projectSlug)
    .where("i.short_id", shortId)
    .first<IssueDbRow | undefined>(ISSUE_RECORD_COLUMNS as string[]);
  return row ? toIssueRecord(row) : null;
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

export interface HourlyCount {
  issueId: number;
  hour: Date;
  count: number;
}

/** Hourly occurrence counts of issues with `start <= hour <= end`. */
export async function getIssueHourlyCounts(
  db: Conn,
  issueIds: readonly number[],
  start: Date,
  end: Date,
): Promise<HourlyCount[]> {
  if (issueIds.length === 0) return [];
  const rows = await db("issue_stats_hourly")
    .whereIn("issue_id", [...issueIds])
    .where("hour", ">=", start)
    .where("hour", "<=", end)
    .orderBy(["issue_id", "hour"])
    .select<{ issue_id: number | string; hour: Date; count: number | string }[]>("issue_id", "hour", "count");
  return rows.map((r) => ({ issueId: Number(r.issue_id), hour: r.hour, count: Number(r.count) }));
}

export interface InboxEntry {
  issueId: number;
  reason: number;
  reasonDetails: Record<string, unknown> | null;
  dateAdded: Date;
}

export async function getInboxEntries(
  db: Conn,
  issueIds: readonly number[],
): Promise<Map<number, InboxEntry>> {
  const result = new Map<number, InboxEntry>();
  if (issueIds.length === 0) return result;
  const rows = await db("issue_inbox")
    .whereIn("issue_id", [...issueIds])
    .select<
      {
        issue_id: number | string;
        reason: number;
        reason_details: Record<string, unknown> | null;
        date_added: Date;
      }[]
    >("issue_id", "reason", "reason_details", "date_added");
  for (const r of rows) {
    const issueId = Number(r.issue_id);
    result.set(issueId, {
      issueId,
      reason: r.reason,
      reasonDetails: r.reason_details,
      dateAdded: r.date_added,
    });
  }
  return result;
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

export interface CommitInfo {
  id: number;
  key: string;
  message: string | null;
  authorEmail: string | null;
  dateAdded: Date;
  repositoryId: number;
  repositoryName: string;
}

export interface StatusContext {
  resolutions: Map<number, ResolutionDetails>;
  snoozes: Map<number, SnoozeRow>;
  /** Each issue's latest "resolves" commit link's commit. */
  commits: Map<number, CommitInfo>;
}

export interface CommitDbRow {
  id: number | string;
  key: string;
  message: string | null;
  author_email: string | null;
  date_added: Date;
  repository_id: number | string;
  repository_name: string;
}

/** The columns of a `CommitDbRow`, from `commits` as `c` joined with `repositories` as `repo`. */
export const COMMIT_INFO_COLUMNS = [
  "c.id",
  "c.key",
  "c.message",
  "c.author_email",
  "c.date_added",
  "c.repository_id",
  "repo.name as repository_name",
];

export const toCommitInfo = (r: CommitDbRow): CommitInfo => ({
  id: Number(r.id),
  key: r.key,
  message: r.message,
  authorEmail: r.author_email,
  dateAdded: r.date_added,
  repositoryId: Number(r.repository_id),
  repositoryName: r.repository_name,
});

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
      .select<(CommitDbRow & { issue_id: number | string })[]>("l.issue_id", ...COMMIT_INFO_COLUMNS),
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

/** An occurrence of an issue with its stored event (null when the event was not stored, e.g. spans). */
export interface IssueOccurrence {
  id: string;
  projectId: number;
  issueId: number;
  eventId: string;
  type: number;
  fingerprint: string[];
  detectionTime: Date;
  eventTime: Date | null;
  payload: Record<string, unknown>;
  receivedAt: Date;
  event: { timestamp: Date; receivedAt: Date; data: Record<string, unknown> } | null;
}

interface OccurrenceDbRow {
  id: string;
  project_id: number | string;
  issue_id: number | string;
  event_id: string;
  type: number;
  fingerprint: string[] | string;
  detection_time: Date;
  event_time: Date | null;
  payload: Record<string, unknown>;
  received_at: Date;
  event_timestamp: Date | null;
  event_received_at: Date | null;
  event_data: Record<string, unknown> | null;
}

const stripUuid = (value: string): string => value.replaceAll("-", "");

function parsePgArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value.map((v) => v.trim());
  return value
    .replace(/^\{|\}$/g, "")
    .split(",")
    .filter((v) => v !== "")
    .map((v) => v.trim());
}

function toIssueOccurrence(r: OccurrenceDbRow): IssueOccurrence {
  return {
    id: stripUuid(r.id),
    projectId: Number(r.project_id),
    issueId: Number(r.issue_id),
    eventId: stripUuid(r.event_id),
    type: r.type,
    fingerprint: parsePgArray(r.fingerprint),
    detectionTime: r.detection_time,
    eventTime: r.event_time,
    payload: r.payload,
    receivedAt: r.received_at,
    event:
      r.event_data !== null && r.event_timestamp !== null
        ? {
            timestamp: r.event_timestamp,
            receivedAt: r.event_received_at ?? r.received_at,
            data: r.event_data,
          }
        : null,
  };
}

export interface ListOccurrencesOptions {
  limit: number;
  offset?: number;
  /** Only occurrences whose event has one of these environments. */
  environments?: readonly string[];
  /** Only occurrences received inside the window. */
  start?: Date;
  end?: Date;
  /** Only the occurrences of this event (32-hex id). */
  eventId?: string;
  /** Oldest first instead of newest first. */
  oldestFirst?: boolean;
  /** Only occurrences whose fingerprint has this hash. */
  hash?: string;
}

/** An issue's grouped occurrences with their events, newest first (received time, then id). */
export async function listIssueOccurrences(
  db: Conn,
  issueId: number,
  options: ListOccurrencesOptions,
): Promise<IssueOccurrence[]> {
  const query = db({ o: "occurrences" })
    .leftJoin({ e: "events" }, (join) => {
      join.on("e.project_id", "=", "o.project_id").andOn("e.event_id", "=", "o.event_id");
    })
    .where("o.issue_id", issueId)
    .where("o.outcome", "grouped");
  if (options.environments && options.environments.length > 0) {
    const names = [...options.environments];
    query.whereRaw(`coalesce(e.data->>'environment', '') IN (${names.map(() => "?").join(", ")})`, names);
  }
  if (options.start) query.where("o.received_at", ">=", options.start);
  if (options.end) query.where("o.received_at", "<=", options.end);
  if (options.eventId) query.where("o.event_id", options.eventId);
  if (options.hash !== undefined) query.whereRaw("?::char(32) = ANY(o.fingerprint)", [options.hash]);
  const order = options.oldestFirst ? "asc" : "desc";
  const rows = await query
    .orderBy([
      { column: "o.received_at", order },
      { column: "o.id", order },
    ])
    .limit(options.limit)
    .offset(options.offset ?? 0)
    .select<OccurrenceDbRow[]>(
      "o.id",
      "o.project_id",
      "o.issue_id",
      "o.event_id",
      "o.type",
      db.raw("o.fingerprint::text[] AS fingerprint"),
      "o.detection_time",
      "o.event_time",
      "o.payload",
      "o.received_at",
      "e.timestamp as event_timestamp",
      "e.received_at as event_received_at",
      "e.data as event_data",
    );
  return rows.map(toIssueOccurrence);
}

export interface ActivityRecord {
  id: number;
  projectId: number;
  issueId: number;
  type: number;
  ident: string | null;
  userId: number | null;
  data: Record<string, unknown>;
  datetime: Date;
}

/** An issue's activities, newest first. */
export async function listIssueActivities(db: Conn, issueId: number, limit = 100): Promise<ActivityRecord[]> {
  const rows = await db("activities")
    .where({ issue_id: issueId })
    .orderBy([
      { column: "datetime", order: "desc" },
      { column: "id", order: "desc" },
    ])
    .limit(limit)
    .select<
      {
        id: number | string;
        project_id: number | string;
        issue_id: number | string;
        type: number;
        ident: string | null;
        user_id: number | string | null;
        data: Record<string, unknown>;
        datetime: Date;
      }[]
    >("id", "project_id", "issue_id", "type", "ident", "user_id", "data", "datetime");
  return rows.map((r) => ({
    id: Number(r.id),
    projectId: Number(r.project_id),
    issueId: Number(r.issue_id),
    type: r.type,
    ident: r.ident,
    userId: nullableNumber(r.user_id),
    data: r.data,
    datetime: r.datetime,
  }));
}

export interface IssueReleaseSummary {
  version: string;
  dateAdded: Date;
  dateReleased: Date | null;
  firstSeen: Date;
  lastSeen: Date;
}

/** The releases an issue was first and last seen in (by the issue's first/last time in each). */
export async function getIssueFirstLastRelease(
  db: Conn,
  issueId: number,
): Promise<{ first: IssueReleaseSummary | null; last: IssueReleaseSummary | null }> {
  const base = (): Knex.QueryBuilder =>
    db({ ir: "issue_releases" })
      .join({ r: "releases" }, "r.id", "ir.release_id")
      .where("ir.issue_id", issueId)
      .select("r.version", "r.date_added", "r.date_released", "ir.first_seen", "ir.last_seen");
  type Row = {
    version: string;
    date_added: Date;
    date_released: Date | null;
    first_seen: Date;
    last_seen: Date;
  };
  const [first, last] = (await Promise.all([
    base()
      .orderBy([{ column: "ir.first_seen" }, { column: "r.id" }])
      .first(),
    base()
      .orderBy([
        { column: "ir.last_seen", order: "desc" },
        { column: "r.id", order: "desc" },
      ])
      .first(),
  ])) as [Row | undefined, Row | undefined];
  const map = (r: Row | undefined): IssueReleaseSummary | null =>
    r
      ? {
          version: r.version,
          dateAdded: r.date_added,
          dateReleased: r.date_released,
          firstSeen: r.first_seen,
          lastSeen: r.last_seen,
        }
      : null;
  return { first: map(first), last: map(last) };
}

/** Environment names of the organization that exist, out of `names`. */
export async function findEnvironmentNames(
  db: Conn,
  organizationId: number,
  names: readonly string[],
): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await db("environments")
    .where("organization_id", organizationId)
    .whereIn("name", [...names])
    .select<{ name: string }[]>("name");
  return new Set(rows.map((r) => r.name));
}
