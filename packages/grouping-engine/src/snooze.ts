import type { Knex } from "knex";
import { ActivityType, GroupInboxReason, GroupStatus, GroupSubStatus } from "@sift/schemas";
import {
  addToInbox,
  countRecentOccurrences,
  countRecentUsers,
  deleteSnoozes,
  loadSnoozes,
  recordStatusActivities,
  setIssueStatuses,
} from "@sift/storage";
import type { IngestIssue, SnoozeRow } from "@sift/storage";

export interface SnoozeCheck {
  issue: IngestIssue;
  /** Occurrences grouped into the issue by this batch (not yet in the occurrences table). */
  newOccurrences: number;
  /** Users new to the issue in this batch (already in issue_users). */
  newUsers: number;
}

const num = (v: unknown): number => (typeof v === "number" ? v : Number(v ?? 0));

/** Whether a snooze's condition is met (reference GroupSnooze: until, count [+window], user count [+window]). */
export function snoozeExpired(
  snooze: SnoozeRow,
  issue: { timesSeen: number; userCount: number },
  counts: { recentOccurrences: number; recentUsers: number; newOccurrences: number; newUsers: number },
  now: Date,
): boolean {
  if (snooze.until && now >= snooze.until) return true;
  if (snooze.count) {
    if (snooze.window) {
      if (counts.recentOccurrences + counts.newOccurrences >= snooze.count) return true;
    } else if (issue.timesSeen + counts.newOccurrences >= num(snooze.state?.times_seen) + snooze.count) {
      return true;
    }
  }
  if (snooze.userCount) {
    if (snooze.userWindow) {
      if (counts.recentUsers >= snooze.userCount) return true;
    } else if (issue.userCount + counts.newUsers >= num(snooze.state?.users_seen) + snooze.userCount) {
      return true;
    }
  }
  return false;
}

/**
 * Ignored issues whose snooze condition this batch meets go back to unresolved (escalating), leave the
 * snooze, and enter the inbox. Returns the writes to apply once the issue rows are updated.
 */
export async function evaluateSnoozes(
  trx: Knex.Transaction,
  input: { issues: readonly SnoozeCheck[]; now: Date },
): Promise<{ issueIds: number[]; apply(): Promise<void> }> {
  const none = { issueIds: [], apply: async () => undefined };
  if (input.issues.length === 0) return none;
  const snoozes = await loadSnoozes(
    trx,
    input.issues.map((c) => c.issue.id),
  );
  if (snoozes.size === 0) return none;
  const windowed = [...snoozes.values()];
  const recentOccurrences = await countRecentOccurrences(
    trx,
    windowed
      .filter((s) => s.count && s.window)
      .map((s) => ({ issueId: s.issueId, since: new Date(input.now.getTime() - s.window! * 60_000) })),
  );
  const recentUsers = await countRecentUsers(
    trx,
    windowed
      .filter((s) => s.userCount && s.userWindow)
      .map((s) => ({ issueId: s.issueId, since: new Date(input.now.getTime() - s.userWindow! * 60_000) })),
  );
  const expired = input.issues.filter((c) => {
    const snooze = snoozes.get(c.issue.id);
    return (
      snooze !== undefined &&
      snoozeExpired(
        snooze,
        c.issue,
        {
          recentOccurrences: recentOccurrences.get(c.issue.id) ?? 0,
          recentUsers: recentUsers.get(c.issue.id) ?? 0,
          newOccurrences: c.newOccurrences,
          newUsers: c.newUsers,
        },
        input.now,
      )
    );
  });
  if (expired.length === 0) return none;
  return {
    issueIds: expired.map((c) => c.issue.id),
    async apply() {
      await setIssueStatuses(
        trx,
        expired.map((c) => ({
          id: c.issue.id,
          status: GroupStatus.UNRESOLVED,
          substatus: GroupSubStatus.ESCALATING,
        })),
      );
      await deleteSnoozes(
        trx,
        expired.map((c) => c.issue.id),
      );
      await recordStatusActivities(
        trx,
        expired.map((c) => {
          const s = snoozes.get(c.issue.id)!;
          return {
            organizationId: c.issue.organizationId,
            projectId: c.issue.projectId,
            issueId: c.issue.id,
            activityType: ActivityType.SET_ESCALATING,
            substatus: GroupSubStatus.ESCALATING,
            data: {
              expired_snooze: {
                count: s.count,
                window: s.window,
                until: s.until?.toISOString() ?? null,
                user_count: s.userCount,
                user_window: s.userWindow,
              },
            },
            datetime: input.now,
          };
        }),
      );
      await addToInbox(
        trx,
        expired.map((c) => ({
          organizationId: c.issue.organizationId,
          projectId: c.issue.projectId,
          issueId: c.issue.id,
          reason: GroupInboxReason.ESCALATING,
          reasonDetails: null,
          dateAdded: input.now,
        })),
      );
    },
  };
}
