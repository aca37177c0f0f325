import type { Knex } from "knex";

/**
 * Batch reads and writes of the ingest pipeline: each function is one statement for a whole batch
 * (arrays go in through unnest, so the statement text and parameter count do not depend on batch size).
 */
type Conn = Knex | Knex.Transaction;

function raw(db: Conn, sql: string, bindings: readonly unknown[]): Promise<unknown> {
  return db.raw(sql, bindings as Knex.RawBinding[]) as unknown as Promise<unknown>;
}

async function rows<T>(db: Conn, sql: string, bindings: readonly unknown[]): Promise<T[]> {
  const result = (await raw(db, sql, bindings)) as { rows: T[] };
  return result.rows;
}

const uuidText = (hex: string): string => hex;
const stripUuid = (value: string): string => value.replaceAll("-", "");

export interface ProjectKey {
  projectId: number;
  id: string;
}

/** Which (project, id) pairs are already stored: the exactly-once guard. */
export async function findStoredOccurrenceIds(db: Conn, keys: readonly ProjectKey[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const found = await rows<{ project_id: number; id: string }>(
    db,
    `SELECT o.project_id, o.id::text AS id FROM occurrences o
       JOIN unnest(?::bigint[], ?::uuid[]) AS k(project_id, id) ON o.project_id = k.project_id AND o.id = k.id`,
    [keys.map((k) => k.projectId), keys.map((k) => uuidText(k.id))],
  );
  return new Set(found.map((r) => `${r.project_id}:${stripUuid(r.id)}`));
}

export interface StoredEvent {
  projectId: number;
  eventId: string;
  timestamp: Date;
  data: Record<string, unknown>;
  /** When Sift received it (retention counts from this); defaults to the database's now(). */
  receivedAt?: Date;
}

export async function findEvents(
  db: Conn,
  keys: readonly { projectId: number; eventId: string }[],
): Promise<Map<string, StoredEvent>> {
  const result = new Map<string, StoredEvent>();
  if (keys.length === 0) return result;
  const found = await rows<{
    project_id: number;
    event_id: string;
    timestamp: Date;
    data: Record<string, unknown>;
  }>(
    db,
    `SELECT e.project_id, e.event_id::text AS event_id, e.timestamp, e.data FROM events e
       JOIN unnest(?::bigint[], ?::uuid[]) AS k(project_id, event_id)
         ON e.project_id = k.project_id AND e.event_id = k.event_id`,
    [keys.map((k) => k.projectId), keys.map((k) => k.eventId)],
  );
  for (const r of found) {
    const eventId = stripUuid(r.event_id);
    result.set(`${r.project_id}:${eventId}`, {
      projectId: r.project_id,
      eventId,
      timestamp: r.timestamp,
      data: r.data,
    });
  }
  return result;
}

/** Store events; an event id already stored keeps its first body (events are immutable). */
export async function insertEvents(db: Conn, events: readonly StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  await raw(
    db,
    `INSERT INTO events (project_id, event_id, timestamp, data, received_at)
       SELECT p, e, t, d, coalesce(r, now())
         FROM json_to_recordset(?::json) AS u(p bigint, e uuid, t timestamptz, d json, r timestamptz)
     ON CONFLICT (project_id, event_id) DO NOTHING`,
    [
      JSON.stringify(
        events.map((e) => ({
          p: e.projectId,
          e: e.eventId,
          t: e.timestamp,
          d: e.data,
          r: e.receivedAt ?? null,
        })),
      ),
    ],
  );
}

export interface OccurrenceRow {
  projectId: number;
  id: string;
  issueId: number | null;
  eventId: string;
  type: number;
  outcome: string;
  fingerprint: readonly string[];
  detectionTime: Date;
  eventTime: Date | null;
  payload: Record<string, unknown>;
  receivedAt: Date;
}

/** Insert occurrences; returns how many were new (a concurrent duplicate makes it fewer). */
export async function insertOccurrences(db: Conn, occurrences: readonly OccurrenceRow[]): Promise<number> {
  if (occurrences.length === 0) return 0;
  // One JSON document for the whole batch: cheaper to build and to parse than per-column array literals.
  const result = (await raw(
    db,
    `INSERT INTO occurrences
       (project_id, id, issue_id, event_id, type, outcome, fingerprint, detection_time, event_time, payload, received_at)
       SELECT p, i, g, e, t, o, f::char(32)[], d, et, pl, r
       FROM json_to_recordset(?::json)
         AS u(p bigint, i uuid, g bigint, e uuid, t int, o text, f text[], d timestamptz, et timestamptz, pl json, r timestamptz)
     ON CONFLICT (project_id, id) DO NOTHING`,
    [
      JSON.stringify(
        occurrences.map((o) => ({
          p: o.projectId,
          i: o.id,
          g: o.issueId,
          e: o.eventId,
          t: o.type,
          o: o.outcome,
          f: o.fingerprint,
          d: o.detectionTime,
          et: o.eventTime,
          pl: o.payload,
          r: o.receivedAt,
        })),
      ),
    ],
  )) as { rowCount: number };
  return result.rowCount;
}

export interface HashRow {
  projectId: number;
  hash: string;
  issueId: number | null;
}

/**
 * The stored hashes among `keys`, share-locked in (project, hash) order until the transaction ends: a
 * merge or unmerge (which locks them for update first) waits for the batches that routed occurrences by
 * them, and a batch that looks them up during a merge waits and then sees where the merge moved them.
 */
export async function findHashes(
  db: Conn,
  keys: readonly { projectId: number; hash: string }[],
): Promise<Map<string, HashRow>> {
  const result = new Map<string, HashRow>();
  if (keys.length === 0) return result;
  const found = await rows<{ project_id: number; hash: string; issue_id: number | null }>(
    db,
    `SELECT h.project_id, h.hash, h.issue_id FROM issue_hashes h
       JOIN unnest(?::bigint[], ?::char(32)[]) AS k(project_id, hash) ON h.project_id = k.project_id AND h.hash = k.hash
      ORDER BY h.project_id, h.hash
      FOR SHARE OF h`,
    [keys.map((k) => k.projectId), keys.map((k) => k.hash)],
  );
  for (const r of found)
    result.set(`${r.project_id}:${r.hash}`, { projectId: r.project_id, hash: r.hash, issueId: r.issue_id });
  return result;
}

/** Claim hashes for issues; returns the (project:hash) keys this call inserted (the others were taken). */
export async function insertHashes(db: Conn, hashes: readonly HashRow[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const sorted = [...hashes].sort(
    (a, b) => a.projectId - b.projectId || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0),
  );
  const inserted = await rows<{ project_id: number; hash: string }>(
    db,
    `INSERT INTO issue_hashes (project_id, hash, issue_id)
       SELECT * FROM unnest(?::bigint[], ?::char(32)[], ?::bigint[])
     ON CONFLICT (project_id, hash) DO NOTHING
     RETURNING project_id, hash`,
    [sorted.map((h) => h.projectId), sorted.map((h) => h.hash), sorted.map((h) => h.issueId)],
  );
  return new Set(inserted.map((r) => `${r.project_id}:${r.hash}`));
}

export async function allocateIssueIds(db: Conn, count: number): Promise<number[]> {
  if (count === 0) return [];
  const found = await rows<{ id: number }>(
    db,
    `SELECT nextval('issues_id_seq') AS id FROM generate_series(1, ?)`,
    [count],
  );
  return found.map((r) => Number(r.id));
}

/**
 * Take `count` short ids per project from the project's sequence (lock-free; a rolled-back batch leaves
 * a gap, as in Sentry). Returns project → its ids in ascending order.
 */
export async function allocateShortIds(
  db: Conn,
  counts: ReadonlyMap<number, number>,
): Promise<Map<number, number[]>> {
  const result = new Map<number, number[]>();
  if (counts.size === 0) return result;
  const projects: number[] = [];
  for (const [projectId, n] of [...counts].sort((a, b) => a[0] - b[0])) {
    for (let i = 0; i < n; i++) projects.push(projectId);
  }
  const found = await rows<{ project_id: number; short_id: number }>(
    db,
    `SELECT p AS project_id, nextval(format('project_short_id_%s', p)::regclass) AS short_id
       FROM unnest(?::bigint[]) WITH ORDINALITY AS u(p, n) ORDER BY n`,
    [projects],
  );
  for (const r of found) {
    const list = result.get(r.project_id) ?? [];
    list.push(Number(r.short_id));
    result.set(r.project_id, list);
  }
  for (const list of result.values()) list.sort((a, b) => a - b);
  return result;
}

export interface IngestIssue {
  id: number;
  organizationId: number;
  projectId: number;
  type: number;
  status: number;
  substatus: number | null;
  priority: number | null;
  priorityLockedAt: Date | null;
  level: number | null;
  message: string;
  culprit: string;
  title: string;
  data: Record<string, unknown>;
  timesSeen: number;
  userCount: number;
  firstSeen: Date;
  lastSeen: Date;
  activeAt: Date;
}

interface IngestIssueRow {
  id: number;
  organization_id: number;
  project_id: number;
  type: number;
  status: number;
  substatus: number | null;
  priority: number | null;
  priority_locked_at: Date | null;
  level: number | null;
  message: string;
  culprit: string;
  title: string;
  data: Record<string, unknown>;
  times_seen: number;
  user_count: number;
  first_seen: Date;
  last_seen: Date;
  active_at: Date;
}

export async function loadIssuesForIngest(
  db: Conn,
  ids: readonly number[],
): Promise<Map<number, IngestIssue>> {
  const result = new Map<number, IngestIssue>();
  if (ids.length === 0) return result;
  const found = await rows<IngestIssueRow>(
    db,
    `SELECT id, organization_id, project_id, type, status, substatus, priority, priority_locked_at, level, message,
            culprit, title, data, times_seen, user_count, first_seen, last_seen, active_at
       FROM issues WHERE id = ANY(?::bigint[])`,
    [ids],
  );
  for (const r of found) {
    result.set(r.id, {
      id: r.id,
      organizationId: r.organization_id,
      projectId: r.project_id,
      type: r.type,
      status: r.status,
      substatus: r.substatus,
      priority: r.priority,
      priorityLockedAt: r.priority_locked_at,
      level: r.level,
      message: r.message,
      culprit: r.culprit,
      title: r.title,
      data: r.data,
      timesSeen: r.times_seen,
      userCount: r.user_count,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      activeAt: r.active_at,
    });
  }
  return result;
}

export interface NewIssueRow {
  id: number;
  organizationId: number;
  projectId: number;
  shortId: number;
  type: number;
  substatus: number;
  priority: number;
  level: number | null;
  message: string;
  culprit: string;
  platform: string | null;
  title: string;
  data: Record<string, unknown>;
  timesSeen: number;
  userCount: number;
  firstSeen: Date;
  lastSeen: Date;
  firstReleaseId: number | null;
  assigneeUserId: number | null;
  assigneeTeamId: number | null;
}

export function issueScore(timesSeen: number, lastSeen: Date): number {
  return Math.log(Math.max(timesSeen, 1)) * 600 + lastSeen.getTime() / 1000;
}

export async function insertIssues(db: Conn, issues: readonly NewIssueRow[]): Promise<void> {
  if (issues.length === 0) return;
  await raw(
    db,
    `INSERT INTO issues (id, organization_id, project_id, short_id, type, status, substatus, priority, level, message,
                         culprit, platform, title, data, times_seen, user_count, score, first_seen, last_seen,
                         active_at, first_release_id, assignee_user_id, assignee_team_id)
       SELECT id, org, project, short_id, type, 0, substatus, priority, level, message, culprit, platform, title, data,
              times_seen, user_count, score, first_seen, last_seen, first_seen, first_release, assignee_user, assignee_team
       FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[], ?::smallint[], ?::smallint[],
                   ?::smallint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::jsonb[], ?::bigint[], ?::bigint[],
                   ?::float8[], ?::timestamptz[], ?::timestamptz[], ?::bigint[], ?::bigint[], ?::bigint[])
         AS u(id, org, project, short_id, type, substatus, priority, level, message, culprit, platform, title, data,
              times_seen, user_count, score, first_seen, last_seen, first_release, assignee_user, assignee_team)`,
    [
      issues.map((i) => i.id),
      issues.map((i) => i.organizationId),
      issues.map((i) => i.projectId),
      issues.map((i) => i.shortId),
      issues.map((i) => i.type),
      issues.map((i) => i.substatus),
      issues.map((i) => i.priority),
      issues.map((i) => i.level),
      issues.map((i) => i.message),
      issues.map((i) => i.culprit),
      issues.map((i) => i.platform),
      issues.map((i) => i.title),
      issues.map((i) => JSON.stringify(i.data)),
      issues.map((i) => i.timesSeen),
      issues.map((i) => i.userCount),
      issues.map((i) => issueScore(i.timesSeen, i.lastSeen)),
      issues.map((i) => i.firstSeen.toISOString()),
      issues.map((i) => i.lastSeen.toISOString()),
      issues.map((i) => i.firstReleaseId),
      issues.map((i) => i.assigneeUserId),
      issues.map((i) => i.assigneeTeamId),
    ],
  );
}

export interface IssueAggregateUpdate {
  id: number;
  timesSeen: number;
  newUsers: number;
  firstSeen: Date;
  lastSeen: Date;
  /** Last-write-wins fields (null = leave unchanged). */
  message: string | null;
  level: number | null;
  culprit: string | null;
  title: string | null;
  data: Record<string, unknown> | null;
}

/** One UPDATE for every touched issue: counters relative, times by greatest/least, the rest last-write-wins. */
export async function updateIssueAggregates(
  db: Conn,
  updates: readonly IssueAggregateUpdate[],
): Promise<void> {
  if (updates.length === 0) return;
  const sorted = [...updates].sort((a, b) => a.id - b.id);
  await raw(
    db,
    `UPDATE issues i SET
        times_seen = i.times_seen + u.n,
        user_count = i.user_count + u.users,
        first_seen = least(i.first_seen, u.first_seen),
        last_seen = greatest(i.last_seen, u.last_seen),
        score = ln(greatest(i.times_seen + u.n, 1)) * 600 + extract(epoch FROM greatest(i.last_seen, u.last_seen)),
        message = coalesce(u.message, i.message),
        level = coalesce(u.level, i.level),
        culprit = coalesce(u.culprit, i.culprit),
        title = coalesce(u.title, i.title),
        data = coalesce(u.data, i.data)
       FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::timestamptz[], ?::timestamptz[], ?::text[],
                   ?::smallint[], ?::text[], ?::text[], ?::jsonb[])
         AS u(id, n, users, first_seen, last_seen, message, level, culprit, title, data)
      WHERE i.id = u.id`,
    [
      sorted.map((u) => u.id),
      sorted.map((u) => u.timesSeen),
      sorted.map((u) => u.newUsers),
      sorted.map((u) => u.firstSeen.toISOString()),
      sorted.map((u) => u.lastSeen.toISOString()),
      sorted.map((u) => u.message),
      sorted.map((u) => u.level),
      sorted.map((u) => u.culprit),
      sorted.map((u) => u.title),
      sorted.map((u) => (u.data === null ? null : JSON.stringify(u.data))),
    ],
  );
}

export async function getOrCreateEnvironments(
  db: Conn,
  entries: readonly { organizationId: number; name: string }[],
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (entries.length === 0) return result;
  const unique = [...new Map(entries.map((e) => [`${e.organizationId}:${e.name}`, e])).values()].sort(
    (a, b) => a.organizationId - b.organizationId || (a.name < b.name ? -1 : 1),
  );
  const found = await rows<{ id: number; organization_id: number; name: string }>(
    db,
    `WITH wanted AS (SELECT * FROM unnest(?::bigint[], ?::text[]) AS w(organization_id, name)),
          inserted AS (
            INSERT INTO environments (organization_id, name) SELECT organization_id, name FROM wanted
            ON CONFLICT (organization_id, name) DO NOTHING RETURNING id, organization_id, name)
     SELECT id, organization_id, name FROM inserted
     UNION ALL
     SELECT e.id, e.organization_id, e.name FROM environments e JOIN wanted w USING (organization_id, name)`,
    [unique.map((e) => e.organizationId), unique.map((e) => e.name)],
  );
  for (const r of found) result.set(`${r.organization_id}:${r.name}`, r.id);
  return result;
}

/**
 * An issue's environments of one batch: first seen (with its release) moves only earlier, last seen
 * only later. `lastSeen` is the batch's latest event in the environment; without it the row's
 * last_seen stays as it was (unknown until written).
 */
export async function upsertIssueEnvironments(
  db: Conn,
  entries: readonly {
    issueId: number;
    environmentId: number;
    firstSeen: Date;
    lastSeen?: Date;
    firstReleaseId: number | null;
  }[],
): Promise<void> {
  if (entries.length === 0) return;
  const sorted = [...entries].sort((a, b) => a.issueId - b.issueId || a.environmentId - b.environmentId);
  await raw(
    db,
    `INSERT INTO issue_environments AS ie (issue_id, environment_id, first_seen, last_seen, first_release_id)
       SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::timestamptz[], ?::timestamptz[], ?::bigint[])
     ON CONFLICT (issue_id, environment_id) DO UPDATE
       SET first_seen = least(ie.first_seen, EXCLUDED.first_seen),
           first_release_id = CASE WHEN EXCLUDED.first_seen < ie.first_seen
                                   THEN EXCLUDED.first_release_id ELSE ie.first_release_id END,
           last_seen = greatest(ie.last_seen, EXCLUDED.last_seen)
       WHERE ie.first_seen > EXCLUDED.first_seen
          OR EXCLUDED.last_seen > coalesce(ie.last_seen, '-infinity')`,
    [
      sorted.map((e) => e.issueId),
      sorted.map((e) => e.environmentId),
      sorted.map((e) => e.firstSeen.toISOString()),
      sorted.map((e) => e.lastSeen?.toISOString() ?? null),
      sorted.map((e) => e.firstReleaseId),
    ],
  );
}

export async function upsertIssueReleases(
  db: Conn,
  entries: readonly { issueId: number; releaseId: number; firstSeen: Date; lastSeen: Date }[],
): Promise<void> {
  if (entries.length === 0) return;
  const sorted = [...entries].sort((a, b) => a.issueId - b.issueId || a.releaseId - b.releaseId);
  await raw(
    db,
    `INSERT INTO issue_releases (issue_id, release_id, first_seen, last_seen)
       SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::timestamptz[], ?::timestamptz[])
     ON CONFLICT (issue_id, release_id) DO UPDATE
       SET first_seen = least(issue_releases.first_seen, EXCLUDED.first_seen),
           last_seen = greatest(issue_releases.last_seen, EXCLUDED.last_seen)
       WHERE issue_releases.first_seen > EXCLUDED.first_seen OR issue_releases.last_seen < EXCLUDED.last_seen`,
    [
      sorted.map((e) => e.issueId),
      sorted.map((e) => e.releaseId),
      sorted.map((e) => e.firstSeen.toISOString()),
      sorted.map((e) => e.lastSeen.toISOString()),
    ],
  );
}

export async function addIssueStats(
  db: Conn,
  entries: readonly { issueId: number; hour: Date; count: number }[],
): Promise<void> {
  if (entries.length === 0) return;
  const sorted = [...entries].sort((a, b) => a.issueId - b.issueId || a.hour.getTime() - b.hour.getTime());
  await raw(
    db,
    `INSERT INTO issue_stats_hourly (issue_id, hour, count)
       SELECT * FROM unnest(?::bigint[], ?::timestamptz[], ?::int[])
     ON CONFLICT (issue_id, hour) DO UPDATE SET count = issue_stats_hourly.count + EXCLUDED.count`,
    [sorted.map((e) => e.issueId), sorted.map((e) => e.hour.toISOString()), sorted.map((e) => e.count)],
  );
}

/** Record distinct users; returns issue → number of users new to it. */
export async function insertIssueUsers(
  db: Conn,
  entries: readonly { issueId: number; userKey: string; firstSeen: Date }[],
): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  if (entries.length === 0) return result;
  const unique = [...new Map(entries.map((e) => [`${e.issueId}:${e.userKey}`, e])).values()].sort(
    (a, b) => a.issueId - b.issueId || (a.userKey < b.userKey ? -1 : 1),
  );
  const inserted = await rows<{ issue_id: number }>(
    db,
    `INSERT INTO issue_users (issue_id, user_key, first_seen)
       SELECT * FROM unnest(?::bigint[], ?::text[], ?::timestamptz[])
     ON CONFLICT (issue_id, user_key) DO NOTHING
     RETURNING issue_id`,
    [
      unique.map((e) => e.issueId),
      unique.map((e) => e.userKey),
      unique.map((e) => e.firstSeen.toISOString()),
    ],
  );
  for (const r of inserted) result.set(r.issue_id, (result.get(r.issue_id) ?? 0) + 1);
  return result;
}

