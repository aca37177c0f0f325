import { describe, expect, it } from "vitest";
import { hashFingerprintElement, isRetryable } from "@sift/schemas";
import type { Pipeline } from "./pipeline.js";
import type { InputMessage, MessageOutcome } from "./processor.js";
import { useHarness } from "./test/harness.js";
import { at, occurrence } from "./test/generate.js";
import { newProject } from "./test/queries.js";

const h = await useHarness();
// A second daemon: its own engine and caches, the same Postgres and Redis.
const second = h.pipelineOn(h.db);

/** Process like the consumer does: retry transient failures (including a lost race) until done. */
async function deliver(p: Pipeline, messages: readonly string[]): Promise<MessageOutcome[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await p.processor.processIsolating(messages.map((value): InputMessage => ({ value })));
    } catch (error) {
      if (!isRetryable(error) || attempt > 50) throw error;
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40));
    }
  }
}

describe("two daemons delivering the same messages at once", () => {
  it("never create two issues for a fingerprint, and count every occurrence exactly once", async () => {
    const p = await newProject(h.db, h.organizationId);
    const fingerprints = Array.from({ length: 20 }, (_, i) => `race-${i}`);
    const messages = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify(
        occurrence({
          projectId: p,
          type: 4001,
          fingerprint: [fingerprints[i % 20]!],
          time: at("2026-11-27T11:00:00Z", i),
        }),
      ),
    );
    // Redelivery after a rebalance: both see everything, in differently cut batches, concurrently.
    const cuts = (size: number) =>
      Array.from({ length: Math.ceil(messages.length / size) }, (_, i) =>
        messages.slice(i * size, (i + 1) * size),
      );
    await Promise.all([
      (async () => {
        for (const batch of cuts(37)) await deliver(h.pipeline, batch);
      })(),
      (async () => {
        for (const batch of cuts(50).reverse()) await deliver(second, batch);
      })(),
    ]);
    const issues = (await h.db("issues").where({ project_id: p }).select("id", "times_seen")) as {
      id: number;
      times_seen: number;
    }[];
    expect(issues).toHaveLength(20);
    expect(issues.every((i) => i.times_seen === 15)).toBe(true);
    const hashes = await h.db("issue_hashes").where({ project_id: p }).select("hash", "issue_id");
    expect(new Set(hashes.map((x: { hash: string }) => x.hash)).size).toBe(20);
    expect(hashes.map((x: { hash: string }) => x.hash).sort()).toEqual(
      fingerprints.map(hashFingerprintElement).sort(),
    );
    const stored = await h
      .db("occurrences")
      .where({ project_id: p, outcome: "grouped" })
      .count("* as n")
      .first();
    expect(stored).toEqual({ n: 300 });
    const shortIds = (await h.db("issues").where({ project_id: p }).pluck("short_id")) as number[];
    expect(new Set(shortIds).size).toBe(20);
  });

  it("cross the noise gate once when both count the same new fingerprint", async () => {
    const p = await newProject(h.db, h.organizationId);
    const messages = Array.from({ length: 6 }, (_, i) =>
      JSON.stringify(
        occurrence({
          projectId: p,
          type: 1006,
          fingerprint: ["raced-n+1"],
          time: at("2026-11-27T11:00:00Z", i),
        }),
      ),
    );
    await Promise.all([deliver(h.pipeline, messages), deliver(second, messages)]);
    const issues = (await h.db("issues").where({ project_id: p }).select("times_seen")) as {
      times_seen: number;
    }[];
    expect(issues).toEqual([{ times_seen: 4 }]);
    const outcomes = (await h
      .db("occurrences")
      .where({ project_id: p })
      .orderBy("detection_time")
      .pluck("outcome")) as string[];
    expect(outcomes).toEqual(["noise_gated", "noise_gated", "grouped", "grouped", "grouped", "grouped"]);
  });
});
