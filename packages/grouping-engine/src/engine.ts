import type { Knex } from "knex";
import type { Redis } from "ioredis";
import {
  ActivityType,
  GroupInboxReason,
  GroupStatus,
  GroupSubStatus,
  InvalidPayloadError,
  ingestFeatureFlag,
} from "@sift/schemas";
import type {
  Clock,
  GroupType,
  GroupTypeRegistry,
  Logger,
  MetricLabels,
  Metrics,
  Occurrence,
  OccurrenceOutcome,
} from "@sift/schemas";
import {
  MAX_RELEASE_VERSION_LENGTH,
  addIssueStats,
  addToInbox,
  allocateIssueIds,
  findEvents,
  findHashes,
  findStoredOccurrenceIds,
  getOrCreateEnvironments,
  getOrCreateReleases,
  insertEvents,
  insertHashes,
  insertIssueUsers,
  insertIssues,
  insertOccurrences,
  loadIssuesForIngest,
  lookupAssignees,
  recordStatusActivities,
  allocateShortIds,
  updateIssueAggregates,
  upsertIssueEnvironments,
  upsertIssueReleases,
} from "@sift/storage";
import type {
  Db,
  IngestIssue,
  IssueAggregateUpdate,
  NewIssueRow,
  OccurrenceRow,
  Release,
  StatusActivityInput,
  StoredEvent,
} from "@sift/storage";
import type { RegressionCandidate, RegressionEngine } from "@sift/regression";
import { Gates } from "./gates.js";
import type { NoiseRequest, QuotaRequest } from "./gates.js";
import {
  culpritOf,
  eventSearchBase,
  hourOf,
  levelValue,
  materialiseData,
  mergeData,
  normaliseMessage,
  PLACEHOLDER_TITLES,
  sameJson,
  searchMessage,
  titleOf,
  userKey,
} from "./issue-fields.js";
import type { IssueData } from "./issue-fields.js";
import { ProjectCache } from "./project-cache.js";
import type { ProjectContext } from "./project-cache.js";
import { evaluateSnoozes } from "./snooze.js";

export interface GroupingEngineOptions {
  db: Db;
  redis: Redis;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  types: GroupTypeRegistry;
  regression: RegressionEngine;
  /** Prefix of every Redis key (tests isolate with it). */
  keyPrefix?: string;
  /** How long project and feature lookups are cached (ms); 0 reads them every batch. */
  cacheTtlMs?: number;
}

export interface IngestItem {
  occurrence: Occurrence;
  receivedAt: Date;
}

export type OccurrenceResult =
  | {
      status: "stored";
      outcome: OccurrenceOutcome;
      issueId: number | null;
      isNew: boolean;
      isRegression: boolean;
    }
  | { status: "replayed" }
  | { status: "invalid"; error: InvalidPayloadError };

/** Work to do once the batch's transaction has committed. */
export interface BatchEffects {
  resetNoise: { projectId: number; hash: string }[];
}

export interface GroupingEngine {
  /** Process occurrences (in order) inside the caller's transaction. */
  processOccurrences(
    trx: Knex.Transaction,
    items: readonly IngestItem[],
  ): Promise<{ results: OccurrenceResult[]; effects: BatchEffects }>;
  afterCommit(effects: BatchEffects): Promise<void>;
  clearCaches(): void;
}

interface Work {
  index: number;
  creator: boolean;
  item: IngestItem;
  occ: Occurrence;
  ctx: ProjectContext;
  type: GroupType;
  event: Record<string, unknown> | null;
  eventTime: Date;
  eventType: string;
  releaseVersion: string | null;
  environment: string;
  release: Release | null;
  issueId: number | null;
  outcome: OccurrenceOutcome | null;
  isNew: boolean;
  isRegression: boolean;
}

interface Aggregate {
  issueId: number;
  items: Work[];
}

const key = (projectId: number, value: string): string => `${projectId}:${value}`;

