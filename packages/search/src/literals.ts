/** The literal values of the search grammar: numbers with suffixes, ISO dates, relative dates. */

const NUMBER = /^(-?\d+(?:\.\d*)?)([kmb])?$/i;
const MULTIPLIERS: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, b: 1e9 };
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:\d{2})?$/;
const RELATIVE_DATE = /^([+-])(\d+)([wdhm])$/;
const UNIT_MS: Readonly<Record<string, number>> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000 };
/**
 * The longest relative date: 5,000 years back from any time Sift runs at stays inside Postgres'
 * timestamps (4713 BC onwards).
 */
const MAX_SPAN_MS = 5_000 * 365.25 * 86_400_000;

export function parseNumber(text: string): number | null {
  const m = NUMBER.exec(text);
  if (!m) return null;
  const value = Number(m[1]) * (m[2] ? MULTIPLIERS[m[2].toLowerCase()]! : 1);
  return Number.isFinite(value) ? value : null;
}

/** ISO date as the grammar accepts it; `hasTime` false for a bare day. Null when not a valid date. */
export function parseIsoDate(text: string): { date: Date; hasTime: boolean } | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const utc = new Date(
    Date.UTC(year, month - 1, day, hour, minute, second, Number(((frac ?? "") + "000").slice(0, 3))),
  );
  if (year < 1 || utc.getUTCMonth() !== month - 1) return null; // 2024-02-30
  utc.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  let ms = utc.getTime();
  if (zone && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const offHours = Number(zone.slice(1, 3));
    const offMinutes = Number(zone.slice(4, 6));
    if (offHours > 23 || offMinutes > 59) return null;
    ms -= sign * (offHours * 60 + offMinutes) * 60_000;
  }
  const date = new Date(ms);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999) return null;
  return { date, hasTime: h !== undefined };
}

export function exampleDate(now: Date): string {
  // The reference prints `datetime.now().isoformat()[:-4]`: local ISO time with two fraction digits.
  return now.toISOString().slice(0, 22);
}

/**
 * `-24h` / `+2w` (weeks, days, hours, minutes); null when not one, or when it reaches further back
 * than `MAX_SPAN_MS`.
 */
export function parseRelativeDate(text: string): { sign: "+" | "-"; amountMs: number } | null {
  const m = RELATIVE_DATE.exec(text);
  if (!m) return null;
  const amountMs = Number(m[2]) * UNIT_MS[m[3]!]!;
  return amountMs <= MAX_SPAN_MS ? { sign: m[1] as "+" | "-", amountMs } : null;
}
