import type { Knex } from "knex";
import { GroupSubStatus } from "@sift/schemas";
import { InvalidTransitionError, applyTransitions, planUnmerge } from "@sift/lifecycle";
import {
  addIssueStats,
  addIssueTagValues,
  allocateIssueIds,
  allocateShortIds,
  getOrCreateEnvironments,
  getOrCreateReleases,
  insertIssueUsers,
  insertIssues,
  keepIssueLinks,
  listIssueHashes,
  listIssueOccurrences,
  moveIssueHashes,
  moveOccurrences,
  subtractIssueCounts,
  upsertIssueEnvironments,
  upsertIssueReleases,
} from "@sift/storage";
import type { HashRow, IssueOccurrence, IssueRecord, NewIssueRow, Release } from "@sift/storage";
import type { Grouped } from "./batch.js";
import { key } from "./batch.js";
import { issueLinks } from "./stages/issue-links.js";
import { userEntries } from "./stages/issue-rows.js";
import { issueTagCounts } from "./stages/issue-tags.js";
import { eventEnvironment, eventRelease } from "./stages/releases.js";

type Trx = Knex.Transaction;

export interface UnmergeInput {
  /** The source issue, locked with its hashes (`lockIssueHashes`, then the issue row). */
  issue: IssueRecord;
  /** The hashes to move to a new issue. */
  hashes: readonly string[];
  now: Date;
  userId?: number | null;
}

export interface UnmergeResult {
  issueId: number;
  hashes: string[];
  occurrences: number;
}

/** The occurrences an unmerge moves: those whose first hash that belongs to the issue is being moved. */
export function partitionOccurrences<T extends { fingerprint: readonly string[] }>(
  occurrences: readonly T[],
  issueHashes: ReadonlySet<string>,
  moving: ReadonlySet<string>,
): { moved: T[]; kept: T[] } {
  const moved: T[] = [];
  const kept: T[] = [];
  for (const o of occurrences) {
    const first = o.fingerprint.find((h) => issueHashes.has(h));
    (first !== undefined && moving.has(first) ? moved : kept).push(o);
  }
  return { moved, kept };
}

/** A stored occurrence as the ingest counters read it, counted into `issueId`. */
function asGrouped(
  o: IssueOccurrence,
  issueId: number,
  organizationId: number,
  releases: ReadonlyMap<string, Release>,
): Grouped {
  const event = o.event?.data ?? null;
  const version = event ? eventRelease(event) : null;
  return {
    issueId,
    outcome: "grouped",
    event,
    eventTime: o.eventTime ?? o.detectionTime,
    environment: eventEnvironment(event ?? {}),
    release: version === null ? null : (releases.get(version) ?? null),
    ctx: { project: { organizationId } },
    occ: { projectId: o.projectId, fingerprintHashes: o.fingerprint },
  };
}

/** The new issue's row: the source's fields, the moved occurrences' counts and times. */
function newIssueRow(
  source: IssueRecord,
  ids: { id: number; shortId: number },
  moved: readonly Grouped[],
  now: Date,
): NewIssueRow {
  const sorted = [...moved].sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime());
  return {
    id: ids.id,
    organizationId: source.organizationId,
    projectId: source.projectId,
    shortId: ids.shortId,
    type: source.type,
    substatus: GroupSubStatus.NEW,
    priority: source.priority,
    level: source.level,
    message: source.message,
    culprit: source.culprit,
    platform: source.platform,
    title: source.title,
    data: source.data,
    timesSeen: moved.length,
    userCount: new Set(userEntries(moved).map((u) => u.userKey)).size,
    firstSeen: sorted[0]?.eventTime ?? now,
    lastSeen: sorted.at(-1)?.eventTime ?? now,
    firstReleaseId: sorted[0]?.release?.id ?? null,
    assigneeUserId: null,
    assigneeTeamId: null,
  };
}

/**
 * The source's first and last seen after the move: when the moved occurrences held one of its bounds,
 * the remaining occurrences' bound (null: unchanged, as when nothing remains to say otherwise).
 */
function sourceBounds(
  issue: IssueRecord,
  moved: readonly Grouped[],
  remaining: readonly Grouped[],
): { firstSeen: Date | null; lastSeen: Date | null } {
  if (moved.length === 0 || remaining.length === 0) return { firstSeen: null, lastSeen: null };
  const earliest = (list: readonly Grouped[]) =>
    list.reduce((acc, g) => Math.min(acc, g.eventTime.getTime()), Infinity);
  const latest = (list: readonly Grouped[]) =>
    list.reduce((acc, g) => Math.max(acc, g.eventTime.getTime()), -Infinity);
  return {
    firstSeen: earliest(moved) <= issue.firstSeen.getTime() ? new Date(earliest(remaining)) : null,
    lastSeen: latest(moved) >= issue.lastSeen.getTime() ? new Date(latest(remaining)) : null,
  };
}

