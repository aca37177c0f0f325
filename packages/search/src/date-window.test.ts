import { describe, expect, it } from "vitest";

import { parseStatsPeriod, resolveDateWindow } from "./date-window.js";
import { SearchError } from "./errors.js";

const NOW = new Date("2024-06-01T12:00:00.000Z");
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);

describe("parseStatsPeriod", () => {
  it("reads s / m / h / d / w, seconds without a unit", () => {
    expect(parseStatsPeriod("14d")).toBe(14 * 86_400_000);
    expect(parseStatsPeriod("24h")).toBe(86_400_000);
    expect(parseStatsPeriod("90m")).toBe(5_400_000);
    expect(parseStatsPeriod("2w")).toBe(1_209_600_000);
    expect(parseStatsPeriod("30")).toBe(30_000);
  });

  it.each(["", "1y", "-1d", "1.5h", "h", " 1d"])("is null for %j", (text) => {
    expect(parseStatsPeriod(text)).toBeNull();
  });
});

describe("resolveDateWindow", () => {
  it("defaults to the last 90 days", () => {
    expect(resolveDateWindow({}, NOW)).toEqual({ start: ago(90 * 86_400_000), end: NOW });
  });

  it("statsPeriod (or timeframe) ends now", () => {
    expect(resolveDateWindow({ statsPeriod: "24h" }, NOW)).toEqual({ start: ago(86_400_000), end: NOW });
    expect(resolveDateWindow({ timeframe: "1h" }, NOW)).toEqual({ start: ago(3_600_000), end: NOW });
  });

  it("statsPeriodStart / statsPeriodEnd", () => {
    expect(resolveDateWindow({ statsPeriodStart: "7d", statsPeriodEnd: "1d" }, NOW)).toEqual({
      start: ago(7 * 86_400_000),
      end: ago(86_400_000),
    });
  });

  it("start and end, ISO or unix seconds", () => {
    expect(resolveDateWindow({ start: "2024-05-01T00:00:00Z", end: "1717200000" }, NOW)).toEqual({
      start: new Date("2024-05-01T00:00:00Z"),
      end: new Date(1_717_200_000_000),
    });
  });

  it.each([
    [{ statsPeriod: "nope" }, "Invalid statsPeriod"],
    [{ statsPeriod: "0d" }, "Invalid statsPeriod"],
    [{ statsPeriodStart: "7d" }, "statsPeriodStart and statsPeriodEnd are both required"],
    [{ start: "2024-05-01T00:00:00Z" }, "start and end are both required"],
    [{ start: "yesterday", end: "2024-05-01T00:00:00Z" }, "yesterday is not a valid ISO8601 date query"],
    [{ start: "2024-05-02T00:00:00Z", end: "2024-05-01T00:00:00Z" }, "start must be before end"],
  ])("rejects %j", (params, message) => {
    expect(() => resolveDateWindow(params, NOW)).toThrow(new SearchError(message));
  });
});
