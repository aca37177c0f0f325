import { describe, expect, it } from "vitest";
import { noiseRequest, quotaCandidates, quotaRequest, settleGates } from "./creation-gates.js";
import { group, occurrence, testBatch, work } from "../test/work.js";

const N_PLUS_ONE = 1006; // noise gate: the 3rd occurrence creates the issue

const groupOf = (n: number, fingerprint: string, type = 1) =>
  group(Array.from({ length: n }, () => work(occurrence({ fingerprint: [fingerprint], type }))));

describe("creation gates", () => {
  it("asks the noise gate about each occurrence of a gated fingerprint, and the quota per type", () => {
    const noisy = groupOf(2, "noisy", N_PLUS_ONE);
    expect(noiseRequest(noisy)).toEqual({
      projectId: 1,
      hash: noisy.hash,
      ignoreLimit: 3,
      expirySeconds: 86_400,
      occurrenceIds: noisy.items.map((w) => w.occ.id),
    });
    expect(quotaRequest(noisy)).toEqual({
      projectId: 1,
      typeSlug: "performance_n_plus_one_db_queries",
      hash: noisy.hash,
      windowSeconds: 3600,
      limit: 5,
    });
  });

  it("sends the crossings of gated groups and every occurrence of ungated ones to the quota", () => {
    const batch = testBatch();
    const noisy = groupOf(3, "noisy", N_PLUS_ONE);
    const quiet = groupOf(2, "quiet", N_PLUS_ONE);
    const plain = groupOf(2, "plain");
    const candidates = quotaCandidates(
      batch,
      [noisy, quiet, plain],
      new Map([
        [noisy, [2]],
        [quiet, []],
      ]),
    );
    expect(candidates.map((c) => [c.group, c.index])).toEqual([
      [noisy, 2],
      [plain, 0],
      [plain, 1],
    ]);
    const threshold = "noise_reduction.should_create_group.threshold";
    expect(batch.metrics()).toEqual({
      [`${threshold}{over_threshold=true,group_type=performance_n_plus_one_db_queries}`]: 1,
      [`${threshold}{over_threshold=false,group_type=performance_n_plus_one_db_queries}`]: 1,
    });
  });

  it("lets the first granted occurrence create the issue; those before it are gated or rate limited", () => {
    const batch = testBatch();
    const noisy = groupOf(3, "noisy", N_PLUS_ONE);
    const limited = groupOf(2, "limited");
    const late = groupOf(3, "late");
    const candidates = [
      { group: noisy, index: 2 },
      { group: limited, index: 0 },
      { group: limited, index: 1 },
      { group: late, index: 0 },
      { group: late, index: 1 },
      { group: late, index: 2 },
    ];
    const creating = settleGates(batch, [noisy, limited, late], candidates, [
      true,
      false,
      false,
      false,
      true,
      true,
    ]);
    expect(creating.map((g) => [g.hash, g.items])).toEqual([
      [noisy.hash, noisy.items.slice(2)],
      [late.hash, late.items.slice(1)],
    ]);
    expect(noisy.items.map((w) => w.outcome)).toEqual(["noise_gated", "noise_gated", null]);
    expect(limited.items.map((w) => w.outcome)).toEqual(["rate_limited", "rate_limited"]);
    expect(late.items.map((w) => w.outcome)).toEqual(["rate_limited", null, null]);
    // Only a gated fingerprint that got its issue has a noise counter to reset.
    expect(batch.effects.resetNoise).toEqual([{ projectId: 1, hash: noisy.hash }]);
  });
});
