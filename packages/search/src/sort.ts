import type { Knex } from "knex";

import { INVALID_CURSOR } from "./cursor.js";
import { SearchError } from "./errors.js";

/** The issue list's sorts. */
export const ISSUE_SORTS = ["date", "new", "freq", "user", "trends", "inbox", "recommended"] as const;
export type IssueSort = (typeof ISSUE_SORTS)[number];
export const DEFAULT_ISSUE_SORT: IssueSort = "date";

/** How long an inbox entry counts for the inbox sort. */
export const INBOX_WINDOW_MS = 7 * 24 * 3_600_000;

type SortValueKind = "timestamp" | "integer" | "float";

interface SortSpec {
  /** The sorted expression (`ib` is issue_inbox, joined for the inbox sort). */
  expression: string;
  kind: SortValueKind;
}

const SORTS: Readonly<Record<IssueSort, SortSpec>> = {
  date: { expression: "i.last_seen", kind: "timestamp" },
  // Lifetime first_seen, as the reference: not the first event inside the window.
  new: { expression: "i.first_seen", kind: "timestamp" },
  freq: { expression: "i.times_seen", kind: "integer" },
  user: { expression: "i.user_count", kind: "integer" },
  trends: { expression: "i.score", kind: "float" },
  inbox: { expression: "ib.date_added", kind: "timestamp" },
  // log2(1 + events) + log2(1 + users) + last_seen / 12 h: storage's issue_recommended_score, indexed.
  recommended: {
    expression: "issue_recommended_score(i.times_seen, i.user_count, i.last_seen)",
    kind: "float",
  },
};

/** `sort` query parameter → sort; absent means `date`; unknown is a 400. */
export function parseSort(value: string | null | undefined): IssueSort {
  if (value === undefined || value === null || value === "") return DEFAULT_ISSUE_SORT;
  if ((ISSUE_SORTS as readonly string[]).includes(value)) return value as IssueSort;
  throw new SearchError(`Sort key '${value}' not supported.`);
}

export function sortExpression(sort: IssueSort): string {
  return SORTS[sort].expression;
}

/**
 * SQL giving a row's sort value as text, exactly: timestamps as integer microseconds since the epoch
 * (Postgres keeps microseconds; a millisecond cursor alone could skip rows within one millisecond).
 */
export function sortValueSql(sort: IssueSort): string {
  const { expression, kind } = SORTS[sort];
  return kind === "timestamp"
    ? `((extract(epoch from ${expression}) * 1000000)::bigint)::text`
    : `${expression}::text`;
}

/**
 * A row's sort value (as `sortValueSql` gives it) in cursor form: integer milliseconds for
 * timestamps, with the sub-millisecond rest as a 3-digit fraction only when there is one
 * (`1732700000123.456`; Sentry's cursor accepts decimal values).
 */
export function cursorValueOf(sort: IssueSort, sortValue: string): string {
  if (SORTS[sort].kind !== "timestamp") return sortValue;
  const micros = BigInt(sortValue);
  let ms = micros / 1000n;
  let rest = micros % 1000n;
  if (rest < 0n) {
    rest += 1000n;
    ms -= 1n;
  }
  return rest === 0n ? ms.toString() : `${ms}.${rest.toString().padStart(3, "0")}`;
}

const MAX_DATE_MS = 8_640_000_000_000_000n;
const TIMESTAMP_VALUE = /^(-?\d+)(?:\.(\d{1,3}))?$/;
const FLOAT_VALUE = /^(?:[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|-?(?:NaN|Infinity))$/;

/** Whether Postgres' float8 holds the value (it refuses overflow and underflow, not NaN / Infinity). */
function fitsFloat8(value: string): boolean {
  if (/(NaN|Infinity)$/.test(value)) return true;
  const n = Number(value);
  return Number.isFinite(n) && (n !== 0 || !/[1-9]/.test(value.split(/[eE]/)[0]!));
}

function timestampText(value: string): string | null {
  const m = TIMESTAMP_VALUE.exec(value);
  if (!m) return null;
  const ms = BigInt(m[1]!);
  if (ms > MAX_DATE_MS || ms < -MAX_DATE_MS) return null;
  const iso = new Date(Number(ms)).toISOString();
  if (iso.startsWith("-") || iso.startsWith("+")) return null; // beyond year 9999 / before year 0
  const micros = `${iso.slice(20, 23)}${(m[2] ?? "").padEnd(3, "0")}`;
  return `${iso.slice(0, 19)}.${micros}Z`;
}

/**
 * The keyset bound `(expression, i.id) <|> (cursor value, cursor id)` for a cursor, with the value
 * bound in its column's type. A value that does not fit the sort is a 400 "Invalid cursor parameter.".
 */
export function keysetBound(
  sort: IssueSort,
  cursor: { value: string; offset: number },
  direction: "before" | "after",
): { sql: string; bindings: Knex.Value[] } {
  const { expression, kind } = SORTS[sort];
  let placeholder: string;
  let value: string | null;
  switch (kind) {
    case "timestamp":
      placeholder = "?::timestamptz";
      value = timestampText(cursor.value);
      break;
    case "integer":
      placeholder = "?::bigint";
      value = /^-?\d{1,18}$/.test(cursor.value) ? cursor.value : null;
      break;
    case "float":
      placeholder = "?::float8";
      value = FLOAT_VALUE.test(cursor.value) && fitsFloat8(cursor.value) ? cursor.value : null;
      break;
  }
  if (value === null) throw new SearchError(INVALID_CURSOR);
  const comparison = direction === "after" ? "<" : ">";
  return {
    sql: `(${expression}, i.id) ${comparison} (${placeholder}, ?::bigint)`,
    bindings: [value, cursor.offset],
  };
}
