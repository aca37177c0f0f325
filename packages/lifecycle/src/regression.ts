import { ActivityType, GroupHistoryStatus, GroupInboxReason } from "@sift/schemas";

import { transition } from "./transition.js";
import type { IssueRef, Transition } from "./transition.js";

/** The reference's race guard: an issue active within 5 s of the regressing event does not regress. */
export const REGRESSION_GUARD_SECONDS = 5;

/** The `ident` of an issue's SET_RESOLVED_IN_RELEASE activity: the resolution's key, the issue id. */
export function resolutionActivityIdent(issueId: number): string {
  return String(issueId);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The back-fill: an empty `version` (resolved in next/upcoming release) becomes the
 * regressing release's version, other keys kept; data without a `version` becomes `{version}`.
 * Returns the new data, or null when the activity stays as it is.
 */
export function backfillResolvedInData(data: unknown, version: string): Record<string, unknown> | null {
  if (!isRecord(data) || !Object.hasOwn(data, "version")) return { version };
  if (data.version === "") return { ...data, version };
  return null;
}

/**
 * A regression: UNRESOLVED/REGRESSED with `active_at = last_seen = date`, applied only
 * if the compare-and-set wins. With a release the resolution goes and its resolved-in activity is
 * back-filled; the issue enters the inbox.
 */
export function planRegression(
  issue: IssueRef,
  input: {
    date: Date;
    eventId: string;
    release: { id: number; version: string } | null;
    followsSemver: boolean;
  },
  at: Date,
): Transition {
  const { release } = input;
  const t = transition(
    issue,
    at,
    { type: ActivityType.SET_REGRESSION, data: { event_id: input.eventId, version: release?.version ?? "" } },
    [{ status: GroupHistoryStatus.REGRESSED, releaseId: release?.id ?? null }],
  );
  t.regression = { date: input.date, version: release?.version ?? null, followsSemver: input.followsSemver };
  t.inbox = { add: GroupInboxReason.REGRESSION };
  if (release !== null) t.resolution = "delete";
  return t;
}

/**
 * The regression activity's data once the resolved-in activity is known: with one, the version it
 * names (after the back-fill) and whether the project follows semver.
 */
export function regressionActivityData(
  data: Record<string, unknown>,
  guard: { version: string; followsSemver: boolean },
  resolvedIn: Record<string, unknown>,
): Record<string, unknown> {
  return {
    ...data,
    follows_semver: guard.followsSemver,
    resolved_in_version: Object.hasOwn(resolvedIn, "version") ? resolvedIn.version : guard.version,
  };
}
