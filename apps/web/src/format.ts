// Times and numbers as the UI shows them: relative ("5m ago") with the exact time on hover.

const UNITS: [number, string][] = [
  [86_400 * 365, "y"],
  [86_400 * 30, "mo"],
  [86_400 * 7, "w"],
  [86_400, "d"],
  [3_600, "h"],
  [60, "m"],
];

export function relativeTime(iso: string | null, now = Date.now()): string {
  if (!iso) return "—";
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return "just now";
  for (const [size, unit] of UNITS) if (seconds >= size) return `${Math.floor(seconds / size)}${unit} ago`;
  return "just now";
}

export function exactTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : "";
}

export function compactNumber(value: number | string): string {
  const n = typeof value === "string" ? Number(value) : value;
  if (!Number.isFinite(n)) return String(value);
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, "")}M`;
  if (n >= 10_000) return `${Math.round(n / 1_000)}k`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(1).replace(/\.0$/, "")}k`;
  return String(n);
}
