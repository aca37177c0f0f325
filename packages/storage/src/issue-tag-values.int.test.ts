import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import { addIssueTagValues, listIssueTagKeys, listIssueTagValues, migrateToLatest } from "./index.js";

let t: TestDatabase;
const at = (time: string) => new Date(`2026-11-27T${time}Z`);

beforeAll(async () => {
  t = await testDatabase({ prefix: "tags", migrate: async (db) => void (await migrateToLatest(db)) });
});
afterAll(async () => {
  await t?.destroy();
});

/** The counters have no foreign key: an issue id is all they need. */
let lastIssue = 0;
const newIssue = (): number => ++lastIssue;

const count = (
  issueId: number,
  key: string,
  value: string,
  timesSeen: number,
  first: string,
  last = first,
) => ({
  issueId,
  key,
  value,
  timesSeen,
  firstSeen: at(first),
  lastSeen: at(last),
});

describe("issue tag values", () => {
  it("add up across batches, keeping the earliest first and the latest last seen, to the millisecond", async () => {
    const id = newIssue();
    await addIssueTagValues(t.db, [
      count(id, "environment", "production", 3, "10:00:00", "10:30:00"),
      count(id, "environment", "staging", 1, "10:10:00"),
      count(id, "level", "error", 4, "10:00:00", "10:30:00"),
    ]);
    await addIssueTagValues(t.db, [
      count(id, "environment", "production", 2, "09:50:00", "10:20:00"),
      count(id, "environment", "canary", 1, "11:00:00"),
      count(id, "level", "error", 4, "09:50:00.001", "11:00:00.999"),
    ]);
    expect(await listIssueTagKeys(t.db, id, { valueLimit: 2 })).toEqual([
      {
        key: "level",
        uniqueValues: 1,
        totalValues: 8,
        topValues: [
          { value: "error", timesSeen: 8, firstSeen: at("09:50:00.001"), lastSeen: at("11:00:00.999") },
        ],
      },
      {
        key: "environment",
        uniqueValues: 3,
        totalValues: 7,
        topValues: [
          { value: "production", timesSeen: 5, firstSeen: at("09:50:00"), lastSeen: at("10:30:00") },
          { value: "canary", timesSeen: 1, firstSeen: at("11:00:00"), lastSeen: at("11:00:00") },
        ],
      },
    ]);
    const onlyLevel = await listIssueTagKeys(t.db, id, { keys: ["level", "missing"], valueLimit: 9 });
    expect(onlyLevel.map((k) => k.key)).toEqual(["level"]);
    expect(await listIssueTagKeys(t.db, id + 1_000, { valueLimit: 9 })).toEqual([]);
  });

  it("page a key's values by count, last seen or first seen", async () => {
    const id = newIssue();
    await addIssueTagValues(t.db, [
      count(id, "url", "/a", 5, "10:00:00", "10:05:00"),
      count(id, "url", "/b", 2, "10:20:00", "10:40:00"),
      count(id, "url", "/c", 7, "10:10:00", "10:15:00"),
      count(id, "browser", "Firefox", 1, "10:00:00"),
    ]);
    const values = async (sort: "count" | "date" | "age", offset = 0, limit = 10) =>
      (await listIssueTagValues(t.db, id, "url", { sort, limit, offset })).map((v) => v.value);
    expect(await values("count")).toEqual(["/c", "/a", "/b"]);
    expect(await values("date")).toEqual(["/b", "/c", "/a"]);
    expect(await values("age")).toEqual(["/b", "/c", "/a"]);
    expect(await values("count", 0, 2)).toEqual(["/c", "/a"]);
    expect(await values("count", 2, 2)).toEqual(["/b"]);
    expect(await values("count", 4, 2)).toEqual([]);
  });
});
