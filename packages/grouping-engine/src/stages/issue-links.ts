import { addIssueStats, insertHashes, upsertIssueEnvironments, upsertIssueReleases } from "@sift/storage";
import type { HashRow } from "@sift/storage";
import type { Batch, Grouped, Work } from "../batch.js";
import { key } from "../batch.js";
import { hourOf } from "../issue-fields.js";

export interface IssueLinks {
  environments: {
    issueId: number;
    environmentId: number;
    firstSeen: Date;
    firstReleaseId: number | null;
    lastSeen: Date;
  }[];
  releases: { issueId: number; releaseId: number; firstSeen: Date; lastSeen: Date }[];
  stats: { issueId: number; hour: Date; count: number }[];
  /** Fingerprint hashes of the occurrences that no issue had and the batch did not claim. */
  extraHashes: HashRow[];
}

/**
 * What the grouped occurrences add to their issues, one round trip per table: environments, releases,
 * hourly counts, and their other fingerprint hashes (a hash another issue took meanwhile stays there).
 */
export async function linkIssues(
  batch: Batch,
  active: readonly Work[],
  environmentIds: ReadonlyMap<string, number>,
  knownHashes: ReadonlyMap<string, HashRow>,
): Promise<void> {
  const links = issueLinks(
    active.filter((w) => w.outcome === "grouped"),
    environmentIds,
    knownHashes,
  );
  await upsertIssueEnvironments(batch.trx, links.environments);
  await upsertIssueReleases(batch.trx, links.releases);
  await addIssueStats(batch.trx, links.stats);
  if (links.extraHashes.length > 0) {
    const attached = await insertHashes(batch.trx, links.extraHashes);
    if (attached.size < links.extraHashes.length) {
      batch.deps.logger.warn(
        { taken: links.extraHashes.length - attached.size },
        "fingerprint hash already linked to another issue",
      );
    }
  }
}

export function issueLinks(
  grouped: readonly Grouped[],
  environmentIds: ReadonlyMap<string, number>,
  knownHashes: ReadonlyMap<string, HashRow>,
): IssueLinks {
  const environments = new Map<string, IssueLinks["environments"][number]>();
  const releases = new Map<string, IssueLinks["releases"][number]>();
  const stats = new Map<string, IssueLinks["stats"][number]>();
  const extraHashes = new Map<string, HashRow>();
  for (const w of grouped) {
    const issueId = w.issueId!;
    const environmentId = environmentIds.get(key(w.ctx.project.organizationId, w.environment));
    if (environmentId !== undefined) {
      const k = `${issueId}:${environmentId}`;
      const prev = environments.get(k);
      const earlier = !prev || w.eventTime < prev.firstSeen;
      environments.set(k, {
        issueId,
        environmentId,
        firstSeen: earlier ? w.eventTime : prev.firstSeen,
        firstReleaseId: earlier ? (w.release?.id ?? null) : prev.firstReleaseId,
        lastSeen: prev && prev.lastSeen > w.eventTime ? prev.lastSeen : w.eventTime,
      });
    }
    if (w.release) {
      const k = `${issueId}:${w.release.id}`;
      const prev = releases.get(k);
      releases.set(k, {
        issueId,
        releaseId: w.release.id,
        firstSeen: prev && prev.firstSeen < w.eventTime ? prev.firstSeen : w.eventTime,
        lastSeen: prev && prev.lastSeen > w.eventTime ? prev.lastSeen : w.eventTime,
      });
    }
    const hour = hourOf(w.eventTime);
    const sk = `${issueId}:${hour.getTime()}`;
    const stat = stats.get(sk) ?? { issueId, hour, count: 0 };
    stat.count += 1;
    stats.set(sk, stat);
    for (const hash of freeHashes(w, knownHashes)) {
      extraHashes.set(key(w.occ.projectId, hash), { projectId: w.occ.projectId, hash, issueId });
    }
  }
  return {
    environments: [...environments.values()],
    releases: [...releases.values()],
    stats: [...stats.values()],
    extraHashes: [...extraHashes.values()],
  };
}

/**
 * The hashes of an occurrence that no issue had before the batch and that its group did not claim: all
 * its unknown hashes when it joined an issue by one of its hashes (whichever position), the ones after
 * the first when none was known (the first is the one its group claimed, won or lost).
 */
export function freeHashes(w: Grouped, knownHashes: ReadonlyMap<string, HashRow>): string[] {
  const { projectId, fingerprintHashes } = w.occ;
  const unknown = fingerprintHashes.filter((hash) => !knownHashes.has(key(projectId, hash)));
  const matched = unknown.length < fingerprintHashes.length;
  return matched ? unknown : unknown.filter((hash) => hash !== fingerprintHashes[0]);
}
