import type { Knex } from "knex";
import { ActivityType } from "@sift/schemas";
import {
  addToInbox,
  deleteResolutions,
  deleteSnoozes,
  insertActivities,
  insertCommitLinks,
  insertHistory,
  loadLatestActivities,
  markRegressed,
  removeFromInbox,
  updateActivityData,
  updateIssueStates,
  upsertResolutions,
  upsertSnoozes,
} from "@sift/storage";
import type { IssueStateUpdate } from "@sift/storage";

import {
  REGRESSION_GUARD_SECONDS,
  backfillResolvedInData,
  regressionActivityData,
  resolutionActivityIdent,
} from "./regression.js";
import type { ActivityPlan, Transition } from "./transition.js";

type Trx = Knex.Transaction;

/** Per issue, the last value `pick` finds in the transitions (a later change wins). */
function lastPerIssue<T>(
  transitions: readonly Transition[],
  pick: (t: Transition) => T | undefined,
): Map<number, T> {
  const result = new Map<number, T>();
  for (const t of transitions) {
    const value = pick(t);
    if (value !== undefined) result.set(t.issue.id, value);
  }
  return result;
}

/** The regressions' compare-and-set; a regression that loses it is not applied at all. */
async function compareAndSet(trx: Trx, transitions: readonly Transition[]): Promise<Transition[]> {
  const guarded = transitions.filter((t) => t.regression !== undefined);
  if (guarded.length === 0) return [...transitions];
  const won = await markRegressed(
    trx,
    guarded.map((t) => ({ issueId: t.issue.id, date: t.regression!.date })),
    REGRESSION_GUARD_SECONDS,
  );
  return transitions.filter((t) => t.regression === undefined || won.has(t.issue.id));
}

/** One update per issue: the columns every transition of it sets, later ones winning. */
function issueUpdates(transitions: readonly Transition[]): IssueStateUpdate[] {
  const merged = new Map<number, IssueStateUpdate>();
  for (const t of transitions) {
    if (!t.set) continue;
    const next: IssueStateUpdate = { ...(merged.get(t.issue.id) ?? { id: t.issue.id }), ...t.set };
    // A later status change without a resolution time does not keep an earlier one.
    if (t.set.status !== undefined && t.set.resolvedAt === undefined) delete next.resolvedAt;
    merged.set(t.issue.id, next);
  }
  return [...merged.values()];
}

/** Upserts and deletes resolutions; returns the issues whose resolution row was deleted. */
async function writeResolutions(trx: Trx, transitions: readonly Transition[]): Promise<Set<number>> {
  const last = lastPerIssue(transitions, (t) => t.resolution);
  const deleted = await deleteResolutions(
    trx,
    [...last].flatMap(([id, r]) => (r === "delete" ? [id] : [])),
  );
  await upsertResolutions(
    trx,
    [...last].flatMap(([issueId, r]) => (r === "delete" ? [] : [{ ...r, issueId }])),
  );
  return deleted;
}

/**
 * Regressions that dropped a resolution back-fill its resolved-in activity and name its version;
 * returns the activity of each such transition.
 */
async function backfillResolvedIn(
  trx: Trx,
  transitions: readonly Transition[],
  deleted: ReadonlySet<number>,
): Promise<Map<Transition, ActivityPlan>> {
  const result = new Map<Transition, ActivityPlan>();
  const regressed = transitions.filter(
    (t) => t.regression?.version != null && t.activity !== null && deleted.has(t.issue.id),
  );
  if (regressed.length === 0) return result;
  const resolvedIn = await loadLatestActivities(
    trx,
    ActivityType.SET_RESOLVED_IN_RELEASE,
    regressed.map((t) => ({ issueId: t.issue.id, ident: resolutionActivityIdent(t.issue.id) })),
  );
  const backfills: { id: number; data: Record<string, unknown> }[] = [];
  for (const t of regressed) {
    const activity = resolvedIn.get(t.issue.id);
    if (activity === undefined) continue;
    const version = t.regression!.version!;
    const next = backfillResolvedInData(activity.data, version);
    if (next !== null) backfills.push({ id: activity.id, data: next });
    const data = next ?? (activity.data as Record<string, unknown>);
    result.set(t, {
      ...t.activity!,
      data: regressionActivityData(
        t.activity!.data,
        { version, followsSemver: t.regression!.followsSemver },
        data,
      ),
    });
  }
  await updateActivityData(trx, backfills);
  return result;
}

