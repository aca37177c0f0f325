import { GroupStatus, GroupSubStatus, SUBSTATUS_STRINGS, parsePriority } from "@sift/schemas";
import type { Clock, Metrics } from "@sift/schemas";
import {
  InvalidTransitionError,
  applyMerge,
  applyTransitions,
  hasIgnoreCondition,
  ignoreUntil,
  planAssign,
  planInbox,
  planMerge,
  planPriority,
  planStatusUpdate,
  updateSubstatus,
} from "@sift/lifecycle";
import type { IgnoreSettings } from "@sift/lifecycle";
import {
  getStatusContext,
  inboxIssueIds,
  lockIssueHashes,
  lockIssuesForUpdate,
  resolveActor,
  withTransaction,
} from "@sift/storage";
import type { ActorRef, Db, IssueRecord, Organization } from "@sift/storage";
import type { Knex } from "knex";

import { iso, teamActor, userActor } from "../serializers/common.js";
import { setDefined, statusOf } from "../serializers/issue.js";
import type { IssueUpdateBody, StatusDetailsInput } from "./update-schema.js";
import { applyResolve } from "./update-resolve.js";
import { applyUserState } from "./update-user-state.js";

export interface UpdateDeps {
  db: Db;
  clock: Clock;
  metrics: Metrics;
}

/** Which issues an update touches: ids of the organization, optionally limited to projects. */
export interface UpdateSelection {
  organization: Organization;
  ids: readonly number[];
  projectIds?: readonly number[];
  /** The signed-in user (the per-user verbs); null or absent for a token. */
  userId?: number | null;
}

/** Rejects what Sift does not do, and substatuses that contradict the status, before anything runs. */
export function checkUpdateBody(body: IssueUpdateBody): void {
  if (body.discard === true) {
    throw new InvalidTransitionError(
      "Discarding issues is not supported by Sift; delete the issues instead.",
    );
  }
  if (body.substatus !== undefined && body.substatus !== null) {
    const implied = SUBSTATUS_STRINGS[body.substatus]!.status;
    if (body.status === undefined)
      throw new InvalidTransitionError(`Invalid field "substatus": a substatus needs a "status"`);
    const status = statusOfUpdate(body.status);
    if (status !== implied) {
      throw new InvalidTransitionError(
        `Invalid field "substatus": '${body.substatus}' is not a substatus of status '${body.status}'`,
      );
    }
  }
}

function statusOfUpdate(status: NonNullable<IssueUpdateBody["status"]>): number {
  switch (status) {
    case "resolved":
    case "resolvedInNextRelease":
      return GroupStatus.RESOLVED;
    case "unresolved":
      return GroupStatus.UNRESOLVED;
    case "ignored":
    case "muted":
      return GroupStatus.IGNORED;
  }
}

/** One PUT in progress: the locked issues (kept up to date verb after verb) and the answer being built. */
export interface UpdateRun {
  trx: Knex.Transaction;
  organization: Organization;
  issues: IssueRecord[];
  now: Date;
  result: Record<string, unknown>;
  /** Metrics to emit once committed. */
  metrics: { name: string; labels?: Record<string, string> }[];
}

/**
 * Applies a PUT body to the selected issues (Sentry's order: priority,
 * status, assignee, inbox), in one transaction that first locks the issue rows in id order. Each verb
 * is planned and applied by @sift/lifecycle. Returns the response body — the validated body with the
 * computed fields — or null when no issue matched (204).
 */
export async function updateIssues(
  deps: UpdateDeps,
  selection: UpdateSelection,
  body: IssueUpdateBody,
): Promise<Record<string, unknown> | null> {
  checkUpdateBody(body);
  const outcome = await withTransaction(deps.db, async (trx) => {
    // A merge moves hashes: it locks them before the issues, in the order ingest does.
    if (body.merge === true) await lockIssueHashes(trx, selection.ids);
    const issues = await lockIssuesForUpdate(trx, selection.organization.id, selection.ids, {
      projectIds: selection.projectIds,
    });
    if (issues.length === 0) return null;
    const run: UpdateRun = {
      trx,
      organization: selection.organization,
      issues,
      now: deps.clock.now(),
      result: { ...body },
      metrics: [],
    };
    if (body.merge === true) await applyMergeVerb(run);
    if (body.priority !== undefined) await applyPriority(run, body.priority);
    if (body.status !== undefined) {
      if (body.status === "resolved" || body.status === "resolvedInNextRelease")
        await applyResolve(run, body);
      else await applyStatus(run, body);
    }
    if (body.assignedTo !== undefined) await applyAssignee(run, body.assignedTo);
    if (body.isSubscribed !== undefined) run.result.subscriptionDetails = { reason: "unknown" };
    if (body.inbox !== undefined) await applyInbox(run, body.inbox);
    if (selection.userId != null) await applyUserState(run, body, selection.userId);
    await completeAnswer(run);
    return run;
  });
  if (!outcome) return null;
  for (const m of outcome.metrics) deps.metrics.increment(m.name, m.labels ?? {});
  return outcome.result;
}

/**
 * Sentry's document requires `isPublic`, `status` and `statusDetails` in every answer: a body without
 * a status answers the status of the first updated issue (by id), as the issue JSON would show it.
 */
