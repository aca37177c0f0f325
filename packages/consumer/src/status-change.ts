import type { Knex } from "knex";
import { InvalidPayloadError } from "@sift/schemas";
import type { Clock, Logger, Metrics, StatusChange, StatusChangeOutcome } from "@sift/schemas";
import {
  findHashes,
  findStoredStatusChangeIds,
  getProjectsByIds,
  insertStatusChanges,
  lockIssueStates,
} from "@sift/storage";
import type { LockedIssueState, StatusChangeRow } from "@sift/storage";
import { applyTransitions, planStatusChange } from "@sift/lifecycle";
import type { Transition } from "@sift/lifecycle";
import { ConcurrentDuplicateError } from "@sift/grouping-engine";

export type StatusChangeResult =
  | { status: "stored"; outcome: StatusChangeOutcome; issueId: number | null }
  | { status: "replayed" }
  | { status: "invalid"; error: InvalidPayloadError };

export interface StatusChangeProcessorOptions {
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
}

type Item = { change: StatusChange; receivedAt: Date };

/** The issue each change's fingerprint names (the first hash that has one), locked in id order. */
async function lockTargets(
  trx: Knex.Transaction,
  items: readonly Item[],
): Promise<{ target: (number | null)[]; issues: Map<number, LockedIssueState> }> {
  const hashes = await findHashes(
    trx,
    items.flatMap((i) => i.change.fingerprintHashes.map((hash) => ({ projectId: i.change.projectId, hash }))),
  );
  const target = items.map(
    (i) =>
      i.change.fingerprintHashes.map((h) => hashes.get(`${i.change.projectId}:${h}`)).find((h) => h?.issueId)
        ?.issueId ?? null,
  );
  // Lock the issues so API updates and status changes serialise.
  const issues = await lockIssueStates(trx, [...new Set(target.filter((id) => id !== null))]);
  return { target, issues };
}

/** Status changes (planned and applied by @sift/lifecycle), in order, once per id. */
export function createStatusChangeProcessor(options: StatusChangeProcessorOptions) {
  const { logger, metrics, clock } = options;

  return async function processStatusChanges(
    trx: Knex.Transaction,
    items: readonly Item[],
  ): Promise<StatusChangeResult[]> {
    const now = clock.now();
    const results: StatusChangeResult[] = [];
    const stored = await findStoredStatusChangeIds(
      trx,
      items.map((i) => ({ projectId: i.change.projectId, id: i.change.id })),
    );
    const projects = new Set(
      (await getProjectsByIds(trx, [...new Set(items.map((i) => i.change.projectId))])).map((p) => p.id),
    );
    const { target, issues } = await lockTargets(trx, items);
    const seen = new Set<string>();
    const transitions: Transition[] = [];
    const rows: StatusChangeRow[] = [];

    items.forEach(({ change, receivedAt }, index) => {
      metrics.increment("occurrence_ingest.status_change.messages", { new_status: change.newStatus });
      const k = `${change.projectId}:${change.id}`;
      if (stored.has(k) || seen.has(k)) {
        results.push({ status: "replayed" });
        return;
      }
      seen.add(k);
      if (!projects.has(change.projectId)) {
        const error = new InvalidPayloadError(
          "PROJECT_NOT_FOUND",
          `Project ${change.projectId} does not exist`,
          "project_id",
        );
        results.push({ status: "invalid", error });
        return;
      }
      const issueId = target[index]!;
      const issue = issueId === null ? undefined : issues.get(issueId);
      const logCtx = { project_id: change.projectId, fingerprint: change.fingerprintHashes };
      let outcome: StatusChangeOutcome;
      if (!issue) {
        metrics.increment("occurrence_ingest.grouphash.not_found");
        metrics.increment("occurrence_ingest.status_change.dropped_group_not_found");
        logger.info(logCtx, "status_change.dropped_group_not_found");
        outcome = "group_not_found";
      } else {
        const plan = planStatusChange(issue, change, now);
        outcome = plan.outcome;
        issues.set(issue.id, plan.issue);
        transitions.push(...plan.transitions);
        if (outcome !== "applied" && outcome !== "no_op") {
          const ctx = { ...logCtx, new_status: change.newStatus, new_substatus: change.newSubstatus };
          logger.warn(ctx, `group.update_status.${outcome}`);
        }
      }
      const { projectId, id, newStatus, newSubstatus } = change;
      rows.push({ projectId, id, issueId: issue?.id ?? null, newStatus, newSubstatus, outcome, receivedAt });
      results.push({ status: "stored", outcome, issueId: issue?.id ?? null });
    });

    await applyTransitions(trx, transitions);
    const inserted = await insertStatusChanges(trx, rows);
    if (inserted !== rows.length) throw new ConcurrentDuplicateError(rows.length - inserted);
    return results;
  };
}
