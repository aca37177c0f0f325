import { findHashes } from "@sift/storage";
import type { HashRow } from "@sift/storage";
import type { Batch, FingerprintGroup, Work } from "../batch.js";
import { key } from "../batch.js";

export interface HashMatches {
  /** Every fingerprint hash of the batch that exists, by (project, hash). */
  known: Map<string, HashRow>;
  /** The occurrences whose fingerprint has no hash yet, grouped by their primary hash. */
  newGroups: FingerprintGroup[];
}

/** Find issues by hash, one round trip: the first fingerprint hash that exists wins. */
export async function matchHashes(batch: Batch, active: readonly Work[]): Promise<HashMatches> {
  const known = await findHashes(
    batch.trx,
    active.flatMap((w) => w.occ.fingerprintHashes.map((hash) => ({ projectId: w.occ.projectId, hash }))),
  );
  return { known, newGroups: assignHashes(active, known) };
}

/** Give each occurrence the issue of its first known hash; group the others by primary hash. */
export function assignHashes(
  active: readonly Work[],
  known: ReadonlyMap<string, HashRow>,
): FingerprintGroup[] {
  const groups = new Map<string, FingerprintGroup>();
  for (const w of active) {
    const { projectId, fingerprintHashes } = w.occ;
    const hit = fingerprintHashes.map((h) => known.get(key(projectId, h))).find((h) => h);
    if (hit) {
      if (hit.issueId === null) w.outcome = "hash_without_issue";
      else w.issueId = hit.issueId;
      continue;
    }
    const hash = fingerprintHashes[0]!;
    const k = key(projectId, hash);
    const group = groups.get(k);
    if (group) group.items.push(w);
    else groups.set(k, { projectId, hash, type: w.type, items: [w] });
  }
  return [...groups.values()];
}
