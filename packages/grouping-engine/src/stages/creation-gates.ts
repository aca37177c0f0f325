import type { Batch, FingerprintGroup, Work } from "../batch.js";
import type { NoiseRequest, QuotaRequest } from "../gates.js";

/** An occurrence of a new fingerprint that may create its issue, if the quota allows. */
export interface QuotaCandidate {
  group: FingerprintGroup;
  /** Its index in the group's items. */
  index: number;
}

/**
 * New fingerprints pass the noise gate (types with a noise config), then the creation quota (types with
 * one; one Redis pipeline each). The first granted occurrence of a group creates its issue and the later ones join it;
 * the earlier ones are `noise_gated` or `rate_limited`. Returns the creating groups, from their creator on.
 */
export async function passCreationGates(
  batch: Batch,
  groups: readonly FingerprintGroup[],
): Promise<FingerprintGroup[]> {
  const { gates } = batch.deps;
  const gated = groups.filter((g) => g.type.noiseConfig);
  const crossings = await gates.noise(gated.map(noiseRequest));
  const crossed = new Map(gated.map((g, n) => [g, crossings[n]!]));
  const candidates = quotaCandidates(batch, groups, crossed);
  // Types without a creation quota (errors) are granted without asking Redis.
  const limited = candidates.filter((c) => c.group.type.creationQuota);
  const answers = await gates.quota(
    limited.map((c) => quotaRequest(c.group)),
    batch.now,
  );
  const answered = new Map(limited.map((c, n) => [c, answers[n]!]));
  const granted = candidates.map((c) => answered.get(c) ?? true);
  return settleGates(batch, groups, candidates, granted);
}

export function noiseRequest(group: FingerprintGroup): NoiseRequest {
  const noise = group.type.noiseConfig!;
  return {
    projectId: group.projectId,
    hash: group.hash,
    ignoreLimit: noise.ignoreLimit,
    expirySeconds: noise.expirySeconds,
    occurrenceIds: group.items.map((w) => w.occ.id),
  };
}

export function quotaRequest(group: FingerprintGroup): QuotaRequest {
  const quota = group.type.creationQuota!;
  return {
    projectId: group.projectId,
    typeSlug: group.type.slug,
    hash: group.hash,
    windowSeconds: quota.windowSeconds,
    limit: quota.limit,
  };
}

/** The occurrences that crossed the noise gate (every one of a group without a gate), in order. */
export function quotaCandidates(
  batch: Pick<Batch, "counter">,
  groups: readonly FingerprintGroup[],
  crossed: ReadonlyMap<FingerprintGroup, readonly number[]>,
): QuotaCandidate[] {
  const candidates: QuotaCandidate[] = [];
  for (const group of groups) {
    const crossings = crossed.get(group);
    if (crossings) {
      batch.counter.add("noise_reduction.should_create_group.threshold", {
        over_threshold: String(crossings.length > 0),
        group_type: group.type.slug,
      });
    }
    for (const index of crossings ?? group.items.keys()) candidates.push({ group, index });
  }
  return candidates;
}

/** Decide each group's creator from the quota's answers; record the outcomes of those before it. */
export function settleGates(
  batch: Pick<Batch, "counter" | "effects">,
  groups: readonly FingerprintGroup[],
  candidates: readonly QuotaCandidate[],
  granted: readonly boolean[],
): FingerprintGroup[] {
  const creators = new Map<FingerprintGroup, number>();
  const denied = new Set<Work>();
  candidates.forEach(({ group, index }, n) => {
    if (creators.has(group)) return;
    if (granted[n]) creators.set(group, index);
    else denied.add(group.items[index]!);
  });
  const creating: FingerprintGroup[] = [];
  for (const group of groups) {
    const creator = creators.get(group);
    for (const w of group.items.slice(0, creator)) {
      if (denied.has(w)) {
        w.outcome = "rate_limited";
        batch.counter.add("issues.issue.dropped.rate_limiting", { group_type: w.type.slug });
      } else {
        w.outcome = "noise_gated";
        batch.counter.add("issues.issue.dropped.noise_reduction", { group_type: w.type.slug });
      }
    }
    if (creator === undefined) continue;
    const items = group.items.slice(creator);
    creating.push({ projectId: group.projectId, hash: group.hash, type: items[0]!.type, items });
    if (group.type.noiseConfig)
      batch.effects.resetNoise.push({ projectId: group.projectId, hash: group.hash });
  }
  return creating;
}