async function writeSnoozesAndInbox(trx: Trx, transitions: readonly Transition[]): Promise<void> {
  const snoozes = lastPerIssue(transitions, (t) => t.snooze);
  await deleteSnoozes(
    trx,
    [...snoozes].flatMap(([id, s]) => (s === "delete" ? [id] : [])),
  );
  await upsertSnoozes(
    trx,
    [...snoozes].flatMap(([issueId, s]) => (s === "delete" ? [] : [{ ...s, issueId }])),
  );
  const inbox = lastPerIssue(transitions, (t) => (t.inbox === undefined ? undefined : { t, op: t.inbox }));
  const entries = [...inbox.values()];
  await removeFromInbox(
    trx,
    entries.flatMap((e) => (e.op === "remove" ? [e.t.issue.id] : [])),
  );
  await addToInbox(
    trx,
    entries.flatMap(({ t, op }) =>
      op === "remove"
        ? []
        : [
            {
              organizationId: t.issue.organizationId,
              projectId: t.issue.projectId,
              issueId: t.issue.id,
              reason: op.add,
              reasonDetails: null,
              dateAdded: t.at,
            },
          ],
    ),
  );
}

/**
 * Applies planned transitions in the caller's transaction, in order, with one statement per table
 * for the whole list. The caller holds the issue rows' locks (or the regressions take them). Returns
 * the transitions that were applied: all of them but the regressions whose compare-and-set lost.
 */
export async function applyTransitions(trx: Trx, transitions: readonly Transition[]): Promise<Transition[]> {
  return (await applyAll(trx, transitions)).applied;
}

/** `applyTransitions`, also answering the id of the activity row each applied transition wrote. */
export async function applyAll(
  trx: Trx,
  transitions: readonly Transition[],
): Promise<{ applied: Transition[]; activityIds: Map<Transition, number> }> {
  const activityIds = new Map<Transition, number>();
  if (transitions.length === 0) return { applied: [], activityIds };
  const applied = await compareAndSet(trx, transitions);
  await updateIssueStates(trx, issueUpdates(applied));
  const deleted = await writeResolutions(trx, applied);
  const backfilled = await backfillResolvedIn(trx, applied, deleted);
  await insertCommitLinks(
    trx,
    applied.flatMap((t) =>
      t.commitId === undefined ? [] : [{ issueId: t.issue.id, commitId: t.commitId, datetime: t.at }],
    ),
  );
  await writeSnoozesAndInbox(trx, applied);
  const withActivity = applied.flatMap((t) => {
    const activity = backfilled.get(t) ?? t.activity;
    return activity === null ? [] : [{ t, activity }];
  });
  const ids = await insertActivities(
    trx,
    withActivity.map(({ t, activity }) => ({
      projectId: t.issue.projectId,
      issueId: t.issue.id,
      type: activity.type,
      ident: activity.ident ?? null,
      userId: activity.userId ?? null,
      data: activity.data,
      datetime: t.at,
    })),
  );
  withActivity.forEach(({ t }, i) => activityIds.set(t, ids[i]!));
  await insertHistory(
    trx,
    applied.flatMap((t) =>
      t.history.map((h) => ({
        organizationId: t.issue.organizationId,
        projectId: t.issue.projectId,
        issueId: t.issue.id,
        status: h.status,
        releaseId: h.releaseId,
        dateAdded: t.at,
      })),
    ),
  );
  return { applied, activityIds };
}
