import type { Knex } from "knex";
import {
  ActivityType,
  GroupHistoryStatus,
  GroupInboxReason,
  GroupStatus,
  GroupSubStatus,
  IGNORED_SUBSTATUSES,
  InvalidPayloadError,
  PriorityLevel,
  priorityToString,
} from "@sift/schemas";
import type { Clock, Logger, Metrics, StatusChange, StatusChangeOutcome } from "@sift/schemas";
import {
  addToInbox,
  findHashes,
  findStoredStatusChangeIds,
  getProjectsByIds,
  insertHistory,
  insertStatusChanges,
  recordStatusActivities,
  removeFromInbox,
} from "@sift/storage";
import type { HistoryInput, StatusActivityInput } from "@sift/storage";
import { ConcurrentDuplicateError } from "@sift/grouping-engine";

export type StatusChangeResult =
  | { status: "stored"; outcome: StatusChangeOutcome; issueId: number | null }
  | { status: "replayed" }
  | { status: "invalid"; error: InvalidPayloadError };

interface IssueState {
  id: number;
  organization_id: number;
  project_id: number;
  status: number;
  substatus: number | null;
  priority: number | null;
  priority_locked_at: Date | null;
  data: { metadata?: { initial_priority?: number | null }; initial_priority?: number | null };
}

const PRIORITY_HISTORY: Record<number, number> = {
  [PriorityLevel.HIGH]: GroupHistoryStatus.PRIORITY_HIGH,
  [PriorityLevel.MEDIUM]: GroupHistoryStatus.PRIORITY_MEDIUM,
  [PriorityLevel.LOW]: GroupHistoryStatus.PRIORITY_LOW,
};

export interface StatusChangeProcessorOptions {
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
}