/** Per issue, `count(*)` of a subquery over rows of that issue (`k.issue_id`) since `k.since`. */
async function countSince(
  db: Conn,
  entries: readonly { issueId: number; since: Date }[],
  subquery: string,
): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  if (entries.length === 0) return result;
  const found = await rows<{ issue_id: number; n: number }>(
    db,
    `SELECT k.issue_id, (${subquery}) AS n FROM unnest(?::bigint[], ?::timestamptz[]) AS k(issue_id, since)`,
    [entries.map((e) => e.issueId), entries.map((e) => e.since.toISOString())],
  );
  for (const r of found) result.set(r.issue_id, Number(r.n));
  return result;
}

/** Occurrences grouped into each issue since `since` (for snoozes with a window). */
export function countRecentOccurrences(
  db: Conn,
  entries: readonly { issueId: number; since: Date }[],
): Promise<Map<number, number>> {
  return countSince(
    db,
    entries,
    `SELECT count(*) FROM occurrences o WHERE o.issue_id = k.issue_id AND o.outcome = 'grouped' AND o.received_at >= k.since`,
  );
}

/** Users first seen on each issue since `since` (for snoozes with a user window). */
export function countRecentUsers(
  db: Conn,
  entries: readonly { issueId: number; since: Date }[],
): Promise<Map<number, number>> {
  return countSince(
    db,
    entries,
    `SELECT count(*) FROM issue_users u WHERE u.issue_id = k.issue_id AND u.first_seen >= k.since`,
  );
}

