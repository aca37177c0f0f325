import { MAX_RELEASE_VERSION_LENGTH, getOrCreateEnvironments, getOrCreateReleases } from "@sift/storage";
import type { Release } from "@sift/storage";
import type { Batch, Work } from "../batch.js";
import { key } from "../batch.js";

type ReleaseEntry = { version: string; projectId: number; seenAt: Date };

export interface ReleaseRequests {
  /** Organisation → the releases its events name. */
  releases: Map<number, ReleaseEntry[]>;
  environments: { organizationId: number; name: string }[];
}

/**
 * The releases and environments of the events, get-or-created (per organisation a select of its
 * releases and the insert of their project links, one select of the environments; those not found
 * are inserted and read again). Sets each occurrence's release; returns the environment ids by
 * (organisation, name).
 *
 * They are committed on their own, outside the batch's transaction, as Sentry creates a release
 * apart from the event that names it: inside it, a batch naming a release that another batch had
 * just created waited for that whole batch to commit (up to seconds) before it could go on. A batch
 * that fails later leaves its new releases and environments behind; they are what the events said,
 * and the retry finds them.
 */
export async function resolveReleases(batch: Batch, active: readonly Work[]): Promise<Map<string, number>> {
  const requests = releaseRequests(active);
  const releases = new Map<string, Release>();
  for (const [orgId, entries] of requests.releases) {
    for (const [version, release] of await getOrCreateReleases(batch.deps.db, orgId, entries)) {
      releases.set(key(orgId, version), release);
    }
  }
  for (const w of active) {
    if (w.releaseVersion)
      w.release = releases.get(key(w.ctx.project.organizationId, w.releaseVersion)) ?? null;
  }
  return getOrCreateEnvironments(batch.deps.db, requests.environments);
}

/** Read each event's release (trimmed, if not too long) and environment (at most 64 characters). */
export function releaseRequests(active: readonly Work[]): ReleaseRequests {
  const releases = new Map<number, ReleaseEntry[]>();
  const environments: { organizationId: number; name: string }[] = [];
  for (const w of active) {
    const ev = w.event ?? {};
    const organizationId = w.ctx.project.organizationId;
    const release = eventRelease(ev);
    if (release !== null) {
      w.releaseVersion = release;
      const list = releases.get(organizationId) ?? [];
      list.push({ version: release, projectId: w.occ.projectId, seenAt: w.eventTime });
      releases.set(organizationId, list);
    }
    w.environment = eventEnvironment(ev);
    environments.push({ organizationId, name: w.environment });
  }
  return { releases, environments };
}

/** An event's release version: trimmed, null when empty or too long. */
export function eventRelease(event: Record<string, unknown>): string | null {
  const release = typeof event.release === "string" ? event.release.trim() : "";
  return release !== "" && release.length <= MAX_RELEASE_VERSION_LENGTH ? release : null;
}

/** An event's environment name (at most 64 characters; "" when it names none). */
export function eventEnvironment(event: Record<string, unknown>): string {
  return typeof event.environment === "string" ? event.environment.slice(0, 64) : "";
}
