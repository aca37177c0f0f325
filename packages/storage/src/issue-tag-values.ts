import type { Knex } from "knex";
import { raw } from "./sql.js";
import type { Conn } from "./sql.js";

/** What one batch adds to one (issue, key, value) counter. */
export interface IssueTagValueCount {
  issueId: number;
  key: string;
  value: string;
  timesSeen: number;
  firstSeen: Date;
  lastSeen: Date;
}

/** One value of an issue's tag key, as counted. */
export interface IssueTagValue {
  value: string;
  timesSeen: number;
  firstSeen: Date;
  lastSeen: Date;
}

/** A tag key of an issue: how many distinct values, how many events carry it, and its top values. */
export interface IssueTagKey {
  key: string;
  uniqueValues: number;
  totalValues: number;
  topValues: IssueTagValue[];
}

/** Newest first by: `count` times seen, `date` last seen, `age` first seen (Sentry's `-…`). Ties by value. */
export type IssueTagValueSort = "count" | "date" | "age";

interface ValueRow {
  value: string;
  times_seen: string | number;
  first_seen: Date;
  last_seen: Date;
}

const toValue = (r: ValueRow): IssueTagValue => ({
  value: r.value,
  timesSeen: Number(r.times_seen),
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
});

/**
 * Adds a batch's counts to the issues' tag value counters in one statement. The caller aggregates per
 * (issue, key, value) first: a row may appear once only. Rows go in sorted, so concurrent batches lock
 * the counters they share in the same order. Times go as epoch milliseconds: a batch has a few rows
 * per occurrence, and formatting two ISO strings per row was most of the statement's cost in Node.
 */
export async function addIssueTagValues(db: Conn, counts: readonly IssueTagValueCount[]): Promise<void> {
  if (counts.length === 0) return;
  const sorted = [...counts].sort(
    (a, b) =>
      a.issueId - b.issueId ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
      (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
  );
  await raw(
    db,
    `INSERT INTO issue_tag_values AS t (issue_id, key, value, times_seen, first_seen, last_seen)
       SELECT i, k, v, n, to_timestamp(f / 1000), to_timestamp(l / 1000)
         FROM unnest(?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::float8[], ?::float8[]) AS u(i, k, v, n, f, l)
     ON CONFLICT (issue_id, key, value) DO UPDATE SET
       times_seen = t.times_seen + EXCLUDED.times_seen,
       first_seen = LEAST(t.first_seen, EXCLUDED.first_seen),
       last_seen = GREATEST(t.last_seen, EXCLUDED.last_seen)`,
    [
      sorted.map((c) => c.issueId),
      sorted.map((c) => c.key),
      sorted.map((c) => c.value),
      sorted.map((c) => c.timesSeen),
      sorted.map((c) => c.firstSeen.getTime()),
      sorted.map((c) => c.lastSeen.getTime()),
    ],
  );
}

/**
 * The tag keys of an issue (all, or those named), most carried first, each with its `valueLimit` most
 * seen values. One statement: per key a count and a sum over the issue's counters, then per key a
 * top-N sort of its counters (a range of the primary key). A sort over all of them in one pass (window
 * functions) was several times slower on a key with 20,000 values.
 */
export async function listIssueTagKeys(
  db: Conn,
  issueId: number,
  options: { keys?: readonly string[]; valueLimit: number },
): Promise<IssueTagKey[]> {
  const keyFilter = options.keys ? "AND key = ANY(?::text[])" : "";
  const result = (await db.raw(
    `SELECT k.key, k.unique_values, k.total_values, top.value, top.times_seen, top.first_seen, top.last_seen
       FROM (SELECT key, count(*) AS unique_values, sum(times_seen) AS total_values
               FROM issue_tag_values WHERE issue_id = ? ${keyFilter} GROUP BY key) k
       CROSS JOIN LATERAL (
         SELECT value, times_seen, first_seen, last_seen FROM issue_tag_values v
          WHERE v.issue_id = ? AND v.key = k.key
          ORDER BY v.times_seen DESC, v.value LIMIT ?) top
      ORDER BY k.total_values DESC, k.key, top.times_seen DESC, top.value`,
    [issueId, ...(options.keys ? [[...options.keys]] : []), issueId, options.valueLimit] as Knex.RawBinding[],
  )) as { rows: (ValueRow & { key: string; unique_values: string; total_values: string })[] };
  const keys = new Map<string, IssueTagKey>();
  for (const r of result.rows) {
    let entry = keys.get(r.key);
    if (!entry) {
      entry = {
        key: r.key,
        uniqueValues: Number(r.unique_values),
        totalValues: Number(r.total_values),
        topValues: [],
      };
      keys.set(r.key, entry);
    }
    entry.topValues.push(toValue(r));
  }
  return [...keys.values()];
}

const ORDER: Record<IssueTagValueSort, string> = {
  count: "times_seen DESC, value",
  date: "last_seen DESC, value",
  age: "first_seen DESC, value",
};

/** A page of the values of one tag key of an issue. */
export async function listIssueTagValues(
  db: Conn,
  issueId: number,
  key: string,
  options: { sort: IssueTagValueSort; limit: number; offset: number },
): Promise<IssueTagValue[]> {
  const rows = (await db("issue_tag_values")
    .where({ issue_id: issueId, key })
    .orderByRaw(ORDER[options.sort])
    .limit(options.limit)
    .offset(options.offset)
    .select("value", "times_seen", "first_seen", "last_seen")) as ValueRow[];
  return rows.map(toValue);
}
