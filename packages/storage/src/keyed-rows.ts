import type { Conn } from "./sql.js";

/**
 * What one statement reads for some keys, as a map of the `entry` of each row (a later row of a key
 * replaces an earlier one). No statement runs when there are no keys.
 */
export async function keyedRows<R, K, V>(
  keys: readonly unknown[],
  entry: (row: R) => readonly [K, V],
  read: () => PromiseLike<readonly R[]>,
): Promise<Map<K, V>> {
  if (keys.length === 0) return new Map();
  return new Map((await read()).map(entry));
}

/** A row under its issue id, for `keyedRows`. */
export const byIssueId = <T extends { issueId: number }>(row: T): [number, T] => [row.issueId, row];

/** The rows of `table` with these ids (each read once), by id, as `map` makes them. */
export function rowsById<R extends { id: number | string }, V>(
  db: Conn,
  table: string,
  columns: readonly string[],
  ids: readonly number[],
  map: (row: R) => V,
): Promise<Map<number, V>> {
  const entry = (row: R): [number, V] => [Number(row.id), map(row)];
  return keyedRows(
    ids,
    entry,
    async () =>
      (await db(table)
        .whereIn("id", [...new Set(ids)])
        .select(columns)) as R[],
  );
}

/** Which of `keys` the organization's rows of `table` hold in `column` (no statement for no keys). */
export async function existingKeys<K extends string | number>(
  db: Conn,
  table: string,
  organizationId: number,
  column: string,
  keys: readonly K[],
): Promise<Set<K>> {
  if (keys.length === 0) return new Set();
  const found = (await db(table)
    .where("organization_id", organizationId)
    .whereIn(column, [...keys])
    .select(column)) as Record<string, K>[];
  return new Set(found.map((row) => row[column]!));
}

/**
 * Get-or-create by key: one read of `wanted`; those not found are inserted (on conflict, nothing) and
 * read by a statement of their own, which also sees the rows another transaction committed while the
 * insert waited for it (a single insert-and-select statement reads with its older snapshot and misses
 * them). Most calls find everything and write nothing.
 */
export async function findOrInsert<W, R>(
  wanted: readonly W[],
  how: {
    find: (list: readonly W[]) => Promise<R[]>;
    insert: (missing: readonly W[]) => PromiseLike<unknown>;
    wantedKey: (w: W) => string;
    rowKey: (row: R) => string;
  },
): Promise<R[]> {
  const found = await how.find(wanted);
  const have = new Set(found.map(how.rowKey));
  const missing = wanted.filter((w) => !have.has(how.wantedKey(w)));
  if (missing.length === 0) return found;
  await how.insert(missing);
  return [...found, ...(await how.find(missing))];
}
