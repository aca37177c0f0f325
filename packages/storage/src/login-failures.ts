import { raw, rows } from "./sql.js";
import type { Conn } from "./sql.js";

/**
 * `login_failures`: failed sign-ins counted per key (the API uses one key per email and one per client
 * address) in a fixed window that starts with the first failure. The API decides the limits.
 */

export interface LoginFailureCount {
  key: string;
  failures: number;
  /** When the key's window ends and its count starts again from zero. */
  resetsAt: Date;
}

/** The failures counted in the current window of each key (keys without a live window are left out). */
export async function countLoginFailures(
  db: Conn,
  keys: readonly string[],
  now: Date,
  windowMs: number,
): Promise<LoginFailureCount[]> {
  const found = await rows<{ key: string; failures: number; window_started_at: Date }>(
    db,
    "SELECT key, failures, window_started_at FROM login_failures WHERE key = ANY(?::text[]) AND window_started_at > ?",
    [[...keys], new Date(now.getTime() - windowMs)],
  );
  return found.map((r) => ({
    key: r.key,
    failures: r.failures,
    resetsAt: new Date(r.window_started_at.getTime() + windowMs),
  }));
}

/** Counts one failure for each key; a key whose window is over starts a new one. */
export async function recordLoginFailure(
  db: Conn,
  keys: readonly string[],
  now: Date,
  windowMs: number,
): Promise<void> {
  await raw(
    db,
    `INSERT INTO login_failures AS f (key, failures, window_started_at)
       SELECT k, 1, ? FROM unnest(?::text[]) AS k
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN f.window_started_at > ? THEN f.failures + 1 ELSE 1 END,
       window_started_at = CASE WHEN f.window_started_at > ? THEN f.window_started_at ELSE EXCLUDED.window_started_at END`,
    [now, [...new Set(keys)], new Date(now.getTime() - windowMs), new Date(now.getTime() - windowMs)],
  );
}

/** Forgets the failures of keys (after a successful sign-in). */
export async function clearLoginFailures(db: Conn, keys: readonly string[]): Promise<void> {
  await raw(db, "DELETE FROM login_failures WHERE key = ANY(?::text[])", [[...keys]]);
}
