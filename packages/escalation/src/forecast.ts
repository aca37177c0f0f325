/** One hour of an issue's event counts. */
export interface HourlyCount {
  /** The start of the hour (UTC). */
  hour: Date;
  count: number;
}

/** The forecast's constants, as Sentry ships them. */
const STD_MULTIPLIER = 5;
const MIN_SPIKE_MULTIPLIER = 5;
const MAX_SPIKE_MULTIPLIER = 8;
const MIN_BURSTY_MULTIPLIER = 2;
const MAX_BURSTY_MULTIPLIER = 5;
/** A week of hours: with fewer counted hours an issue is new. */
const WEEK_HOURS = 168;
const NEW_ISSUE_MULTIPLIER = 10;
/** Daily limits in a forecast. */
export const FORECAST_DAYS = 14;
/** The limit of an issue with no forecast yet. */
export const DEFAULT_LIMIT = 10;

const DAY_MS = 86_400_000;
const clamp = (value: number, min: number, max: number): number => Math.min(Math.max(value, min), max);

/** Sample standard deviation (n − 1), as Python's `statistics.stdev`. */
function sampleStdDev(values: readonly number[], mean: number): number {
  if (values.length < 2) return 0;
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}

/**
 * The daily escalation limits of an issue for the 14 days from `start`, from its hourly counts of the
 * week before (hours without events left out). See the package README for the formula and a worked
 * example.
 *
 * - Fewer than 168 counted hours (a new issue): every day's limit is 10 × the highest hourly count.
 * - Otherwise, with mean μ, sample standard deviation σ, highest count M and cv = σ/μ:
 *   limit₁ = M · clamp(5·e^(−0.65·cv), 2, 5), and for each day d,
 *   limit₂(d) = the hourly mean weighting the hours on d's weekday twice + clamp((μ + 5σ)/μ, 5, 8) · μ;
 *   the day's limit is ⌊max(limit₁, limit₂(d))⌋.
 */
export function escalationForecast(counts: readonly HourlyCount[], start: Date): number[] {
  const data = counts.filter((c) => c.count > 0);
  if (data.length === 0) return Array<number>(FORECAST_DAYS).fill(DEFAULT_LIMIT);
  const values = data.map((c) => c.count);
  const max = Math.max(...values);
  if (data.length < WEEK_HOURS) return Array<number>(FORECAST_DAYS).fill(max * NEW_ISSUE_MULTIPLIER);

  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const stdDev = sampleStdDev(values, mean);
  const cv = stdDev / mean;
  const bursty = clamp(5 * Math.exp(-0.65 * cv), MIN_BURSTY_MULTIPLIER, MAX_BURSTY_MULTIPLIER);
  const limit1 = max * bursty;
  const spike = clamp((mean + STD_MULTIPLIER * stdDev) / mean, MIN_SPIKE_MULTIPLIER, MAX_SPIKE_MULTIPLIER);
  const baseline = spike * mean;

  return Array.from({ length: FORECAST_DAYS }, (_, day) => {
    const weekday = new Date(start.getTime() + day * DAY_MS).getUTCDay();
    let weighted = 0;
    let weights = 0;
    for (const c of data) {
      const weight = c.hour.getUTCDay() === weekday ? 2 : 1;
      weighted += c.count * weight;
      weights += weight;
    }
    return Math.floor(Math.max(limit1, weighted / weights + baseline));
  });
}

/** The UTC day (midnight) of a time. */
export const utcDay = (at: Date): Date => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);

/**
 * Today's limit in a forecast made on `forecastDay`: the limit of the days since then, or the last
 * one when the forecast has run out.
 */
export function limitOn(limits: readonly number[], forecastDay: Date, now: Date): number {
  const days = Math.floor((utcDay(now).getTime() - utcDay(forecastDay).getTime()) / DAY_MS);
  return limits[clamp(days, 0, limits.length - 1)] ?? DEFAULT_LIMIT;
}

/** Whether an issue escalates: its events in the current hour exceed today's limit. */
export const isEscalating = (currentHourCount: number, limit: number): boolean => currentHourCount > limit;