/** Resolve assignee identifiers against an organisation's members and teams. */
export async function lookupAssignees(
  db: Conn,
  organizationId: number,
  identifiers: readonly string[],
): Promise<Map<string, { userId: number | null; teamId: number | null }>> {
  const result = new Map<string, { userId: number | null; teamId: number | null }>();
  if (identifiers.length === 0) return result;
  const userIds: number[] = [];
  const teamIds: number[] = [];
  const names: string[] = [];
  for (const ident of identifiers) {
    const m = /^(user|team):(\d{1,15})$/.exec(ident);
    if (m) (m[1] === "user" ? userIds : teamIds).push(Number(m[2]));
    else if (/^\d{1,15}$/.test(ident)) userIds.push(Number(ident));
    else names.push(ident.toLowerCase());
  }
  const members = await rows<{ id: number; email: string; username: string }>(
    db,
    `SELECT u.id, lower(u.email) AS email, lower(u.username) AS username FROM users u
       JOIN organization_members m ON m.user_id = u.id AND m.organization_id = ?
      WHERE u.id = ANY(?::bigint[]) OR lower(u.email) = ANY(?::text[]) OR lower(u.username) = ANY(?::text[])`,
    [organizationId, userIds, names, names],
  );
  const teams = teamIds.length
    ? await rows<{ id: number }>(
        db,
        `SELECT id FROM teams WHERE organization_id = ? AND id = ANY(?::bigint[])`,
        [organizationId, teamIds],
      )
    : [];
  const memberIds = new Set(members.map((m) => m.id));
  const teamSet = new Set(teams.map((t) => t.id));
  for (const ident of identifiers) {
    const m = /^(user|team):(\d{1,15})$/.exec(ident);
    if (m?.[1] === "team") {
      const id = Number(m[2]);
      if (teamSet.has(id)) result.set(ident, { userId: null, teamId: id });
      continue;
    }
    const numeric = m ? Number(m[2]) : /^\d{1,15}$/.test(ident) ? Number(ident) : null;
    if (numeric !== null) {
      if (memberIds.has(numeric)) result.set(ident, { userId: numeric, teamId: null });
      continue;
    }
    const lower = ident.toLowerCase();
    const member = members.find((u) => u.email === lower || u.username === lower);
    if (member) result.set(ident, { userId: member.id, teamId: null });
  }
  return result;
}
