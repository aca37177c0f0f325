import {
  ACTIVITY_TYPE_NAMES,
  ActivityType,
  GroupHistoryStatus,
  GroupInboxReason,
  GroupStatus,
  GroupSubStatus,
  ResolutionStatus,
  ResolutionType,
  SUBSTATUS_STRINGS,
  parsePriority,
} from "@sift/schemas";
import type { Clock, Metrics } from "@sift/schemas";
import { followsSemver, resolutionActivityIdent } from "@sift/regression";
import {
  addToInbox,
  deleteResolutions,
  deleteSnoozes,
  findCommit,
  findNextRelease,
  findProjectRelease,
  getLatestRelease,
  inboxIssueIds,
  insertActivities,
  insertCommitLinks,
  insertHistory,
  issueCurrentRelease,
  latestReleaseWithCommit,
  listIssueActivities,
  lockIssuesForUpdate,
  recentOpenReleases,
  recordStatusActivities,
  removeFromInbox,
  resolveActor,
  setIssueAssignee,
  setIssuePriority,
  setIssueStatus,
  upsertResolutions,
  upsertSnoozes,
  withTransaction,
} from "@sift/storage";
import type {
  ActorRef,
  Db,
  IssueRecord,
  Organization,
  Release,
  ResolutionInput,
  StatusActivityInput,
} from "@sift/storage";
import type { Knex } from "knex";
import { badRequest } from "../http/errors.js";

import { iso, serializeCommit, teamActor, userActor } from "../serializers/common.js";
import type { IssueUpdateBody, StatusDetailsInput } from "./update-schema.js";

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
}

const NEW_ISSUE_WINDOW_MS = 7 * 86_400_000;

