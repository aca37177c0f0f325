import { GroupStatus } from "@sift/schemas";
import { followsSemver } from "@sift/regression";
import { InvalidTransitionError, applyTransitions, planResolve, resolveProject } from "@sift/lifecycle";
import type { ResolveInput, ResolveMode } from "@sift/lifecycle";
import {
  findCommit,
  findNextRelease,
  findProjectRelease,
  getLatestRelease,
  issueCurrentRelease,
  latestReleaseWithCommit,
  listIssueActivities,
  recentOpenReleases,
} from "@sift/storage";
import type { Release } from "@sift/storage";

import { serializeCommit } from "../serializers/common.js";
import { serializeActivity } from "../serializers/event.js";
import type { UpdateRun } from "./update.js";
import type { IssueUpdateBody, StatusDetailsInput } from "./update-schema.js";

const NO_RELEASE_DATA = "No release data present in the system to form a basis for 'Next Release'";

function resolveMode(body: IssueUpdateBody): ResolveMode {
  const details = body.statusDetails ?? {};
  if (body.status === "resolvedInNextRelease" || details.inNextRelease) return "in_next_release";
  if (details.inUpcomingRelease) return "in_upcoming_release";
  if (details.inRelease !== undefined) return "in_release";
  if (details.inCommit !== undefined) return "in_commit";
  return "plain";
}

interface LoadedResolve {
  input: ResolveInput;
  statusDetails: Record<string, unknown>;
}

/** What the resolve of `mode` needs from the database, and the `statusDetails` it answers with. */
async function loadResolve(
  run: UpdateRun,
  mode: ResolveMode,
  details: StatusDetailsInput,
  projectId: number,
): Promise<LoadedResolve> {
  const { trx, organization } = run;
  switch (mode) {
    case "plain":
      return { input: { mode }, statusDetails: {} };
    case "in_release": {
      const version = details.inRelease!;
      const release =
        version === "latest"
          ? await getLatestRelease(trx, projectId)
          : await findProjectRelease(trx, organization.id, projectId, version);
      if (!release) {
        throw new InvalidTransitionError(
          version === "latest" ? NO_RELEASE_DATA : "Unable to find a release with the given version.",
        );
      }
      return { input: { mode, release }, statusDetails: { inRelease: release.version } };
    }
    case "in_next_release":
    case "in_upcoming_release": {
      const release = await getLatestRelease(trx, projectId);
      if (!release) throw new InvalidTransitionError(NO_RELEASE_DATA);
      if (mode === "in_upcoming_release") {
        return { input: { mode, release }, statusDetails: { inUpcomingRelease: true } };
      }
      const semver = followsSemver(await recentOpenReleases(trx, projectId));
      const releases = new Map<number, { current: Release | null; next: Release | null }>();
      for (const i of run.issues) {
        const current = await issueCurrentRelease(trx, i.id, semver);
        const next = current && !semver ? await findNextRelease(trx, projectId, current) : null;
        releases.set(i.id, { current: current ?? null, next: next ?? null });
      }
      return {
        input: { mode, release, semver, releases },
        statusDetails: { inNextRelease: true },
      };
    }
    case "in_commit": {
      const { commit: key, repository } = details.inCommit!;
      const found = await findCommit(trx, organization.id, repository, key);
      if (!found.found) {
        throw new InvalidTransitionError(
          found.missing === "repository"
            ? "Unable to find the given repository."
            : "Unable to find the given commit.",
        );
      }
      const release = await latestReleaseWithCommit(trx, found.commit.id);
      return {
        input: { mode, commitId: found.commit.id, release: release ?? null },
        statusDetails: { inCommit: serializeCommit(found.commit) },
      };
    }
  }
}

/** Resolve, in a release, the next or upcoming release, or a commit. */
export async function applyResolve(run: UpdateRun, body: IssueUpdateBody): Promise<void> {
  const { trx, now } = run;
  const mode = resolveMode(body);
  const projectId = resolveProject(run.issues, mode);
  const { input, statusDetails } = await loadResolve(run, mode, body.statusDetails ?? {}, projectId);
  await applyTransitions(trx, planResolve(run.issues, input, now));
  for (const i of run.issues) {
    i.status = GroupStatus.RESOLVED;
    i.substatus = null;
  }
  run.result.status = "resolved";
  run.result.statusDetails = statusDetails;
  run.result.inbox = null;
  if (run.issues.length === 1 && mode !== "plain") {
    const activities = await listIssueActivities(trx, run.issues[0]!.id, 100);
    run.result.activity = activities.map((a) => serializeActivity(a));
  }
  run.metrics.push({ name: "group.resolved", labels: { instance: mode === "plain" ? "now" : mode } });
}