/** Counts grouped occurrences into their issue with the ingest writers (no hash is attached). */
async function countInto(trx: Trx, grouped: readonly Grouped[], environmentIds: ReadonlyMap<string, number>) {
  const known = new Map<string, HashRow>(
    grouped.flatMap((g) =>
      g.occ.fingerprintHashes.map(
        (hash) => [key(g.occ.projectId, hash), { projectId: g.occ.projectId, hash, issueId: null }] as const,
      ),
    ),
  );
  const links = issueLinks(grouped, environmentIds, known);
  await upsertIssueEnvironments(trx, links.environments);
  await upsertIssueReleases(trx, links.releases);
  await addIssueStats(trx, links.stats);
  await insertIssueUsers(trx, userEntries(grouped));
  await addIssueTagValues(trx, issueTagCounts(grouped));
}

/**
 * Sentry's unmerge: the hashes move to a new issue with the occurrences they grouped, which count there
 * exactly as ingest counted them (hourly counts, environments, releases, users, tag values); the source
 * gives the same counts back and keeps only the environments, releases and users its remaining
 * occurrences name. The new issue's creation and both issues' unmerge activities go through
 * @sift/lifecycle. Null when none of `hashes` is the issue's; refuses to move every hash.
 */
export async function unmergeIssueHashes(trx: Trx, input: UnmergeInput): Promise<UnmergeResult | null> {
  const { issue, now } = input;
  const issueHashes = new Set(await listIssueHashes(trx, issue.id, { limit: 1_000_000, offset: 0 }));
  const moving = [...new Set(input.hashes)].filter((h) => issueHashes.has(h)).sort();
  if (moving.length === 0) return null;
  if (moving.length === issueHashes.size)
    throw new InvalidTransitionError("Cannot unmerge every hash of an issue: at least one must stay.");
  const stored = await listIssueOccurrences(trx, issue.id, { limit: 1_000_000_000, oldestFirst: true });
  const { moved, kept } = partitionOccurrences(stored, issueHashes, new Set(moving));

  const versions = [...new Set(stored.flatMap((o) => (o.event ? [eventRelease(o.event.data)] : [])))];
  const releases = await getOrCreateReleases(
    trx,
    issue.organizationId,
    versions.flatMap((v) => (v === null ? [] : [{ version: v, projectId: issue.projectId, seenAt: now }])),
  );
  const grouped = (list: readonly IssueOccurrence[], issueId: number) =>
    list.map((o) => asGrouped(o, issueId, issue.organizationId, releases));
  const environmentIds = await getOrCreateEnvironments(
    trx,
    grouped(stored, issue.id).map((g) => ({ organizationId: issue.organizationId, name: g.environment })),
  );

  const [id] = await allocateIssueIds(trx, 1);
  const shortIds = await allocateShortIds(trx, new Map([[issue.projectId, 1]]));
  const movedHere = grouped(moved, id!);
  const row = newIssueRow(issue, { id: id!, shortId: shortIds.get(issue.projectId)![0]! }, movedHere, now);
  await insertIssues(trx, [row]);
  await moveIssueHashes(trx, [issue.id], row.id, moving);
  await moveOccurrences(trx, moved, row.id);
  await countInto(trx, movedHere, environmentIds);

  const movedThere = grouped(moved, issue.id);
  const remaining = grouped(kept, issue.id);
  const known = new Map<string, HashRow>();
  await subtractIssueCounts(trx, issue.id, {
    ...sourceBounds(issue, movedThere, remaining),
    timesSeen: moved.length,
    stats: issueLinks(movedThere, environmentIds, known).stats,
    tags: issueTagCounts(movedThere),
  });
  await keepIssueLinks(trx, issue.id, {
    environmentIds: remaining.map((g) => environmentIds.get(key(issue.organizationId, g.environment))!),
    releaseIds: remaining.flatMap((g) => (g.release ? [g.release.id] : [])),
    userKeys: userEntries(remaining).map((u) => u.userKey),
  });
  await applyTransitions(trx, planUnmerge(issue, row, moving, now, input.userId ?? null));
  return { issueId: row.id, hashes: moving, occurrences: moved.length };
}
