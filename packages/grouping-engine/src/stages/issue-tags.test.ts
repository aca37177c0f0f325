import { describe, expect, it } from "vitest";
import { issueTagCounts, occurrenceTags } from "./issue-tags.js";
import { occurrence, work } from "../test/work.js";

const at = (time: string) => new Date(`2026-11-27T${time}Z`);
const event = (over: Record<string, unknown> = {}) => ({
  event_id: "e".repeat(32),
  project_id: 1,
  platform: "python",
  timestamp: "2026-11-27T11:30:00Z",
  level: "error",
  environment: "production",
  release: "backend@2.4.0",
  tags: { browser: "Firefox" },
  ...over,
});
const grouped = (issueId: number, time: string, over: Record<string, unknown> = {}) =>
  work(occurrence(), { issueId, outcome: "grouped", eventTime: at(time), event: event(over) });

describe("issue tags", () => {
  it("counts the event's tags, its level, environment and release, and its user in Sentry's form", () => {
    expect(occurrenceTags(grouped(7, "11:30:00", { user: { email: "ada@example.com" } }))).toEqual([
      { key: "browser", value: "Firefox" },
      { key: "environment", value: "production" },
      { key: "level", value: "error" },
      { key: "release", value: "backend@2.4.0" },
      { key: "user", value: "email:ada@example.com" },
    ]);
  });

  it("leaves out empty, too long and line-broken values, a second value of a key and a tagged user", () => {
    const tags = occurrenceTags(
      grouped(7, "11:30:00", {
        tags: [
          ["empty", ""],
          ["long", "x".repeat(201)],
          ["lines", "a\nb"],
          ["nul", "a\u0000b"],
          ["twice", "1"],
          ["twice", "2"],
          ["user", "id:tagged"],
        ],
        environment: null,
        release: null,
      }),
    );
    expect(tags).toEqual([
      { key: "level", value: "error" },
      { key: "twice", value: "1" },
    ]);
  });

  it("aggregates a batch per issue, key and value with the first and last event time", () => {
    const counts = issueTagCounts([
      grouped(7, "11:30:00"),
      grouped(7, "10:15:00", { environment: "staging" }),
      grouped(7, "12:05:00"),
      grouped(8, "11:00:00", { tags: null }),
    ]);
    const of = (issueId: number, key: string) =>
      counts
        .filter((c) => c.issueId === issueId && c.key === key)
        .map((c) => [
          c.value,
          c.timesSeen,
          c.firstSeen.toISOString().slice(11, 19),
          c.lastSeen.toISOString().slice(11, 19),
        ]);
    expect(of(7, "environment")).toEqual([
      ["production", 2, "11:30:00", "12:05:00"],
      ["staging", 1, "10:15:00", "10:15:00"],
    ]);
    expect(of(7, "browser")).toEqual([["Firefox", 3, "10:15:00", "12:05:00"]]);
    expect(of(8, "browser")).toEqual([]);
    expect(of(8, "level")).toEqual([["error", 1, "11:00:00", "11:00:00"]]);
    expect(counts).toHaveLength(8);
  });
});