/** Rejects what Sift does not do, and substatuses that contradict the status, before anything runs. */
export function checkUpdateBody(body: IssueUpdateBody): void {
  if (body.merge === true) {
    throw badRequest(
      "Merging issues is not supported by Sift: the fingerprints of an issue decide its grouping.",
    );
  }
  if (body.discard === true) {
    throw badRequest("Discarding issues is not supported by Sift; delete the issues instead.");
  }
  if (body.substatus !== undefined && body.substatus !== null) {
    const implied = SUBSTATUS_STRINGS[body.substatus]!.status;
    if (body.status === undefined)
      throw badRequest(`Invalid field "substatus": a substatus needs a "status"`);
    const status = statusOfUpdate(body.status);
    if (status !== implied) {
      throw badRequest(
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

type Trx = Knex.Transaction;

interface UpdateRun {
  trx: Trx;
  deps: UpdateDeps;
  organization: Organization;
  issues: IssueRecord[];
  now: Date;
  result: Record<string, unknown>;
  /** Metrics to emit once committed. */
  metrics: { name: string; labels?: Record<string, string> }[];
}

/**
 * Applies a PUT body to the selected issues (reference-behaviour §14.3, in its order: priority,
 * status, assignee, inbox), in one transaction that first locks the issue rows in id order. Returns
 * the response body — the validated body with the computed fields — or null when no issue matched (204).
 */
export async function updateIssues(
  deps: UpdateDeps,
  selection: UpdateSelection,
  body: IssueUpdateBody,
): Promise<Record<string, unknown> | null> {
  checkUpdateBody(body);
  const outcome = await withTransaction(deps.db, async (trx) => {
    const issues = await lockIssuesForUpdate(trx, selection.organization.id, selection.ids, {
      projectIds: selection.projectIds,
    });
    if (issues.length === 0) return null;
    const run: UpdateRun = {
      trx,
      deps,
      organization: selection.organization,
      issues,
      now: deps.clock.now(),
      result: { ...body },
      metrics: [],
    };
    if (body.priority !== undefined) await applyPriority(run, body.priority);
    if (body.status !== undefined) {
      if (body.status === "resolved" || body.status === "resolvedInNextRelease")
        await applyResolve(run, body);
      else await applyStatus(run, body);
    }
    if (body.assignedTo !== undefined) await applyAssignee(run, body.assignedTo);
    if (body.isSubscribed !== undefined) run.result.subscriptionDetails = { reason: "unknown" };
    if (body.inbox !== undefined) await applyInbox(run, body.inbox);
    return run;
  });
  if (!outcome) return null;
  for (const m of outcome.metrics) deps.metrics.increment(m.name, m.labels ?? {});
  return outcome.result;
}

async function applyPriority(run: UpdateRun, value: string): Promise<void> {
  const priority = parsePriority(value)!;
  const changed = run.issues.filter((i) => i.priority !== priority);
  // Setting a priority by hand always locks it, changed or not.
  await setIssuePriority(
    run.trx,
    run.issues.map((i) => i.id),
    priority,
    run.now,
  );
  await insertActivities(
    run.trx,
    changed.map((i) => ({
      projectId: i.projectId,
      issueId: i.id,
      type: ActivityType.SET_PRIORITY,
      data: { priority: value, reason: null },
      datetime: run.now,
    })),
  );
  const history =
    value === "high"
      ? GroupHistoryStatus.PRIORITY_HIGH
      : value === "medium"
        ? GroupHistoryStatus.PRIORITY_MEDIUM
        : GroupHistoryStatus.PRIORITY_LOW;
  await insertHistory(
    run.trx,
    changed.map((i) => ({
      organizationId: i.organizationId,
      projectId: i.projectId,
      issueId: i.id,
      status: history,
      dateAdded: run.now,
    })),
  );
  for (const i of run.issues) {
    i.priority = priority;
    i.priorityLockedAt = run.now;
  }
  run.result.priority = value;
}

type ResolveMode = "plain" | "in_release" | "in_next_release" | "in_upcoming_release" | "in_commit";

const MULTI_PROJECT_MESSAGES: Record<Exclude<ResolveMode, "plain">, string> = {
  in_release: "Cannot set resolved in release for multiple projects.",
  in_next_release: "Cannot set resolved in next release for multiple projects.",
  in_upcoming_release: "Cannot set resolved in upcoming release for multiple projects.",
  in_commit: "Cannot set resolved in commit for multiple projects.",
};
const NO_RELEASE_DATA = "No release data present in the system to form a basis for 'Next Release'";

function resolveMode(body: IssueUpdateBody): ResolveMode {
  const details = body.statusDetails ?? {};
  if (body.status === "resolvedInNextRelease" || details.inNextRelease) return "in_next_release";
  if (details.inUpcomingRelease) return "in_upcoming_release";
  if (details.inRelease !== undefined) return "in_release";
  if (details.inCommit !== undefined) return "in_commit";
  return "plain";
}

interface PlannedResolution {
  resolution: ResolutionInput | null;
  activityType: number;
  activityData: Record<string, unknown>;
  releaseId: number | null;
}

async function applyResolve(run: UpdateRun, body: IssueUpdateBody): Promise<void> {
  const { trx, now, organization } = run;
  const details: StatusDetailsInput = body.statusDetails ?? {};
  const mode = resolveMode(body);
  const projectIds = [...new Set(run.issues.map((i) => i.projectId))];
  if (mode !== "plain" && projectIds.length > 1) throw badRequest(MULTI_PROJECT_MESSAGES[mode]);
  const projectId = projectIds[0]!;
  const plans = new Map<number, PlannedResolution>();
  let statusDetails: Record<string, unknown> = {};
  let commitLink: { commitId: number } | null = null;

  const resolutionOf = (
    issueId: number,
    type: number,
    status: number,
    release: Release | null,
  ): ResolutionInput => ({
    issueId,
    type,
    status,
    releaseId: release?.id ?? null,
    currentReleaseVersion: null,
    actorId: null,
    datetime: now,
  });

  switch (mode) {
    case "plain":
      for (const i of run.issues) {
        plans.set(i.id, {
          resolution: null,
          activityType: ActivityType.SET_RESOLVED,
          activityData: {},
          releaseId: null,
        });
      }
      break;
    case "in_release": {
      const version = details.inRelease!;
      const release =
        version === "latest"
          ? await getLatestRelease(trx, projectId)
          : await findProjectRelease(trx, organization.id, projectId, version);
      if (!release) {
        throw badRequest(
          version === "latest" ? NO_RELEASE_DATA : "Unable to find a release with the given version.",
        );
      }
      for (const i of run.issues) {
        plans.set(i.id, {
          resolution: resolutionOf(i.id, ResolutionType.IN_RELEASE, ResolutionStatus.RESOLVED, release),
          activityType: ActivityType.SET_RESOLVED_IN_RELEASE,
          activityData: { version: release.version },
          releaseId: release.id,
        });
      }
      statusDetails = { inRelease: release.version, actor: null };
      break;
    }
    case "in_next_release":
    case "in_upcoming_release": {
      const release = await getLatestRelease(trx, projectId);
      if (!release) throw badRequest(NO_RELEASE_DATA);
      if (mode === "in_upcoming_release") {
        for (const i of run.issues) {
          plans.set(i.id, {
            resolution: resolutionOf(
              i.id,
              ResolutionType.IN_UPCOMING_RELEASE,
              ResolutionStatus.PENDING,
              release,
            ),
            activityType: ActivityType.SET_RESOLVED_IN_RELEASE,
            activityData: { version: "" },
            releaseId: release.id,
          });
        }
        statusDetails = { inUpcomingRelease: true, actor: null };
        break;
      }
      const semver = followsSemver(await recentOpenReleases(trx, projectId));
      for (const i of run.issues) {
        const resolution = resolutionOf(
          i.id,
          ResolutionType.IN_NEXT_RELEASE,
          ResolutionStatus.PENDING,
          release,
        );
        const activityData: Record<string, unknown> = { version: "" };
        const current = await issueCurrentRelease(trx, i.id, semver);
        if (current) {
          resolution.currentReleaseVersion = current.version;
          if (semver) {
            // Semver: the resolution compares against the current version, so it is resolved now.
            activityData.current_release_version = current.version;
            resolution.type = ResolutionType.IN_RELEASE;
            resolution.status = ResolutionStatus.RESOLVED;
          } else {
            // Date-ordered: when the next release already exists, it is the one that resolves.
            const next = await findNextRelease(trx, projectId, current);
            if (next) {
              resolution.releaseId = next.id;
              resolution.type = ResolutionType.IN_RELEASE;
              resolution.status = ResolutionStatus.RESOLVED;
              activityData.version = next.version;
            }
          }
        }
        plans.set(i.id, {
          resolution,
          activityType: ActivityType.SET_RESOLVED_IN_RELEASE,
          activityData,
          releaseId: resolution.releaseId,
        });
      }
      statusDetails = { inNextRelease: true, actor: null };
      break;
    }
    case "in_commit": {
      const { commit: key, repository } = details.inCommit!;
      const found = await findCommit(trx, organization.id, repository, key);
      if (!found.found) {
        throw badRequest(
          found.missing === "repository"
            ? "Unable to find the given repository."
            : "Unable to find the given commit.",
        );
      }
      const release = await latestReleaseWithCommit(trx, found.commit.id);
      for (const i of run.issues) {
        plans.set(i.id, {
          resolution: release
            ? resolutionOf(i.id, ResolutionType.IN_RELEASE, ResolutionStatus.RESOLVED, release)
            : null,
          activityType: ActivityType.SET_RESOLVED_IN_COMMIT,
          activityData: { commit: found.commit.id },
          releaseId: release?.id ?? null,
        });
      }
      commitLink = { commitId: found.commit.id };
      statusDetails = { inCommit: serializeCommit(found.commit), actor: null };
      break;
    }
  }

  const ids = run.issues.map((i) => i.id);
  const resolutions = [...plans.values()].flatMap((p) => (p.resolution ? [p.resolution] : []));
  // A resolution replaces any earlier one; a plain resolve leaves none behind.
  await deleteResolutions(
    trx,
    ids.filter((id) => !plans.get(id)!.resolution),
  );
  await upsertResolutions(trx, resolutions);
  if (commitLink)
    await insertCommitLinks(
      trx,
      ids.map((issueId) => ({ issueId, commitId: commitLink.commitId, datetime: now })),
    );
  await setIssueStatus(trx, ids, { status: GroupStatus.RESOLVED, substatus: null, resolvedAt: now });
  await removeFromInbox(trx, ids);
  await deleteSnoozes(trx, ids);
  // Activities where something happened: the status changed or a resolution was (re)written.
  const affected = run.issues.filter((i) => i.status !== GroupStatus.RESOLVED || mode !== "plain");
  await recordStatusActivities(
    trx,
    affected.map((i): StatusActivityInput => {
      const plan = plans.get(i.id)!;
      return {
        organizationId: i.organizationId,
        projectId: i.projectId,
        issueId: i.id,
        activityType: plan.activityType,
        substatus: null,
        data: plan.activityData,
        ident:
          plan.activityType === ActivityType.SET_RESOLVED_IN_RELEASE ? resolutionActivityIdent(i.id) : null,
        releaseId: plan.releaseId,
        datetime: now,
      };
    }),
  );
  for (const i of run.issues) {
    i.status = GroupStatus.RESOLVED;
    i.substatus = null;
  }
  run.result.status = "resolved";
  run.result.statusDetails = statusDetails;
  run.result.inbox = null;
  if (run.issues.length === 1 && mode !== "plain") {
    const activities = await listIssueActivities(trx, run.issues[0]!.id, 100);
    run.result.activity = activities.map((a) => ({
      id: String(a.id),
      user: null,
      sentry_app: null,
      type: ACTIVITY_TYPE_NAMES[a.type] ?? String(a.type),
      data: a.data,
      dateCreated: iso(a.datetime),
    }));
  }
  run.metrics.push({ name: "group.resolved", labels: { instance: mode === "plain" ? "now" : mode } });
}

interface IgnoreSettings {
  duration: number | null;
  count: number | null;
  window: number | null;
  userCount: number | null;
  userWindow: number | null;
  untilEscalating: boolean;
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

async function applyStatus(run: UpdateRun, body: IssueUpdateBody): Promise<void> {
  const { trx, now } = run;
  const newStatus = statusOfUpdate(body.status!);
  const ignore = ignoreSettings(body);
  const hasCondition = ignore.duration !== null || ignore.count !== null || ignore.userCount !== null;
  let substatus: number;
  if (body.substatus) {
    substatus = SUBSTATUS_STRINGS[body.substatus]!.substatus;
  } else if (newStatus === GroupStatus.IGNORED) {
    substatus = ignore.untilEscalating
      ? GroupSubStatus.UNTIL_ESCALATING
      : hasCondition
        ? GroupSubStatus.UNTIL_CONDITION_MET
        : GroupSubStatus.FOREVER;
  } else {
    const only = run.issues.length === 1 ? run.issues[0]! : null;
    substatus =
      only &&
      only.status === GroupStatus.IGNORED &&
      only.firstSeen.getTime() > now.getTime() - NEW_ISSUE_WINDOW_MS
        ? GroupSubStatus.NEW
        : GroupSubStatus.ONGOING;
  }
  const ids = run.issues.map((i) => i.id);
  const changed = run.issues.filter((i) => i.status !== newStatus || i.substatus !== substatus);
  await setIssueStatus(
    trx,
    changed.map((i) => i.id),
    { status: newStatus, substatus },
  );
  await deleteResolutions(trx, ids);

  let statusDetails: Record<string, unknown> = {};
  let activityData: Record<string, unknown> = {};
  if (newStatus === GroupStatus.IGNORED) {
    await removeFromInbox(trx, ids);
    if (substatus === GroupSubStatus.UNTIL_ESCALATING) {
      await deleteSnoozes(trx, ids);
      statusDetails = { ignoreUntilEscalating: true };
      run.metrics.push({ name: "group.archived_until_escalating" });
    } else if (hasCondition) {
      const until = ignore.duration !== null ? new Date(now.getTime() + ignore.duration * 60_000) : null;
      await upsertSnoozes(
        trx,
        run.issues.map((i) => {
          const state: Record<string, unknown> = {};
          if (ignore.count !== null && ignore.window === null) state.times_seen = i.timesSeen;
          if (ignore.userCount !== null && ignore.userWindow === null) state.users_seen = i.userCount;
          return {
            issueId: i.id,
            until,
            count: ignore.count,
            window: ignore.count !== null ? ignore.window : null,
            userCount: ignore.userCount,
            userWindow: ignore.userCount !== null ? ignore.userWindow : null,
            state: Object.keys(state).length > 0 ? state : null,
            actorId: null,
            createdAt: now,
          };
        }),
      );
      statusDetails = {
        ignoreCount: ignore.count,
        ignoreUntil: iso(until),
        ignoreUserCount: ignore.userCount,
        ignoreUserWindow: ignore.userCount !== null ? ignore.userWindow : null,
        ignoreWindow: ignore.count !== null ? ignore.window : null,
        actor: null,
      };
    } else {
      await deleteSnoozes(trx, ids);
    }
    activityData = {
      ignoreCount: ignore.count,
      ignoreDuration: ignore.duration,
      ignoreUntil: iso(ignore.duration !== null ? new Date(now.getTime() + ignore.duration * 60_000) : null),
      ignoreUserCount: ignore.userCount,
      ignoreUserWindow: ignore.userWindow,
      ignoreWindow: ignore.window,
      ignoreUntilEscalating: substatus === GroupSubStatus.UNTIL_ESCALATING,
    };
    run.result.inbox = null;
    run.metrics.push({ name: "group.ignored" });
  } else {
    await deleteSnoozes(trx, ids);
    // An ignored issue brought back by hand returns to the inbox, as unignored.
    await addToInbox(
      trx,
      changed
        .filter((i) => i.status === GroupStatus.IGNORED)
        .map((i) => ({
          organizationId: i.organizationId,
          projectId: i.projectId,
          issueId: i.id,
          reason: GroupInboxReason.UNIGNORED,
          reasonDetails: null,
          dateAdded: now,
        })),
    );
  }
  await recordStatusActivities(
    trx,
    changed.map((i): StatusActivityInput => ({
      organizationId: i.organizationId,
      projectId: i.projectId,
      issueId: i.id,
      activityType:
        newStatus === GroupStatus.IGNORED ? ActivityType.SET_IGNORED : ActivityType.SET_UNRESOLVED,
      substatus,
      data: activityData,
      datetime: now,
    })),
  );
  for (const i of changed) {
    i.status = newStatus;
    i.substatus = substatus;
  }
  run.result.statusDetails = statusDetails;
}

async function applyAssignee(run: UpdateRun, assignedTo: string | null): Promise<void> {
  const { trx, now } = run;
  let actor: ActorRef | null = null;
  if (assignedTo !== null && assignedTo !== "") {
    actor = await resolveActor(trx, run.organization.id, assignedTo);
    if (!actor) {
      throw badRequest(
        /^(team:|#)/.test(assignedTo)
          ? "Cannot assign to a team without access to the project"
          : "Cannot assign to non-team member",
      );
    }
  }
  const userId = actor?.type === "user" ? actor.user.id : null;
  const teamId = actor?.type === "team" ? actor.team.id : null;
  const changed = run.issues.filter((i) => i.assigneeUserId !== userId || i.assigneeTeamId !== teamId);
  await setIssueAssignee(
    trx,
    run.issues.map((i) => i.id),
    { userId, teamId },
  );
  const targets = actor
    ? changed
    : changed.filter((i) => i.assigneeUserId !== null || i.assigneeTeamId !== null);
  await insertActivities(
    trx,
    targets.map((i) => ({
      projectId: i.projectId,
      issueId: i.id,
      type: actor ? ActivityType.ASSIGNED : ActivityType.UNASSIGNED,
      data: actor
        ? actor.type === "user"
          ? { assignee: String(actor.user.id), assigneeEmail: actor.user.email, assigneeType: "user" }
          : { assignee: String(actor.team.id), assigneeEmail: null, assigneeType: "team" }
        : {},
      datetime: now,
    })),
  );
  await insertHistory(
    trx,
    targets.map((i) => ({
      organizationId: i.organizationId,
      projectId: i.projectId,
      issueId: i.id,
      status: actor ? GroupHistoryStatus.ASSIGNED : GroupHistoryStatus.UNASSIGNED,
      dateAdded: now,
    })),
  );
  for (const i of run.issues) {
    i.assigneeUserId = userId;
    i.assigneeTeamId = teamId;
  }
  run.result.assignedTo = actor
    ? actor.type === "user"
      ? userActor(actor.user)
      : teamActor(actor.team)
    : null;
}

async function applyInbox(run: UpdateRun, inbox: boolean): Promise<void> {
  const { trx, now } = run;
  const ids = run.issues.map((i) => i.id);
  if (inbox) {
    await addToInbox(
      trx,
      run.issues.map((i) => ({
        organizationId: i.organizationId,
        projectId: i.projectId,
        issueId: i.id,
        reason: GroupInboxReason.MANUAL,
        reasonDetails: null,
        dateAdded: now,
      })),
    );
  } else {
    const inInbox = await inboxIssueIds(trx, ids);
    await removeFromInbox(trx, ids);
    await insertHistory(
      trx,
      run.issues
        .filter((i) => inInbox.has(i.id))
        .map((i) => ({
          organizationId: i.organizationId,
          projectId: i.projectId,
          issueId: i.id,
          status: GroupHistoryStatus.REVIEWED,
          dateAdded: now,
        })),
    );
  }
  run.result.inbox = inbox;
}
