import type { Knex } from "knex";

/** A connection or a transaction: every statement of this package runs on either. */
export type Conn = Knex | Knex.Transaction;

/**
 * Runs a raw statement. Batch statements take their arrays through `unnest` or one JSON document, so
 * the statement text and parameter count do not depend on the batch size.
 */
export function raw(db: Conn, sql: string, bindings: readonly unknown[]): Promise<unknown> {
  const sent = bindings.map((b) => (Array.isArray(b) ? (arrayLiteral(b) ?? b) : b));
  return db.raw(sql, sent as Knex.RawBinding[]) as unknown as Promise<unknown>;
}

const QUOTE_OR_BACKSLASH = /["\\]/;

/**
 * A flat array of numbers, strings, booleans and nulls as the Postgres array literal pg would send for
 * it (`{1,"a",NULL}`), built in one pass: the batch statements' arrays hold thousands of elements, and
 * pg's and knex's per-element walks over them were a measurable share of a batch. Anything else
 * (nested arrays, dates, objects, `undefined`) returns null and goes to pg as it is.
 */
export function arrayLiteral(values: readonly unknown[]): string | null {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ",";
    if (typeof v === "string")
      out += QUOTE_OR_BACKSLASH.test(v) ? `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"` : `"${v}"`;
    else if (typeof v === "number" && Number.isFinite(v)) out += String(v);
    else if (v === null) out += "NULL";
    else if (typeof v === "boolean") out += v ? "t" : "f";
    else return null;
  }
  return `${out}}`;
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