export function createGroupingEngine(options: GroupingEngineOptions): GroupingEngine {
  const { db, logger, metrics, clock, types, regression } = options;
  const gates = new Gates(options.redis, options.keyPrefix ?? "");
  const projects = new ProjectCache(db, clock, options.cacheTtlMs ?? 5_000);

  async function processOccurrences(
    trx: Knex.Transaction,
    items: readonly IngestItem[],
  ): Promise<{ results: OccurrenceResult[]; effects: BatchEffects }> {
    const results: (OccurrenceResult | null)[] = items.map(() => null);
    const counter = new BatchCounter();
    const effects: BatchEffects = { resetNoise: [] };
    const now = clock.now();
    const contexts = await projects.get(items.map((i) => i.occurrence.projectId));

    // 1. Replays (stored before, or twice in this batch) change nothing.
    const stored = await findStoredOccurrenceIds(
      trx,
      items.map((i) => ({ projectId: i.occurrence.projectId, id: i.occurrence.id })),
    );
    const seen = new Set<string>();
    const work: (Work | null)[] = items.map((item, index) => {
      const occ = item.occurrence;
      const ctx = contexts.get(occ.projectId);
      counter.add("occurrence_ingest.messages", { occurrence_type: occ.type });
      if (!ctx) {
        results[index] = {
          status: "invalid",
          error: new InvalidPayloadError(
            "PROJECT_NOT_FOUND",
            `Project ${occ.projectId} does not exist`,
            "project_id",
          ),
        };
        return null;
      }
      const k = key(occ.projectId, occ.id);
      if (stored.has(k) || seen.has(k)) {
        results[index] = { status: "replayed" };
        return null;
      }
      seen.add(k);
      return {
        index,
        creator: false,
        item,
        occ,
        ctx,
        type: types.get(occ.type),
        event: null,
        eventTime: occ.eventTime ?? occ.detectionTime,
        eventType: "generic",
        releaseVersion: null,
        environment: "",
        release: null,
        issueId: null,
        outcome: null,
        isNew: false,
        isRegression: false,
      };
    });
    const live = work.filter((w): w is Work => w !== null);

    // 2. Feature gate for unreleased types: recorded, nothing else stored.
    for (const w of live) {
      if (!w.type.released && !w.ctx.features.has(ingestFeatureFlag(w.type))) {
        w.outcome = "feature_disabled";
        counter.add("occurrence_ingest.dropped_feature_disabled", { occurrence_type: w.type.id });
      }
    }

    // 3. Events: inline (stored), buffered spans (in memory only), or looked up.
    const eventsToStore = new Map<string, StoredEvent>();
    const lookups: Work[] = [];
    for (const w of live) {
      if (w.outcome) continue;
      const occ = w.occ;
      if (occ.event) {
        const data: Record<string, unknown> = { ...occ.event, metadata: { title: occ.issueTitle } };
        w.event = data;
        if (!occ.isBufferedSpans) {
          eventsToStore.set(key(occ.projectId, occ.eventId), {
            projectId: occ.projectId,
            eventId: occ.eventId,
            timestamp: w.eventTime,
            data,
            receivedAt: w.item.receivedAt,
          });
          counter.add("occurrence_consumer._process_message.save_issue_occurrence", {
            method: "process_event_and_issue_occurrence",
          });
        } else {
          counter.add("occurrence_consumer._process_message.save_issue_occurrence", {
            method: "create_event_and_issue_occurrence",
          });
        }
      } else {
        lookups.push(w);
      }
    }
    const lookupKeys = lookups
      .filter((w) => !eventsToStore.has(key(w.occ.projectId, w.occ.eventId)))
      .map((w) => ({ projectId: w.occ.projectId, eventId: w.occ.eventId }));
    const found = await findEvents(trx, lookupKeys);
    for (const w of lookups) {
      const k = key(w.occ.projectId, w.occ.eventId);
      const local = eventsToStore.get(k);
      const event = local ?? found.get(k);
      counter.add("occurrence_consumer._process_message.save_issue_occurrence", {
        method: "lookup_event_and_process_issue_occurrence",
      });
      if (!event) {
        const index = w.index;
        results[index] = {
          status: "invalid",
          error: new InvalidPayloadError(
            "EVENT_NOT_FOUND",
            `Failed to lookup event(${w.occ.eventId}) for project_id(${w.occ.projectId})`,
            "event_id",
          ),
        };
        work[index] = null;
        continue;
      }
      w.event = event.data;
      w.eventTime = event.timestamp;
      w.eventType = typeof event.data.type === "string" ? event.data.type : "default";
    }
    const active = work.filter((w): w is Work => w !== null && w.outcome === null);
    const recorded = work.filter((w): w is Work => w !== null);

    // 4. Releases and environments of the events (get-or-create, one round trip each per organisation).
    const releaseEntries = new Map<number, { version: string; projectId: number; seenAt: Date }[]>();
    const envEntries: { organizationId: number; name: string }[] = [];
    for (const w of active) {
      const ev = w.event ?? {};
      const release = typeof ev.release === "string" ? ev.release.trim() : "";
      if (release !== "" && release.length <= MAX_RELEASE_VERSION_LENGTH) {
        w.releaseVersion = release;
        const list = releaseEntries.get(w.ctx.project.organizationId) ?? [];
        list.push({ version: release, projectId: w.occ.projectId, seenAt: w.eventTime });
        releaseEntries.set(w.ctx.project.organizationId, list);
      }
      w.environment = typeof ev.environment === "string" ? ev.environment.slice(0, 64) : "";
      envEntries.push({ organizationId: w.ctx.project.organizationId, name: w.environment });
    }
    const releases = new Map<string, Release>();
    for (const [orgId, entries] of releaseEntries) {
      for (const [version, release] of await getOrCreateReleases(trx, orgId, entries)) {
        releases.set(key(orgId, version), release);
      }
    }
    for (const w of active) {
      if (w.releaseVersion)
        w.release = releases.get(key(w.ctx.project.organizationId, w.releaseVersion)) ?? null;
    }
    const environments = await getOrCreateEnvironments(trx, envEntries);

    // 5. Find issues by hash: the first fingerprint hash that exists wins.
    const hashes = await findHashes(
      trx,
      active.flatMap((w) => w.occ.fingerprintHashes.map((hash) => ({ projectId: w.occ.projectId, hash }))),
    );
    const newGroups = new Map<string, Work[]>();
    for (const w of active) {
      const hit = w.occ.fingerprintHashes.map((h) => hashes.get(key(w.occ.projectId, h))).find((h) => h);
      if (hit) {
        if (hit.issueId === null) w.outcome = "hash_without_issue";
        else w.issueId = hit.issueId;
      } else {
        const k = key(w.occ.projectId, w.occ.fingerprintHashes[0]!);
        const group = newGroups.get(k) ?? [];
        group.push(w);
        newGroups.set(k, group);
      }
    }

    // 6. New fingerprints: noise gate, then creation quota.
    const groups = [...newGroups.values()];
    const noiseRequests: NoiseRequest[] = [];
    const noiseIndex = new Map<Work[], number>();
    for (const group of groups) {
      const noise = group[0]!.type.noiseConfig;
      if (!noise) continue;
      noiseIndex.set(group, noiseRequests.length);
      noiseRequests.push({
        projectId: group[0]!.occ.projectId,
        hash: group[0]!.occ.fingerprintHashes[0]!,
        ignoreLimit: noise.ignoreLimit,
        expirySeconds: noise.expirySeconds,
        occurrenceIds: group.map((w) => w.occ.id),
      });
    }
    const crossings = await gates.noise(noiseRequests);
    const quotaRequests: QuotaRequest[] = [];
    const quotaFor: { group: Work[]; index: number }[] = [];
    for (const group of groups) {
      const i = noiseIndex.get(group);
      const crossed = i === undefined ? group.map((_, n) => n) : crossings[i]!;
      const type = group[0]!.type;
      if (i !== undefined) {
        counter.add("noise_reduction.should_create_group.threshold", {
          over_threshold: String(crossed.length > 0),
          group_type: type.slug,
        });
      }
      for (const index of crossed) {
        quotaFor.push({ group, index });
        quotaRequests.push({
          projectId: group[0]!.occ.projectId,
          typeSlug: type.slug,
          hash: group[0]!.occ.fingerprintHashes[0]!,
          windowSeconds: type.creationQuota.windowSeconds,
          limit: type.creationQuota.limit,
        });
      }
    }
    const granted = await gates.quota(quotaRequests, now);
    const creators = new Map<Work[], number>();
    const denied = new Set<Work>();
    quotaFor.forEach(({ group, index }, n) => {
      if (creators.has(group)) return;
      if (granted[n]) creators.set(group, index);
      else denied.add(group[index]!);
    });
    for (const group of groups) {
      const creator = creators.get(group);
      group.forEach((w, index) => {
        if (creator !== undefined && index >= creator) return;
        if (denied.has(w)) {
          w.outcome = "rate_limited";
          counter.add("issues.issue.dropped.rate_limiting", { group_type: w.type.slug });
        } else {
          w.outcome = "noise_gated";
          counter.add("issues.issue.dropped.noise_reduction", { group_type: w.type.slug });
        }
      });
      if (group[0]!.type.noiseConfig && creator !== undefined) {
        effects.resetNoise.push({
          projectId: group[0]!.occ.projectId,
          hash: group[0]!.occ.fingerprintHashes[0]!,
        });
      }
    }

    // 7. Race-safe creation: claim the primary hash; a loser joins the winner's issue.
    const creating = [...creators.entries()].map(([group, index]) => group.slice(index));
    const ids = await allocateIssueIds(trx, creating.length);
    const won = await insertHashes(
      trx,
      creating.map((g, n) => ({
        projectId: g[0]!.occ.projectId,
        hash: g[0]!.occ.fingerprintHashes[0]!,
        issueId: ids[n]!,
      })),
    );
    const newIssues: { id: number; items: Work[] }[] = [];
    const lost: Work[][] = [];
    creating.forEach((g, n) => {
      if (won.has(key(g[0]!.occ.projectId, g[0]!.occ.fingerprintHashes[0]!)))
        newIssues.push({ id: ids[n]!, items: g });
      else lost.push(g);
    });
    if (lost.length > 0) {
      const taken = await findHashes(
        trx,
        lost.map((g) => ({ projectId: g[0]!.occ.projectId, hash: g[0]!.occ.fingerprintHashes[0]! })),
      );
      for (const g of lost) {
        const hit = taken.get(key(g[0]!.occ.projectId, g[0]!.occ.fingerprintHashes[0]!));
        for (const w of g) {
          if (hit?.issueId) w.issueId = hit.issueId;
          else w.outcome = "hash_without_issue";
        }
      }
    }
    for (const issue of newIssues) {
      issue.items[0]!.creator = true;
      for (const w of issue.items) {
        w.issueId = issue.id;
        w.isNew = true;
      }
    }

    // 8. Existing issues: load, check the category, then regressions and snoozes.
    const existingIds = [
      ...new Set(active.filter((w) => w.outcome === null && !w.isNew).map((w) => w.issueId!)),
    ];
    const loaded = await loadIssuesForIngest(trx, existingIds);
    const existing = new Map<number, Aggregate>();
    for (const w of active) {
      if (w.outcome !== null || w.isNew) continue;
      const issue = loaded.get(w.issueId!);
      if (!issue) {
        w.outcome = "hash_without_issue";
        w.issueId = null;
        continue;
      }
      const issueCategory = types.find(issue.type)?.category;
      if (issueCategory !== w.type.category) {
        logger.error(
          { issue_category: issueCategory, event_type: "platform", group_id: issue.id },
          "save_issue_from_occurrence.category_mismatch",
        );
        w.outcome = "category_mismatch";
        continue;
      }
      const agg = existing.get(issue.id) ?? { issueId: issue.id, items: [] };
      agg.items.push(w);
      existing.set(issue.id, agg);
    }
    for (const w of active) if (w.outcome === null) w.outcome = "grouped";

    const candidates: RegressionCandidate[] = [];
    for (const agg of existing.values()) {
      const issue = loaded.get(agg.issueId)!;
      if (issue.status !== GroupStatus.RESOLVED && issue.status !== GroupStatus.UNRESOLVED) continue;
      const first = agg.items[0]!;
      candidates.push({
        issue: {
          id: issue.id,
          organizationId: issue.organizationId,
          projectId: issue.projectId,
          type: issue.type,
          status: issue.status,
          substatus: issue.substatus,
          lastSeen: issue.lastSeen,
          activeAt: issue.activeAt,
        },
        resolveAgeHours: first.ctx.project.resolveAgeHours,
        eventTime: first.eventTime,
        eventId: first.occ.eventId,
        release: first.release
          ? { id: first.release.id, version: first.release.version, dateAdded: first.release.dateAdded }
          : null,
      });
    }
    const regressions = await regression.handleRegressions(trx, candidates);
    for (const [issueId, outcome] of regressions) {
      if (!outcome.regressed) continue;
      const first = existing.get(issueId)?.items[0];
      if (first) first.isRegression = true;
    }

    // 9. Distinct users, then the issue rows: new ones inserted, existing ones updated once each.
    const newUsers = await insertIssueUsers(
      trx,
      active.flatMap((w) => {
        const user = w.outcome === "grouped" ? userKey(w.event) : null;
        return user ? [{ issueId: w.issueId!, userKey: user, firstSeen: w.eventTime }] : [];
      }),
    );

    const snoozeUpdates = await evaluateSnoozes(trx, {
      issues: [...existing.values()]
        .map((agg) => ({
          issue: loaded.get(agg.issueId)!,
          newOccurrences: agg.items.length,
          newUsers: newUsers.get(agg.issueId) ?? 0,
        }))
        .filter((s) => s.issue.status === GroupStatus.IGNORED),
      now,
    });

    const shortIdCounts = new Map<number, number>();
    for (const issue of newIssues) {
      const p = issue.items[0]!.occ.projectId;
      shortIdCounts.set(p, (shortIdCounts.get(p) ?? 0) + 1);
    }
    const shortIds = await allocateShortIds(trx, shortIdCounts);
    const assignees = await resolveAssignees(trx, newIssues);
    const rows: NewIssueRow[] = [];
    const activities: StatusActivityInput[] = [];
    for (const issue of newIssues) {
      const creator = issue.items[0]!;
      const p = creator.occ.projectId;
      const shortId = shortIds.get(p)!.shift()!;
      const priority = creator.occ.priority ?? creator.type.defaultPriority;
      const data = materialiseData(creator.occ, creator.eventType, eventMetadata(creator), priority);
      const sdk = creator.event?.sdk as Record<string, unknown> | undefined;
      if (sdk && typeof sdk.name === "string")
        data.metadata.sdk = { name: sdk.name, name_normalized: sdk.name };
      const base: IngestIssue = {
        id: issue.id,
        organizationId: creator.ctx.project.organizationId,
        projectId: p,
        type: creator.type.id,
        status: GroupStatus.UNRESOLVED,
        substatus: GroupSubStatus.NEW,
        priority,
        priorityLockedAt: null,
        level: levelValue(creator.occ.level),
        message: searchMessage(eventSearchBase(creator.event), creator.occ),
        culprit: culpritOf(creator.occ),
        title: titleOf(creator.occ),
        data,
        timesSeen: 1,
        userCount: 0,
        firstSeen: creator.eventTime,
        lastSeen: creator.eventTime,
        activeAt: creator.eventTime,
      };
      const folded = fold(base, issue.items.slice(1));
      const assignee = creator.occ.assignee
        ? assignees.get(key(base.organizationId, creator.occ.assignee))
        : undefined;
      if (creator.occ.assignee && !assignee) {
        logger.warn(
          { assignee: creator.occ.assignee, project_id: p },
          "assignee is not a member or team of the organization",
        );
      }
      rows.push({
        id: issue.id,
        organizationId: base.organizationId,
        projectId: p,
        shortId,
        type: base.type,
        substatus: GroupSubStatus.NEW,
        priority,
        level: folded.level,
        message: folded.message,
        culprit: folded.culprit,
        platform: typeof creator.event?.platform === "string" ? creator.event.platform : null,
        title: folded.title,
        data: folded.data,
        timesSeen: issue.items.length,
        userCount: newUsers.get(issue.id) ?? 0,
        firstSeen: folded.firstSeen,
        lastSeen: folded.lastSeen,
        firstReleaseId: creator.release?.id ?? null,
        assigneeUserId: assignee?.userId ?? null,
        assigneeTeamId: assignee?.teamId ?? null,
      });
      if (assignee) {
        activities.push({
          organizationId: base.organizationId,
          projectId: p,
          issueId: issue.id,
          activityType: ActivityType.ASSIGNED,
          substatus: null,
          data: assignee.userId
            ? { assignee: String(assignee.userId), assigneeType: "user" }
            : { assignee: String(assignee.teamId), assigneeType: "team" },
          datetime: now,
        });
      }
      counter.add("group.created", { platform: String(rows.at(-1)!.platform ?? ""), type: base.type });
    }
    await insertIssues(trx, rows);

    const updates: IssueAggregateUpdate[] = [];
    for (const agg of existing.values()) {
      const issue = loaded.get(agg.issueId)!;
      const folded = fold(issue, agg.items);
      updates.push({
        id: issue.id,
        timesSeen: agg.items.length,
        newUsers: newUsers.get(issue.id) ?? 0,
        firstSeen: folded.firstSeen,
        lastSeen: folded.lastSeen,
        message: folded.message !== issue.message ? folded.message : null,
        level: folded.level !== issue.level ? folded.level : null,
        culprit: folded.culprit !== issue.culprit ? folded.culprit : null,
        title: folded.title !== issue.title ? folded.title : null,
        data: sameJson(folded.data, issue.data) ? null : folded.data,
      });
    }
    await updateIssueAggregates(trx, updates);
    await snoozeUpdates.apply();

    // 10. Environments, releases, hourly stats and extra fingerprints of grouped occurrences.
    const grouped = active.filter((w) => w.outcome === "grouped");
    const envRows = new Map<
      string,
      { issueId: number; environmentId: number; firstSeen: Date; firstReleaseId: number | null }
    >();
    const releaseRows = new Map<
      string,
      { issueId: number; releaseId: number; firstSeen: Date; lastSeen: Date }
    >();
    const stats = new Map<string, { issueId: number; hour: Date; count: number }>();
    const extraHashes = new Map<string, { projectId: number; hash: string; issueId: number }>();
    for (const w of grouped) {
      const issueId = w.issueId!;
      const environmentId = environments.get(key(w.ctx.project.organizationId, w.environment));
      if (environmentId !== undefined) {
        const k = `${issueId}:${environmentId}`;
        const prev = envRows.get(k);
        if (!prev || w.eventTime < prev.firstSeen) {
          envRows.set(k, {
            issueId,
            environmentId,
            firstSeen: w.eventTime,
            firstReleaseId: w.release?.id ?? null,
          });
        }
      }
      if (w.release) {
        const k = `${issueId}:${w.release.id}`;
        const prev = releaseRows.get(k);
        releaseRows.set(k, {
          issueId,
          releaseId: w.release.id,
          firstSeen: prev && prev.firstSeen < w.eventTime ? prev.firstSeen : w.eventTime,
          lastSeen: prev && prev.lastSeen > w.eventTime ? prev.lastSeen : w.eventTime,
        });
      }
      const hour = hourOf(w.eventTime);
      const sk = `${issueId}:${hour.getTime()}`;
      const stat = stats.get(sk) ?? { issueId, hour, count: 0 };
      stat.count += 1;
      stats.set(sk, stat);
      for (const hash of w.occ.fingerprintHashes.slice(1)) {
        const hk = key(w.occ.projectId, hash);
        if (!hashes.has(hk)) extraHashes.set(hk, { projectId: w.occ.projectId, hash, issueId });
      }
    }
    await upsertIssueEnvironments(trx, [...envRows.values()]);
    await upsertIssueReleases(trx, [...releaseRows.values()]);
    await addIssueStats(trx, [...stats.values()]);
    if (extraHashes.size > 0) {
      const attached = await insertHashes(trx, [...extraHashes.values()]);
      if (attached.size < extraHashes.size) {
        logger.warn(
          { taken: extraHashes.size - attached.size },
          "fingerprint hash already linked to another issue",
        );
      }
    }

    // 11. New issues enter the inbox; assignments are recorded.
    await addToInbox(
      trx,
      newIssues.map((i) => ({
        organizationId: i.items[0]!.ctx.project.organizationId,
        projectId: i.items[0]!.occ.projectId,
        issueId: i.id,
        reason: GroupInboxReason.NEW,
        dateAdded: now,
      })),
    );
    await recordStatusActivities(trx, activities);

    // 12. Events and occurrences, each with its outcome. A concurrent duplicate aborts the batch for a retry.
    await insertEvents(trx, [...eventsToStore.values()]);
    const occurrenceRows: OccurrenceRow[] = recorded.map((w) => ({
      projectId: w.occ.projectId,
      id: w.occ.id,
      issueId: w.outcome === "grouped" ? w.issueId : null,
      eventId: w.occ.eventId,
      type: w.occ.type,
      outcome: w.outcome!,
      fingerprint: w.occ.fingerprintHashes,
      detectionTime: w.occ.detectionTime,
      eventTime: w.event ? w.eventTime : null,
      payload: serialiseOccurrence(w.occ),
      receivedAt: w.item.receivedAt,
    }));
    const inserted = await insertOccurrences(trx, occurrenceRows);
    if (inserted !== occurrenceRows.length)
      throw new ConcurrentDuplicateError(occurrenceRows.length - inserted);

    for (const w of recorded) {
      results[w.index] = {
        status: "stored",
        outcome: w.outcome!,
        issueId: w.outcome === "grouped" ? w.issueId : null,
        isNew: w.creator,
        isRegression: w.isRegression,
      };
    }
    counter.flush(metrics);
    return { results: results.map((r) => r ?? { status: "replayed" }), effects };
  }

  function eventMetadata(w: Work): Record<string, unknown> {
    const meta = w.event?.metadata;
    return meta && typeof meta === "object" ? { ...(meta as Record<string, unknown>) } : {};
  }

  /** Apply occurrences to an issue in order (reference §7): times, message, level, culprit, data. */
  function fold(issue: IngestIssue, ws: readonly Work[]): IngestIssue {
    const next = { ...issue };
    for (const w of ws) {
      if (w.eventTime > next.lastSeen) next.lastSeen = w.eventTime;
      if (w.eventTime < next.firstSeen) next.firstSeen = w.eventTime;
      const message = searchMessage(eventSearchBase(w.event), w.occ);
      if (
        message !== "" &&
        message !== next.message &&
        !PLACEHOLDER_TITLES.has(message) &&
        w.eventType !== "transaction"
      ) {
        next.message = normaliseMessage(message);
      }
      next.level = levelValue(w.occ.level);
      next.culprit = culpritOf(w.occ);
      const incoming: IssueData = materialiseData(w.occ, w.eventType, eventMetadata(w), w.occ.priority);
      next.data = mergeData(next.data, incoming);
      next.title = typeof next.data.title === "string" ? next.data.title : next.title;
    }
    return next;
  }

  async function resolveAssignees(
    trx: Knex.Transaction,
    created: readonly { id: number; items: Work[] }[],
  ): Promise<Map<string, { userId: number | null; teamId: number | null }>> {
    const byOrg = new Map<number, string[]>();
    for (const issue of created) {
      const creator = issue.items[0]!;
      if (!creator.occ.assignee) continue;
      const list = byOrg.get(creator.ctx.project.organizationId) ?? [];
      list.push(creator.occ.assignee);
      byOrg.set(creator.ctx.project.organizationId, list);
    }
    const result = new Map<string, { userId: number | null; teamId: number | null }>();
    for (const [orgId, identifiers] of byOrg) {
      for (const [ident, found] of await lookupAssignees(trx, orgId, identifiers))
        result.set(key(orgId, ident), found);
    }
    return result;
  }

  return {
    processOccurrences,
    async afterCommit(effects) {
      try {
        await gates.reset(effects.resetNoise);
      } catch (error) {
        logger.warn({ err: error }, "could not reset noise counters");
      }
    },
    clearCaches() {
      projects.clear();
    },
  };
}