/** Status changes of reference §10, applied in order, once per id. */
export function createStatusChangeProcessor(options: StatusChangeProcessorOptions) {
  const { logger, metrics, clock } = options;

  return async function processStatusChanges(
    trx: Knex.Transaction,
    items: readonly { change: StatusChange; receivedAt: Date }[],
  ): Promise<StatusChangeResult[]> {
    const now = clock.now();
    const results: StatusChangeResult[] = [];
    const stored = await findStoredStatusChangeIds(
      trx,
      items.map((i) => ({ projectId: i.change.projectId, id: i.change.id })),
    );
    const projects = new Map(
      (await getProjectsByIds(trx, [...new Set(items.map((i) => i.change.projectId))])).map((p) => [p.id, p]),
    );
    const hashes = await findHashes(
      trx,
      items.flatMap((i) =>
        i.change.fingerprintHashes.map((hash) => ({ projectId: i.change.projectId, hash })),
      ),
    );
    const issueIds = new Set<number>();
    const target = items.map((i) => {
      const hit = i.change.fingerprintHashes
        .map((h) => hashes.get(`${i.change.projectId}:${h}`))
        .find((h) => h?.issueId);
      if (hit?.issueId) issueIds.add(hit.issueId);
      return hit?.issueId ?? null;
    });
    // Lock the issues (in id order) so API updates and status changes serialise.
    const issues = new Map<number, IssueState>();
    if (issueIds.size > 0) {
      const rows = (await trx("issues")
        .whereIn(
          "id",
          [...issueIds].sort((a, b) => a - b),
        )
        .whereNotIn("status", [GroupStatus.PENDING_DELETION, GroupStatus.DELETION_IN_PROGRESS])
        .orderBy("id")
        .forUpdate()
        .select(
          "id",
          "organization_id",
          "project_id",
          "status",
          "substatus",
          "priority",
          "priority_locked_at",
          "data",
        )) as IssueState[];
      for (const row of rows) issues.set(row.id, row);
    }

    const seen = new Set<string>();
    const activities: StatusActivityInput[] = [];
    const priorityHistory: HistoryInput[] = [];
    const inboxAdd: Parameters<typeof addToInbox>[1][number][] = [];
    const inboxRemove = new Set<number>();
    const changed = new Map<number, IssueState & { resolvedAt?: Date | null }>();
    const rows: Parameters<typeof insertStatusChanges>[1][number][] = [];

    items.forEach(({ change, receivedAt }, index) => {
      metrics.increment("occurrence_ingest.status_change.messages", { new_status: change.newStatus });
      const k = `${change.projectId}:${change.id}`;
      if (stored.has(k) || seen.has(k)) {
        results.push({ status: "replayed" });
        return;
      }
      seen.add(k);
      if (!projects.has(change.projectId)) {
        results.push({
          status: "invalid",
          error: new InvalidPayloadError(
            "PROJECT_NOT_FOUND",
            `Project ${change.projectId} does not exist`,
            "project_id",
          ),
        });
        return;
      }
      const issueId = target[index]!;
      const issue = issueId === null ? undefined : issues.get(issueId);
      let outcome: StatusChangeOutcome;
      if (!issue) {
        metrics.increment("occurrence_ingest.grouphash.not_found");
        metrics.increment("occurrence_ingest.status_change.dropped_group_not_found");
        logger.info(
          { project_id: change.projectId, fingerprint: change.fingerprintHashes },
          "status_change.dropped_group_not_found",
        );
        outcome = "group_not_found";
      } else {
        outcome = apply(issue, change, now);
      }
      rows.push({
        projectId: change.projectId,
        id: change.id,
        issueId: issue?.id ?? null,
        newStatus: change.newStatus,
        newSubstatus: change.newSubstatus,
        outcome,
        receivedAt,
      });
      results.push({ status: "stored", outcome, issueId: issue?.id ?? null });
    });

    function apply(issue: IssueState, change: StatusChange, at: Date): StatusChangeOutcome {
      const { newStatus, newSubstatus } = change;
      const logCtx = {
        project_id: change.projectId,
        fingerprint: change.fingerprintHashes,
        new_status: newStatus,
        new_substatus: newSubstatus,
      };
      if (issue.status === newStatus && issue.substatus === newSubstatus) return "no_op";
      const needsSubstatus = newStatus === GroupStatus.UNRESOLVED || newStatus === GroupStatus.IGNORED;
      if (needsSubstatus && newSubstatus === null) {
        logger.warn(logCtx, "group.update_status.missing_substatus");
        return "missing_substatus";
      }
      if (!needsSubstatus && newSubstatus !== null) {
        logger.warn(logCtx, "group.update_status.unexpected_substatus");
        return "unexpected_substatus";
      }
      const base = {
        organizationId: issue.organization_id,
        projectId: issue.project_id,
        issueId: issue.id,
        datetime: at,
      };
      const record = (activityType: number, substatus: number | null, data: Record<string, unknown> = {}) =>
        activities.push({ ...base, activityType, substatus, data });
      const setPriority = (priority: number, reason: string) => {
        if (issue.priority === priority) return;
        issue.priority = priority;
        activities.push({
          ...base,
          activityType: ActivityType.SET_PRIORITY,
          substatus: null,
          data: { priority: priorityToString(priority), reason },
        });
        priorityHistory.push({
          organizationId: issue.organization_id,
          projectId: issue.project_id,
          issueId: issue.id,
          status: PRIORITY_HISTORY[priority]!,
          dateAdded: at,
        });
      };
      const set = (status: number, substatus: number | null) => {
        issue.status = status;
        issue.substatus = substatus;
        changed.set(issue.id, issue);
      };

      if (newStatus === GroupStatus.RESOLVED) {
        set(GroupStatus.RESOLVED, null);
        (changed.get(issue.id) as { resolvedAt?: Date }).resolvedAt = at;
        record(ActivityType.SET_RESOLVED, null);
        inboxRemove.add(issue.id);
        return "applied";
      }
      if (newStatus === GroupStatus.IGNORED) {
        if (!IGNORED_SUBSTATUSES.includes(newSubstatus!)) {
          logger.warn(logCtx, "group.update_status.invalid_substatus");
          return "invalid_substatus";
        }
        set(GroupStatus.IGNORED, newSubstatus);
        record(ActivityType.SET_IGNORED, newSubstatus);
        inboxRemove.add(issue.id);
        return "applied";
      }
      if (newStatus === GroupStatus.UNRESOLVED) {
        switch (newSubstatus) {
          case GroupSubStatus.ESCALATING: {
            if (issue.status !== GroupStatus.IGNORED) return "no_op";
            set(GroupStatus.UNRESOLVED, GroupSubStatus.ESCALATING);
            inboxRemove.delete(issue.id);
            inboxAdd.push({ ...base, reason: GroupInboxReason.ESCALATING, dateAdded: at });
            record(ActivityType.SET_ESCALATING, GroupSubStatus.ESCALATING);
            if (!issue.priority_locked_at) {
              setPriority(
                issue.priority === PriorityLevel.LOW ? PriorityLevel.MEDIUM : PriorityLevel.HIGH,
                "escalating",
              );
            }
            return "applied";
          }
          case GroupSubStatus.REGRESSED:
            set(GroupStatus.UNRESOLVED, GroupSubStatus.REGRESSED);
            record(ActivityType.SET_REGRESSION, GroupSubStatus.REGRESSED);
            return "applied";
          case GroupSubStatus.ONGOING: {
            const wasEscalating = issue.substatus === GroupSubStatus.ESCALATING;
            set(GroupStatus.UNRESOLVED, GroupSubStatus.ONGOING);
            if (wasEscalating) {
              record(ActivityType.AUTO_SET_ONGOING, GroupSubStatus.ONGOING);
              const initial = issue.data?.metadata?.initial_priority ?? issue.data?.initial_priority ?? null;
              // A priority a user set (locked) stays.
              if (typeof initial === "number" && !issue.priority_locked_at) setPriority(initial, "ongoing");
            } else {
              record(ActivityType.SET_UNRESOLVED, GroupSubStatus.ONGOING);
            }
            return "applied";
          }
          default:
            logger.warn(logCtx, "group.update_status.invalid_substatus");
            return "invalid_substatus";
        }
      }
      logger.warn(logCtx, "group.update_status.unsupported_status");
      return "unsupported_status";
    }

    if (changed.size > 0) {
      const list = [...changed.values()].sort((a, b) => a.id - b.id);
      await trx.raw(
        `UPDATE issues i SET status = u.status, substatus = u.substatus, priority = u.priority,
                resolved_at = CASE WHEN u.status = 1 THEN coalesce(u.resolved_at, i.resolved_at) ELSE i.resolved_at END
           FROM unnest(?::bigint[], ?::smallint[], ?::smallint[], ?::smallint[], ?::timestamptz[])
             AS u(id, status, substatus, priority, resolved_at)
          WHERE i.id = u.id`,
        [
          list.map((i) => i.id),
          list.map((i) => i.status),
          list.map((i) => i.substatus),
          list.map((i) => i.priority),
          list.map((i) => i.resolvedAt?.toISOString() ?? null),
        ] as unknown as Knex.RawBinding[],
      );
    }
    await recordStatusActivities(trx, activities);
    await insertHistory(trx, priorityHistory);
    await removeFromInbox(trx, [...inboxRemove]);
    await addToInbox(trx, inboxAdd);
    const inserted = await insertStatusChanges(trx, rows);
    if (inserted !== rows.length) throw new ConcurrentDuplicateError(rows.length - inserted);
    return results;
  };
}

export type StatusChangeProcessor = ReturnType<typeof createStatusChangeProcessor>;
