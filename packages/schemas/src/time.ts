// ISO 8601: date, optional time with optional fraction, optional Z or ±HH:MM / ±HHMM offset.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

/** Earliest and latest instants Sift represents (Postgres timestamptz-safe, JS Date-safe). */
const MIN_MS = Date.UTC(1970, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

/**
 * Unix seconds (number or numeric string) or ISO 8601. An explicit offset is honoured; no offset
 * means UTC. Returns null when the value is not a time.
 */
export function parseTimestamp(value: unknown): Date | null {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    const ms = value * 1000;
    return ms >= MIN_MS && ms <= MAX_MS ? new Date(Math.round(ms)) : null;
  }
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return parseTimestamp(Number(text));
  const m = ISO.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = Number((frac + "000").slice(0, 3));
  let epoch = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1) return null; // 2026-02-31
  if (offset && offset.toUpperCase() !== "Z") {
    const sign = offset.startsWith("-") ? -1 : 1;
    const digits = offset.slice(1).replace(":", "");
    const offHours = Number(digits.slice(0, 2));
    const offMinutes = Number(digits.slice(2, 4));
    if (offHours > 23 || offMinutes > 59) return null;
    epoch -= sign * (offHours * 60 + offMinutes) * 60_000;
  }
  return epoch >= MIN_MS && epoch <= MAX_MS ? new Date(epoch) : null;
}
