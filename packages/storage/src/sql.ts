import type { Knex } from "knex";

/** A connection or a transaction: every statement of this package runs on either. */
export type Conn = Knex | Knex.Transaction;

/**
 * Runs a raw statement. Batch statements take their arrays through `unnest` or one JSON document, so
 * the statement text and parameter count do not depend on the batch size.
 */
export function raw(db: Conn, sql: string, bindings: readonly unknown[]): Promise<unknown> {
  return db.raw(sql, bindings as Knex.RawBinding[]) as unknown as Promise<unknown>;
}

/** The rows of a raw statement. */
export async function rows<T>(db: Conn, sql: string, bindings: readonly unknown[]): Promise<T[]> {
  const result = (await raw(db, sql, bindings)) as { rows: T[] };
  return result.rows;
}

/** How many rows a raw statement wrote. */
export async function rowCount(db: Conn, sql: string, bindings: readonly unknown[]): Promise<number> {
  const result = (await raw(db, sql, bindings)) as { rowCount: number | null };
  return result.rowCount ?? 0;
}

/** A uuid as Postgres prints it, as the 32 lower-case hex characters Sift stores and compares. */
export const stripUuid = (value: string): string => value.replaceAll("-", "");

/** A nullable bigint column (pg may hand bigints over as strings). */
export const nullableNumber = (v: number | string | null): number | null => (v === null ? null : Number(v));

/** A per-issue count of rows since a time each (`countSince` with its subquery). */
export type CountSince = (
  db: Conn,
  entries: readonly { issueId: number; since: Date }[],
) => Promise<Map<number, number>>;

/** Per issue, `count(*)` of a subquery over rows of that issue (`k.issue_id`) since `k.since`. */
export async function countSince(
  db: Conn,
  entries: readonly { issueId: number; since: Date }[],
  subquery: string,
): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  if (entries.length === 0) return result;
  const found = await rows<{ issue_id: number; n: number }>(
    db,
    `SELECT k.issue_id, (${subquery}) AS n FROM unnest(?::bigint[], ?::timestamptz[]) AS k(issue_id, since)`,
    [entries.map((e) => e.issueId), entries.map((e) => e.since.toISOString())],
  );
  for (const r of found) result.set(r.issue_id, Number(r.n));
  return result;
}

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

type SnakeCase<S extends string> = S extends `${infer C}${infer Rest}`
  ? `${C extends Lowercase<C> ? C : `_${Lowercase<C>}`}${SnakeCase<Rest>}`
  : S;

/** A row of a table whose columns are the fields of `T`, named in snake_case. */
export type RowOf<T> = { [K in keyof T & string as SnakeCase<K>]: T[K] };

/** The record a `RowOf<T>` holds: each column under its field's camelCase name. */
export function fromRow<T>(row: RowOf<T>): T {
  const record: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    record[column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())] = value;
  }
  return record as T;
}