async function completeAnswer(run: UpdateRun): Promise<void> {
  run.result.isPublic ??= false;
  if (run.result.status !== undefined) return;
  const first = run.issues.reduce((a, b) => (b.id < a.id ? b : a));
  const status = await getStatusContext(run.trx, [first.id]);
  const shown = statusOf(first, { status, now: run.now });
  run.result.status = shown.status;
  run.result.statusDetails = shown.statusDetails;
}

/** Merges the selected issues into one (Sentry's rule); the other verbs then apply to the parent. */
async function applyMergeVerb(run: UpdateRun): Promise<void> {
  const plan = planMerge(run.issues, run.now);
  await applyMerge(run.trx, plan);
  run.issues = await lockIssuesForUpdate(run.trx, run.organization.id, [plan.parent.id]);
  run.result.merge = { parent: String(plan.parent.id), children: plan.children.map((c) => String(c.id)) };
}

async function applyPriority(run: UpdateRun, value: string): Promise<void> {
  const priority = parsePriority(value)!;
  // Setting a priority by hand always locks it, changed or not.
  await applyTransitions(
    run.trx,
    run.issues.map((i) =>
      planPriority(i, i.priority, priority, run.now, { reason: null, lockedAt: run.now }),
    ),
  );
  for (const i of run.issues) {
    i.priority = priority;
    i.priorityLockedAt = run.now;
  }
  run.result.priority = value;
}

function ignoreSettings(body: IssueUpdateBody): IgnoreSettings {
  // As in the reference, the top-level fields are used when `statusDetails` is absent.
  const d: StatusDetailsInput = body.statusDetails ?? body;
  const positive = (v: number | null | undefined): number | null => (v ? v : null);
  return {
    duration: positive(d.ignoreDuration) ?? positive(body.snoozeDuration),
    count: positive(d.ignoreCount),
    window: positive(d.ignoreWindow),
    userCount: positive(d.ignoreUserCount),
    userWindow: positive(d.ignoreUserWindow),
    untilEscalating: d.ignoreUntilEscalating === true,
  };
}

/** The `statusDetails` of an ignore's answer (conditions that are not set are left out). */
function ignoreDetails(ignore: IgnoreSettings, substatus: number, now: Date): Record<string, unknown> {
  if (substatus === GroupSubStatus.UNTIL_ESCALATING) return { ignoreUntilEscalating: true };
  if (!hasIgnoreCondition(ignore)) return {};
  const details: Record<string, unknown> = {};
  setDefined(details, {
    ignoreCount: ignore.count,
    ignoreUntil: iso(ignoreUntil(ignore, now)),
    ignoreUserCount: ignore.userCount,
    ignoreUserWindow: ignore.userCount !== null ? ignore.userWindow : null,
    ignoreWindow: ignore.count !== null ? ignore.window : null,
  });
  return details;
}

async function applyStatus(run: UpdateRun, body: IssueUpdateBody): Promise<void> {
  const status = statusOfUpdate(body.status!);
  const ignore = ignoreSettings(body);
  const asked = body.substatus ? SUBSTATUS_STRINGS[body.substatus]!.substatus : null;
  const substatus = updateSubstatus(run.issues, { status, substatus: asked, ignore }, run.now);
  await applyTransitions(run.trx, planStatusUpdate(run.issues, { status, substatus, ignore }, run.now));
  if (status === GroupStatus.IGNORED) {
    run.result.statusDetails = ignoreDetails(ignore, substatus, run.now);
    if (substatus === GroupSubStatus.UNTIL_ESCALATING)
      run.metrics.push({ name: "group.archived_until_escalating" });
    run.result.inbox = null;
    run.metrics.push({ name: "group.ignored" });
  } else {
    run.result.statusDetails = {};
  }
  for (const i of run.issues) {
    i.status = status;
    i.substatus = substatus;
  }
}

async function applyAssignee(run: UpdateRun, assignedTo: string | null): Promise<void> {
  let actor: ActorRef | null = null;
  if (assignedTo !== null && assignedTo !== "") {
    actor = await resolveActor(run.trx, run.organization.id, assignedTo);
    if (!actor) {
      throw new InvalidTransitionError(
        /^(team:|#)/.test(assignedTo)
          ? "Cannot assign to a team without access to the project"
          : "Cannot assign to non-team member",
      );
    }
  }
  await applyTransitions(run.trx, planAssign(run.issues, actor, run.now));
  for (const i of run.issues) {
    i.assigneeUserId = actor?.type === "user" ? actor.user.id : null;
    i.assigneeTeamId = actor?.type === "team" ? actor.team.id : null;
  }
  run.result.assignedTo = actor
    ? actor.type === "user"
      ? userActor(actor.user)
      : teamActor(actor.team)
    : null;
}

async function applyInbox(run: UpdateRun, inbox: boolean): Promise<void> {
  const inInbox = inbox
    ? new Set<number>()
    : await inboxIssueIds(
        run.trx,
        run.issues.map((i) => i.id),
      );
  await applyTransitions(run.trx, planInbox(run.issues, inbox, inInbox, run.now));
  run.result.inbox = inbox;
}
