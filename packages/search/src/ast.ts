import type { TagKey } from "./event-fields.js";
import type { HasKey, SearchKey } from "./keys.js";

/** Comparison operators after negation is folded in (`!times_seen:>5` is `<=`). */
export type ComparisonOperator = "=" | "!=" | ">" | ">=" | "<" | "<=";
export type ListOperator = "IN" | "NOT IN";

/**
 * A filter's value, typed by the kind of its key. Text keeps the user's wildcard syntax: `*` is a
 * wildcard and `\*` a literal asterisk (escaped quotes are already unescaped).
 */
export type FilterValue =
  | { kind: "text"; value: string }
  | { kind: "textList"; values: string[] }
  | { kind: "number"; value: number }
  | { kind: "numberList"; values: number[] }
  | { kind: "boolean"; value: boolean }
  /** An instant, compared with the operator (`age:>2024-01-01T10:00:00`). */
  | { kind: "date"; value: Date }
  /** `[from, to)`: `key:2024-01-01` is that UTC day; with a time, a window around it. */
  | { kind: "dateRange"; from: Date; to: Date }
  /** `-24h` / `+24h`: the instant `now - amountMs`, resolved when the query runs. */
  | { kind: "relativeDate"; amountMs: number };

interface NodeSource {
  /** 1-based column of the term in the query text. */
  column: number;
  /** The term as written. */
  text: string;
}

/**
 * `key:value`, `!key:value`, `key:[a, b]`, `key:>5`, `is:…` (translated) and free text (key `message`).
 * A key that is not a search key is a tag of the events (`browser:x` has key `tags[browser]`).
 * Operators: `=`/`!=` for text, booleans and date ranges; `IN`/`NOT IN` for lists; all six for numbers
 * and dates.
 */
export interface SearchFilter extends NodeSource {
  type: "filter";
  key: SearchKey | TagKey;
  operator: ComparisonOperator | ListOperator;
  value: FilterValue;
}

/** `has:key` (negated: `!has:key`). */
export interface SearchHas extends NodeSource {
  type: "has";
  key: HasKey;
  negated: boolean;
}

/** `a AND b`, `a b` (implicit AND) and `a OR b`; parentheses only group. */
export interface SearchBoolean {
  type: "and" | "or";
  children: SearchNode[];
}

export type SearchNode = SearchFilter | SearchHas | SearchBoolean;

/** A parsed query. `root` is null for an empty query (no filters). */
export interface SearchQuery {
  text: string;
  root: SearchNode | null;
}
