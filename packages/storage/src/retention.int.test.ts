import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import { createOrganization, createProject, deleteExpiredData, migrateToLatest } from "./index.js";

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase({ migrate: async (db) => void (await migrateToLatest(db)) });
  const org = await createOrganization(t.db, "acme");
  await createProject(t.db, { organizationId: org.id, slug: "web", id: 1 });
});
afterAll(async () => {
  await t.destroy();
});

const day = 86_400_000;
const now = new Date("2026-11-27T12:00:00Z");
const uuid = (n: number) => n.toString(16).padStart(32, "0");

describe("retention", () => {
  it("deletes only rows older than the cutoff, in bounded batches", async () => {
    const ages = [1, 89, 91, 120, 400];
    await t.db("occurrences").insert(
      ages.flatMap((age, i) =>
        Array.from({ length: 30 }, (_, j) => ({
          project_id: 1,
          id: uuid(i * 100 + j + 1),
          event_id: uuid(i * 100 + j + 1),
          type: 1,
          outcome: "grouped",
          fingerprint: ["a".repeat(32)],
          detection_time: new Date(now.getTime() - age * day),
          payload: {},
          received_at: new Date(now.getTime() - age * day),
        })),
      ),
    );
    await t.db("events").insert(
      ages.map((age, i) => ({
        project_id: 1,
        event_id: uuid(i + 1),
        timestamp: now,
        data: {},
        received_at: new Date(now.getTime() - age * day),
      })),
    );
    await t
      .db("issue_stats_hourly")
      .insert(ages.map((age) => ({ issue_id: 1, hour: new Date(now.getTime() - age * day), count: 1 })));
    const result = await deleteExpiredData(t.db, {
      cutoff: new Date(now.getTime() - 90 * day),
      batchSize: 7,
    });
    expect(result).toEqual({ occurrences: 90, events: 3, stats: 3, statusChanges: 0 });
    expect(await t.db("occurrences").count("* as n").first()).toEqual({ n: 60 });
    expect(
      ((await t.db("events").pluck("received_at")) as Date[]).every(
        (d) => d.getTime() >= now.getTime() - 90 * day,
      ),
    ).toBe(true);
    expect(await t.db("issue_stats_hourly").count("* as n").first()).toEqual({ n: 2 });
  });

  it("stops after its batch budget and finishes on the next run", async () => {
    await t.db("events").insert(
      Array.from({ length: 25 }, (_, i) => ({
        project_id: 1,
        event_id: uuid(1000 + i),
        timestamp: now,
        data: {},
        received_at: new Date(0),
      })),
    );
    const first = await deleteExpiredData(t.db, {
      cutoff: new Date(now.getTime() - 90 * day),
      batchSize: 5,
      maxBatches: 2,
    });
    expect(first.events).toBe(10);
    const second = await deleteExpiredData(t.db, {
      cutoff: new Date(now.getTime() - 90 * day),
      batchSize: 5,
      maxBatches: 10,
    });
    expect(second.events).toBe(15);
  });
});
