import type { Knex } from "knex";
import { planSnoozeExpired, snoozeExpired } from "@sift/lifecycle";
import type { Transition } from "@sift/lifecycle";
import { countRecentOccurrences, countRecentUsers, loadSnoozes } from "@sift/storage";
import type { IngestIssue } from "@sift/storage";

export interface SnoozeCheck {
  issue: IngestIssue;
  /** Occurrences grouped into the issue by this batch (not yet in the occurrences table). */
  newOccurrences: number;
  /** Users new to the issue in this batch (already in issue_users). */
  newUsers: number;
}

const minutesBefore = (now: Date, minutes: number): Date => new Date(now.getTime() - minutes * 60_000);

/**
 * Ignored issues whose snooze condition this batch meets go back to unresolved (escalating), leave the
 * snooze, and enter the inbox (@sift/lifecycle's `planSnoozeExpired`). Returns the transitions, to
 * apply once the issue rows are updated.
 */
export async function evaluateSnoozes(
  trx: Knex.Transaction,
  input: { issues: readonly SnoozeCheck[]; now: Date },
): Promise<Transition[]> {
  if (input.issues.length === 0) return [];
  const snoozes = await loadSnoozes(
    trx,
    input.issues.map((c) => c.issue.id),
  );
  if (snoozes.size === 0) return [];
  const windowed = [...snoozes.values()];
  const recentOccurrences = await countRecentOccurrences(
    trx,
    windowed
      .filter((s) => s.count && s.window)
      .map((s) => ({ issueId: s.issueId, since: minutesBefore(input.now, s.window!) })),
  );
  const recentUsers = await countRecentUsers(
    trx,
    windowed
      .filter((s) => s.userCount && s.userWindow)
      .map((s) => ({ issueId: s.issueId, since: minutesBefore(input.now, s.userWindow!) })),
  );
  return input.issues.flatMap((c) => {
    const snooze = snoozes.get(c.issue.id);
    const counts = {
      recentOccurrences: recentOccurrences.get(c.issue.id) ?? 0,
      recentUsers: recentUsers.get(c.issue.id) ?? 0,
      newOccurrences: c.newOccurrences,
      newUsers: c.newUsers,
    };
    return snooze !== undefined && snoozeExpired(snooze, c.issue, counts, input.now)
      ? [planSnoozeExpired(c.issue, snooze, input.now)]
      : [];
  });
}