/** Counts a batch's metric increments and reports each (name, labels) once. */
class BatchCounter {
  private readonly counts = new Map<string, { name: string; labels: MetricLabels; n: number }>();

  add(name: string, labels: MetricLabels = {}): void {
    const key = `${name}|${Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(",")}`;
    const entry = this.counts.get(key);
    if (entry) entry.n += 1;
    else this.counts.set(key, { name, labels, n: 1 });
  }

  flush(metrics: Metrics): void {
    for (const { name, labels, n } of this.counts.values()) metrics.increment(name, labels, n);
    this.counts.clear();
  }
}

/** A concurrent consumer stored some of this batch's occurrences first: retry the batch. */
export class ConcurrentDuplicateError extends InvalidPayloadError {
  constructor(count: number) {
    super("CONCURRENT_UPDATE", `${count} occurrence(s) were stored concurrently; retrying the batch`);
    Object.defineProperty(this, "retryable", { value: true });
  }
}

/** The occurrence as stored (the reference's serialised form; the event is stored on its own). */
export function serialiseOccurrence(occ: Occurrence): Record<string, unknown> {
  return {
    id: occ.id,
    project_id: occ.projectId,
    event_id: occ.eventId,
    fingerprint: occ.fingerprint,
    issue_title: occ.issueTitle,
    subtitle: occ.subtitle,
    resource_id: occ.resourceId,
    evidence_data: occ.evidenceData,
    evidence_display: occ.evidenceDisplay,
    type: occ.type,
    detection_time: occ.detectionTime.getTime() / 1000,
    level: occ.level,
    culprit: occ.culprit,
    initial_issue_priority: occ.priority,
    assignee: occ.assignee,
    is_buffered_spans: occ.isBufferedSpans,
  };
}
