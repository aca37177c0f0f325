import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupTypes, noopMetrics, silentLogger } from "@sift/schemas";
import { createOrganization, createProject, migrateToLatest } from "@sift/storage";
import { createPipeline } from "@sift/consumer";
import { minimalOccurrenceMessage, testDatabase, testRedis } from "@sift/testkit";
import type { TestDatabase, TestRedis } from "@sift/testkit";
import { startJobs } from "./jobs.js";

let t: TestDatabase;
let r: TestRedis;
beforeAll(async () => {
  t = await testDatabase({ migrate: async (db) => void (await migrateToLatest(db)) });
  r = await testRedis();
  const org = await createOrganization(t.db, "acme");
  await createProject(t.db, { organizationId: org.id, slug: "web", id: 1 });
});
afterAll(async () => {
  await r.destroy();
  await t.destroy();
});

function occurrence(fingerprint: string, at: Date, i: number): string {
  const eventId = `${i.toString(16).padStart(8, "0")}${"0".repeat(23)}1`;
  const time = at.getTime() / 1000;
  return JSON.stringify(
    minimalOccurrenceMessage({
      id: `${i.toString(16).padStart(8, "0")}${"0".repeat(23)}2`,
      eventId,
      fingerprint,
      title: "Monitor failure",
      subtitle: "missed",
      time,
      received: at.toISOString(),
    }),
  );
}

describe("the retention job", () => {
  it("removes what is older than SIFT_RETENTION_DAYS, and issues last seen before it, and nothing else", async () => {
    const old = new Date("2026-08-01T12:00:00Z");
    const recent = new Date("2026-11-27T11:00:00Z");
    let now = old;
    const clock = { now: () => now };
    const { processor } = createPipeline({
      db: t.db,
      redis: r.redis,
      logger: silentLogger,
      metrics: noopMetrics,
      clock,
      types: groupTypes,
      keyPrefix: r.prefix,
      cacheTtlMs: 0,
    });
    await processor.processBatch([1, 2, 3].map((i) => ({ value: occurrence("old-issue", old, i) })));
    await processor.processBatch([{ value: occurrence("both", old, 4) }]);
    now = new Date("2026-11-27T12:00:00Z");
    await processor.processBatch([5, 6].map((i) => ({ value: occurrence("recent-issue", recent, i) })));
    await processor.processBatch([{ value: occurrence("both", recent, 7) }]);
    expect(await t.db("issues").count("* as n").first()).toEqual({ n: 3 });

    const jobs = startJobs({
      db: t.db,
      logger: silentLogger,
      clock,
      retentionDays: 90,
      intervalSeconds: 3600,
    });
    try {
      await jobs.runOnce();
    } finally {
      await jobs.stop();
    }
    const titles = (await t
      .db("issues as i")
      .join("issue_hashes as h", "h.issue_id", "i.id")
      .orderBy("i.id")
      .select("i.times_seen")) as {
      times_seen: number;
    }[];
    // The old issue is gone with its hashes; "both" keeps its count (a lifetime total) but its old
    // occurrence, event and stats bucket are gone.
    expect(titles.map((x) => x.times_seen)).toEqual([2, 2]);
    expect(await t.db("issues").count("* as n").first()).toEqual({ n: 2 });
    const occurrences = (await t.db("occurrences").orderBy("id").pluck("received_at")) as Date[];
    expect(occurrences.map((d) => d.toISOString())).toEqual(Array(3).fill("2026-11-27T12:00:00.000Z"));
    expect(await t.db("events").count("* as n").first()).toEqual({ n: 3 });
    const hours = (await t.db("issue_stats_hourly").pluck("hour")) as Date[];
    expect(hours.every((h) => h.getTime() >= Date.parse("2026-08-29T12:00:00Z"))).toBe(true);
  });
});
