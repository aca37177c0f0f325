import type { Clock, Metrics } from "@sift/schemas";
import { lockIssuesForUpdate, markIssuesForDeletion, withTransaction } from "@sift/storage";
import type { Db, Organization } from "@sift/storage";

export interface DeleteDeps {
  db: Db;
  clock: Clock;
  metrics: Metrics;
}

/**
 * Deletes issues of any type: locks them, marks them PENDING_DELETION with
 * `delete_after = now + 1 h`, removes their fingerprint hashes and inbox rows. They vanish from every
 * read at once; `purgeDeletedIssues` removes their rows later. Returns the ids deleted.
 */
export async function deleteIssues(
  deps: DeleteDeps,
  selection: { organization: Organization; ids: readonly number[]; projectIds?: readonly number[] },
): Promise<number[]> {
  if (selection.ids.length === 0) return [];
  const deleted = await withTransaction(deps.db, async (trx) => {
    const issues = await lockIssuesForUpdate(trx, selection.organization.id, selection.ids, {
      projectIds: selection.projectIds,
    });
    return markIssuesForDeletion(trx, issues, deps.clock.now());
  });
  if (deleted.length > 0) deps.metrics.increment("group.deleted", {}, deleted.length);
  return deleted;
}
