import type { Knex } from "knex";
import type { Clock, GroupTypeRegistry, Logger } from "@sift/schemas";
import { loadLatestCommitLinks, loadRecentReleases, loadResolutions } from "@sift/storage";
import { applyTransitions, planRegression } from "@sift/lifecycle";

import { hasPendingCommitResolution } from "./commit-resolution.js";
import { isEffectivelyResolved } from "./effectively-resolved.js";
import { FOLLOWS_SEMVER_RELEASE_COUNT, followsSemver, hasResolution } from "./resolution.js";

/** An issue an occurrence of the batch belongs to, with what the regression decision needs. */
export interface RegressionCandidate {
  /** The issue row as read before this batch updated it. */
  issue: {
    id: number;
    organizationId: number;
    projectId: number;
    type: number;
    status: number;
    substatus: number | null;
    lastSeen: Date;
    activeAt: Date;
  };
  /** The project's resolve age option in hours (0 = no auto-resolve by age). */
  resolveAgeHours: number;
  /** The occurrence's event time. */
  eventTime: Date;
  /** The occurrence's event id, 32 lower-case hex. */
  eventId: string;
  /** The event's release, already get-or-created; null when the event has none. */
  release: { id: number; version: string; dateAdded: Date } | null;
}

export interface RegressionResult {
  issueId: number;
  /** True when this call moved the issue to UNRESOLVED/REGRESSED. */
  regressed: boolean;
  /** The issue's new active_at and last_seen when it regressed, else null. */
  date: Date | null;
}

export interface RegressionEngineOptions {
  clock: Clock;
  logger: Logger;
  /** Decides whether a type may be auto-resolved by age (`enableAutoResolve`). */
  types: GroupTypeRegistry;
}

export interface RegressionEngine {
  /**
   * Decides and applies regressions for one batch, inside the caller's transaction. Pass at most one
   * candidate per issue (the earliest occurrence of the batch). Returns a result for every issue.
   */
  handleRegressions(
    trx: Knex.Transaction,
    candidates: readonly RegressionCandidate[],
  ): Promise<Map<number, RegressionResult>>;
}

function laterOf(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

/** Creates the regression engine the grouping engine runs inside its batch transaction. */
export function createRegressionEngine(options: RegressionEngineOptions): RegressionEngine {
  const { clock, logger, types } = options;

  async function handleRegressions(
    trx: Knex.Transaction,
    candidates: readonly RegressionCandidate[],
  ): Promise<Map<number, RegressionResult>> {
    const results = new Map<number, RegressionResult>();
    const byIssue = new Map<number, RegressionCandidate>();
    for (const candidate of candidates) {
      const id = candidate.issue.id;
      const seen = byIssue.get(id);
      if (seen !== undefined) {
        logger.warn({ issueId: id }, "regression.duplicate_candidate");
        if (candidate.eventTime.getTime() >= seen.eventTime.getTime()) continue;
      }
      byIssue.set(id, candidate);
      results.set(id, { issueId: id, regressed: false, date: null });
    }

    // (a) Only effectively resolved issues can regress; this needs no query.
    const now = clock.now();
    const resolved = [...byIssue.values()].filter((c) =>
      isEffectivelyResolved(c.issue, {
        resolveAgeHours: c.resolveAgeHours,
        autoResolveEnabled: types.find(c.issue.type)?.enableAutoResolve ?? true,
        now,
      }),
    );
    if (resolved.length === 0) return results;

    // (b) Resolutions, and the projects' recent releases for follows_semver.
    const resolutions = await loadResolutions(
      trx,
      resolved.map((c) => c.issue.id),
    );
    const projectsWithRelease = [
      ...new Set(resolved.filter((c) => c.release !== null).map((c) => c.issue.projectId)),
    ];
    const recentReleases = await loadRecentReleases(trx, projectsWithRelease, FOLLOWS_SEMVER_RELEASE_COUNT);
    const followsSemverOf = (c: RegressionCandidate): boolean =>
      c.release !== null && followsSemver(recentReleases.get(c.issue.projectId) ?? [], c.release.version);

    const uncovered = resolved.filter((c) => {
      const loaded = resolutions.get(c.issue.id);
      if (loaded === undefined) return true;
      const covered = hasResolution(loaded.resolution, c.release, {
        followsSemver: followsSemverOf(c),
        currentRelease: loaded.currentRelease,
        logger,
      });
      return !covered;
    });
    if (uncovered.length === 0) return results;

    // (c) A committed but unreleased fix suppresses regression. (d) No plugin vetoes in Sift.
    const links = await loadLatestCommitLinks(
      trx,
      uncovered.map((c) => c.issue.id),
    );
    const regressing = uncovered.filter((c) => {
      const link = links.get(c.issue.id);
      return !hasPendingCommitResolution(link === undefined ? [] : [link]);
    });
    if (regressing.length === 0) return results;

    // The compare-and-set (in @sift/lifecycle's apply): concurrent regressors and events within 5 s
    // of active_at lose there.
    const planned = regressing.map((c) =>
      planRegression(
        c.issue,
        {
          date: laterOf(c.eventTime, c.issue.lastSeen),
          eventId: c.eventId,
          release: c.release,
          followsSemver: followsSemverOf(c),
        },
        now,
      ),
    );
    const byId = new Map(regressing.map((c) => [c.issue.id, c]));
    for (const t of await applyTransitions(trx, planned)) {
      const c = byId.get(t.issue.id)!;
      const date = t.regression!.date;
      results.set(c.issue.id, { issueId: c.issue.id, regressed: true, date });
      logger.debug(
        {
          issueId: c.issue.id,
          eventId: c.eventId,
          releaseId: c.release?.id ?? null,
          date: date.toISOString(),
        },
        "regression.regressed",
      );
    }
    return results;
  }

  return { handleRegressions };
}
