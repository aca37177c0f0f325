import type { HourlyCount } from "@sift/storage";
import { badRequest } from "../http/errors.js";

/** `groupStatsPeriod`: the timeline each listed issue carries. */
export type GroupStatsPeriod = "24h" | "14d" | "auto";

export const INVALID_STATS_PERIOD = "Invalid stats_period. Valid choices are '', '24h', and '14d'";

/** Absent → `24h`; `""` → no stats; `24h`, `14d`, `auto`; anything else is a 400. */
export function parseGroupStatsPeriod(value: string | undefined): GroupStatsPeriod | null {
  if (value === undefined) return "24h";
  if (value === "") return null;
  if (value === "24h" || value === "14d" || value === "auto") return value;
  throw badRequest(INVALID_STATS_PERIOD);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The buckets of one stats series: `[start of bucket, …]`, each `bucketMs` long. */
export interface StatsSpec {
  key: string;
  bucketMs: number;
  buckets: number[];
  /** Hours to read: [from, to]. */
  from: Date;
  to: Date;
}

function floorTo(ms: number, unit: number): number {
  return Math.floor(ms / unit) * unit;
}

function spec(key: string, firstBucket: number, lastBucket: number, bucketMs: number): StatsSpec {
  const buckets: number[] = [];
  for (let t = firstBucket; t <= lastBucket; t += bucketMs) buckets.push(t);
  return {
    key,
    bucketMs,
    buckets,
    from: new Date(firstBucket),
    to: new Date(lastBucket + bucketMs - HOUR_MS),
  };
}

/**
 * `24h`: 24 hourly buckets ending with the current hour; `14d`: 14 daily (UTC) buckets ending today;
 * `auto`: the request's date window in hourly buckets up to two days, daily ones beyond (wider buckets
 * past 400 days).
 */
export function statsSpecFor(
  period: GroupStatsPeriod,
  now: Date,
  window: { start: Date; end: Date },
): StatsSpec {
  switch (period) {
    case "24h": {
      const last = floorTo(now.getTime(), HOUR_MS);
      return spec("24h", last - 23 * HOUR_MS, last, HOUR_MS);
    }
    case "14d": {
      const last = floorTo(now.getTime(), DAY_MS);
      return spec("14d", last - 13 * DAY_MS, last, DAY_MS);
    }
    case "auto": {
      const span = Math.max(0, window.end.getTime() - window.start.getTime());
      const bucketMs =
        span <= 2 * DAY_MS
          ? HOUR_MS
          : span <= 400 * DAY_MS
            ? DAY_MS
            : Math.ceil(span / (400 * DAY_MS)) * DAY_MS;
      const first = floorTo(window.start.getTime(), bucketMs);
      const last = floorTo(window.end.getTime(), bucketMs);
      return spec("auto", first, last, bucketMs);
    }
  }
}

/** `days` daily (UTC) buckets ending today, under `key` (the details' `30d`). */
export function dailyStatsSpec(key: string, days: number, now: Date): StatsSpec {
  const last = floorTo(now.getTime(), DAY_MS);
  return spec(key, last - (days - 1) * DAY_MS, last, DAY_MS);
}

/** Each issue's series `[[unix seconds, count], …]` from its hourly counts. */
export function buildSeries(
  spec: StatsSpec,
  issueIds: readonly number[],
  counts: readonly HourlyCount[],
): Map<number, [number, number][]> {
  const index = new Map<number, number[]>();
  for (const id of issueIds)
    index.set(
      id,
      spec.buckets.map(() => 0),
    );
  const first = spec.buckets[0] ?? 0;
  for (const c of counts) {
    const series = index.get(c.issueId);
    if (!series) continue;
    const slot = Math.floor((c.hour.getTime() - first) / spec.bucketMs);
    if (slot >= 0 && slot < series.length) series[slot]! += c.count;
  }
  const result = new Map<number, [number, number][]>();
  for (const [id, series] of index) {
    result.set(
      id,
      series.map((count, i): [number, number] => [Math.floor(spec.buckets[i]! / 1000), count]),
    );
  }
  return result;
}
