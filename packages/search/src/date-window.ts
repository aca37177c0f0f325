import { parseTimestamp } from "@sift/schemas";

import { SearchError } from "./errors.js";

const STATS_PERIOD = /^(\d+)([hdmsw]?)$/;
const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** The list's default window: the last 90 days. */
export const DEFAULT_STATS_PERIOD_MS = 90 * 86_400_000;

/**
 * A stats period as Sentry writes it (`90m`, `24h`, `14d`, `2w`; no unit means seconds) in
 * milliseconds, or null when it is not one.
 */
export function parseStatsPeriod(text: string): number | null {
  const m = STATS_PERIOD.exec(text);
  if (!m) return null;
  const ms = Number(m[1]) * UNIT_MS[m[2] || "s"]!;
  return Number.isFinite(ms) ? Math.min(ms, Number.MAX_SAFE_INTEGER) : null;
}

/** The date-range query parameters of a list request (absent ones undefined). */
export interface DateWindowParams {
  statsPeriod?: string;
  statsPeriodStart?: string;
  statsPeriodEnd?: string;
  timeframe?: string;
  timeframeStart?: string;
  timeframeEnd?: string;
  start?: string;
  end?: string;
}

export interface DateWindow {
  start: Date;
  end: Date;
}

function periodMs(text: string, minMs: number, message: string): number {
  const ms = parseStatsPeriod(text);
  if (ms === null || ms < minMs) throw new SearchError(message);
  return ms;
}

/**
 * The window [start, end] of a list request, as Sentry's `get_date_range_from_params` resolves it:
 * `timeframe` is an alias of `statsPeriod`, then `statsPeriodStart`/`End`, then `start`+`end`
 * (ISO 8601 or unix seconds), else the last 90 days. Errors are 400s with the reference's messages.
 */
export function resolveDateWindow(params: DateWindowParams, now: Date): DateWindow {
  const statsPeriod = params.timeframe ?? params.statsPeriod;
  const periodStart = params.timeframeStart ?? params.statsPeriodStart;
  const periodEnd = params.timeframeEnd ?? params.statsPeriodEnd;
  // A period reaching back past the epoch (where nothing is stored, and past Postgres' timestamps
  // for long enough ones) starts at the epoch.
  const back = (ms: number): Date => new Date(Math.max(0, now.getTime() - ms));
  let end = now;
  let start = new Date(now.getTime() - DEFAULT_STATS_PERIOD_MS);
  if (statsPeriod !== undefined) {
    start = back(periodMs(statsPeriod, 1_000, "Invalid statsPeriod"));
  } else if (periodStart || periodEnd) {
    const both = "statsPeriodStart and statsPeriodEnd are both required";
    if (!periodStart || !periodEnd) throw new SearchError(both);
    start = back(periodMs(periodStart, 1_000, both));
    end = back(periodMs(periodEnd, 0, both));
  } else if (params.start || params.end) {
    if (!params.start || !params.end) throw new SearchError("start and end are both required");
    const parsedStart = parseTimestamp(params.start);
    const parsedEnd = parseTimestamp(params.end);
    if (!parsedStart) throw new SearchError(`${params.start} is not a valid ISO8601 date query`);
    if (!parsedEnd) throw new SearchError(`${params.end} is not a valid ISO8601 date query`);
    start = parsedStart;
    end = parsedEnd;
  }
  if (start.getTime() > end.getTime()) throw new SearchError("start must be before end");
  return { start, end };
}
