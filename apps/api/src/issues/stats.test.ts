import { describe, expect, it } from "vitest";
import { buildSeries, dailyStatsSpec, parseGroupStatsPeriod, statsSpecFor } from "./stats.js";

const now = new Date("2026-11-27T12:34:56Z");
const window = { start: new Date("2026-11-20T12:00:00Z"), end: now };

describe("groupStatsPeriod", () => {
  it("parses the reference's choices", () => {
    expect(parseGroupStatsPeriod(undefined)).toBe("24h");
    expect(parseGroupStatsPeriod("")).toBeNull();
    expect(parseGroupStatsPeriod("14d")).toBe("14d");
    expect(parseGroupStatsPeriod("auto")).toBe("auto");
    expect(() => parseGroupStatsPeriod("30d")).toThrow(
      "Invalid stats_period. Valid choices are '', '24h', and '14d'",
    );
  });

  it("24h is 24 hourly buckets ending with the current hour", () => {
    const spec = statsSpecFor("24h", now, window);
    expect(spec.buckets).toHaveLength(24);
    expect(new Date(spec.buckets.at(-1)!).toISOString()).toBe("2026-11-27T12:00:00.000Z");
    expect(spec.from.toISOString()).toBe("2026-11-26T13:00:00.000Z");
    expect(spec.to.toISOString()).toBe("2026-11-27T12:00:00.000Z");
  });

  it("14d is 14 daily buckets ending today, reading every hour of today", () => {
    const spec = statsSpecFor("14d", now, window);
    expect(spec.buckets).toHaveLength(14);
    expect(new Date(spec.buckets[0]!).toISOString()).toBe("2026-11-14T00:00:00.000Z");
    expect(spec.to.toISOString()).toBe("2026-11-27T23:00:00.000Z");
    expect(dailyStatsSpec("30d", 30, now).buckets).toHaveLength(30);
  });

  it("auto follows the window: hourly up to two days, daily beyond", () => {
    expect(
      statsSpecFor("auto", now, { start: new Date(now.getTime() - 36 * 3_600_000), end: now }).bucketMs,
    ).toBe(3_600_000);
    const daily = statsSpecFor("auto", now, window);
    expect(daily.bucketMs).toBe(86_400_000);
    expect(daily.buckets).toHaveLength(8);
  });

  it("sums hourly counts into buckets, zero-filled", () => {
    const spec = statsSpecFor("14d", now, window);
    const series = buildSeries(
      spec,
      [1, 2],
      [
        { issueId: 1, hour: new Date("2026-11-27T01:00:00Z"), count: 2 },
        { issueId: 1, hour: new Date("2026-11-27T23:00:00Z"), count: 3 },
        { issueId: 1, hour: new Date("2026-11-14T00:00:00Z"), count: 1 },
        { issueId: 1, hour: new Date("2026-11-13T23:00:00Z"), count: 100 },
      ],
    );
    expect(series.get(1)!.at(-1)).toEqual([Date.parse("2026-11-27T00:00:00Z") / 1000, 5]);
    expect(series.get(1)![0]).toEqual([Date.parse("2026-11-14T00:00:00Z") / 1000, 1]);
    expect(series.get(2)!.every(([, n]) => n === 0)).toBe(true);
  });
});
