import { SubscriptionReason, setIssueBookmarks, setIssueSubscriptions, setIssuesSeen } from "@sift/storage";
import type { UpdateRun } from "./update.js";
import type { IssueUpdateBody } from "./update-schema.js";

/**
 * The per-user verbs of an update — `isBookmarked`, `hasSeen`, `isSubscribed` — for a signed-in user,
 * in the update's transaction. Bookmarking also subscribes the user (unless they unsubscribed), as in
 * Sentry. A token has no user: its update echoes them and stores nothing.
 */
export async function applyUserState(run: UpdateRun, body: IssueUpdateBody, userId: number): Promise<void> {
  const issueIds = run.issues.map((i) => i.id);
  const base = { userId, issueIds, now: run.now };
  if (body.isBookmarked !== undefined) {
    await setIssueBookmarks(run.trx, { ...base, on: body.isBookmarked });
    if (body.isBookmarked)
      await setIssueSubscriptions(run.trx, {
        ...base,
        active: true,
        reason: SubscriptionReason.BOOKMARK,
        explicit: false,
      });
  }
  if (body.hasSeen !== undefined) await setIssuesSeen(run.trx, { ...base, seen: body.hasSeen });
  if (body.isSubscribed !== undefined)
    await setIssueSubscriptions(run.trx, {
      ...base,
      active: body.isSubscribed,
      reason: SubscriptionReason.UNKNOWN,
      explicit: true,
    });
}
