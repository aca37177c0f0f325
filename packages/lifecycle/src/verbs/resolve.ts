import { ActivityType, GroupStatus, ResolutionStatus, ResolutionType, historyStatusFor } from "@sift/schemas";
import type { ResolutionInput } from "@sift/storage";

import { InvalidTransitionError } from "../errors.js";
import { resolutionActivityIdent } from "../regression.js";
import { transition } from "../transition.js";
import type { IssueSnapshot, Transition } from "../transition.js";

export type ResolveMode = "plain" | "in_release" | "in_next_release" | "in_upcoming_release" | "in_commit";

interface ReleaseRef {
  id: number;
  version: string;
}

/** What a resolve needs to know, loaded by the caller for its mode. */
export type ResolveInput =
  | { mode: "plain" }
  | { mode: "in_release" | "in_upcoming_release"; release: ReleaseRef }
  | {
      mode: "in_next_release";
      /** The project's latest release. */
      release: ReleaseRef;
      /** Whether the project follows semver. */
      semver: boolean;
      /** Per issue: its current release and, date-ordered, the release after it if there is one. */
      releases: ReadonlyMap<number, { current: ReleaseRef | null; next: ReleaseRef | null }>;
    }
  | { mode: "in_commit"; commitId: number; release: ReleaseRef | null };

const MULTI_PROJECT_MESSAGES: Record<Exclude<ResolveMode, "plain">, string> = {
  in_release: "Cannot set resolved in release for multiple projects.",
  in_next_release: "Cannot set resolved in next release for multiple projects.",
  in_upcoming_release: "Cannot set resolved in upcoming release for multiple projects.",
  in_commit: "Cannot set resolved in commit for multiple projects.",
};

/** The one project a resolve in a release or commit works in; a plain resolve may span projects. */
export function resolveProject(issues: readonly IssueSnapshot[], mode: ResolveMode): number {
  const projectIds = [...new Set(issues.map((i) => i.projectId))];
  if (mode !== "plain" && projectIds.length > 1)
    throw new InvalidTransitionError(MULTI_PROJECT_MESSAGES[mode]);
  return projectIds[0]!;
}

interface ResolvePlan {
  resolution: Omit<ResolutionInput, "issueId"> | null;
  activityType: number;
  activityData: Record<string, unknown>;
  releaseId: number | null;
}

function resolution(type: number, status: number, release: ReleaseRef, at: Date) {
  return { type, status, releaseId: release.id, currentReleaseVersion: null, actorId: null, datetime: at };
}

function planNextRelease(
  input: Extract<ResolveInput, { mode: "in_next_release" }>,
  issueId: number,
  at: Date,
) {
  const r: Omit<ResolutionInput, "issueId"> = resolution(
    ResolutionType.IN_NEXT_RELEASE,
    ResolutionStatus.PENDING,
    input.release,
    at,
  );
  const activityData: Record<string, unknown> = { version: "" };
  const { current, next } = input.releases.get(issueId) ?? { current: null, next: null };
  if (current) {
    r.currentReleaseVersion = current.version;
    if (input.semver) {
      // Semver: the resolution compares against the current version, so it is resolved now.
      activityData.current_release_version = current.version;
      r.type = ResolutionType.IN_RELEASE;
      r.status = ResolutionStatus.RESOLVED;
    } else if (next) {
      // Date-ordered: when the next release already exists, it is the one that resolves.
      r.releaseId = next.id;
      r.type = ResolutionType.IN_RELEASE;
      r.status = ResolutionStatus.RESOLVED;
      activityData.version = next.version;
    }
  }
  return {
    resolution: r,
    activityType: ActivityType.SET_RESOLVED_IN_RELEASE,
    activityData,
    releaseId: r.releaseId,
  };
}

function planOne(input: ResolveInput, issueId: number, at: Date): ResolvePlan {
  switch (input.mode) {
    case "plain":
      return { resolution: null, activityType: ActivityType.SET_RESOLVED, activityData: {}, releaseId: null };
    case "in_release":
      return {
        resolution: resolution(ResolutionType.IN_RELEASE, ResolutionStatus.RESOLVED, input.release, at),
        activityType: ActivityType.SET_RESOLVED_IN_RELEASE,
        activityData: { version: input.release.version },
        releaseId: input.release.id,
      };
    case "in_upcoming_release":
      return {
        resolution: resolution(
          ResolutionType.IN_UPCOMING_RELEASE,
          ResolutionStatus.PENDING,
          input.release,
          at,
        ),
        activityType: ActivityType.SET_RESOLVED_IN_RELEASE,
        activityData: { version: "" },
        releaseId: input.release.id,
      };
    case "in_next_release":
      return planNextRelease(input, issueId, at);
    case "in_commit":
      return {
        resolution: input.release
          ? resolution(ResolutionType.IN_RELEASE, ResolutionStatus.RESOLVED, input.release, at)
          : null,
        activityType: ActivityType.SET_RESOLVED_IN_COMMIT,
        activityData: { commit: input.commitId },
        releaseId: input.release?.id ?? null,
      };
  }
}

/**
 * Resolve: every issue becomes RESOLVED with `resolved_at`, leaves the inbox and its
 * snooze; its resolution is replaced (a plain resolve leaves none). The activity is written where
 * something happened: the status changed, or a resolution was (re)written.
 */
export function planResolve(issues: readonly IssueSnapshot[], input: ResolveInput, at: Date): Transition[] {
  return issues.map((i) => {
    const plan = planOne(input, i.id, at);
    const affected = i.status !== GroupStatus.RESOLVED || input.mode !== "plain";
    const history = historyStatusFor(plan.activityType, null);
    const t = transition(
      i,
      at,
      affected
        ? {
            type: plan.activityType,
            data: plan.activityData,
            ident:
              plan.activityType === ActivityType.SET_RESOLVED_IN_RELEASE
                ? resolutionActivityIdent(i.id)
                : null,
          }
        : null,
      affected && history !== null ? [{ status: history, releaseId: plan.releaseId }] : [],
    );
    t.set = { status: GroupStatus.RESOLVED, substatus: null, resolvedAt: at };
    t.resolution = plan.resolution ?? "delete";
    t.inbox = "remove";
    t.snooze = "delete";
    if (input.mode === "in_commit") t.commitId = input.commitId;
    return t;
  });
}
