import type { Knex } from "knex";

/**
 * A piece of SQL with `?` placeholders and its bindings, in order. User input only ever travels in
 * `bindings`; the SQL text is assembled from constants in this package.
 */
export interface Sql {
  sql: string;
  bindings: Knex.Value[];
}

export const TRUE: Sql = { sql: "TRUE", bindings: [] };
export const FALSE: Sql = { sql: "FALSE", bindings: [] };

export function sql(text: string, ...bindings: Knex.Value[]): Sql {
  return { sql: text, bindings };
}

/** Joins fragments, each parenthesised. */
export function join(parts: readonly Sql[], separator: " AND " | " OR " | ", "): Sql {
  return {
    sql: parts.map((p) => (separator === ", " ? p.sql : `(${p.sql})`)).join(separator),
    bindings: parts.flatMap((p) => p.bindings),
  };
}

export function and(parts: readonly Sql[]): Sql {
  if (parts.length === 0) return TRUE;
  return parts.length === 1 ? parts[0]! : join(parts, " AND ");
}

export function or(parts: readonly Sql[]): Sql {
  if (parts.length === 0) return FALSE;
  return parts.length === 1 ? parts[0]! : join(parts, " OR ");
}

/** NULL-safe negation: a predicate that is NULL for a row (e.g. a NULL substatus) negates to TRUE. */
export function not(part: Sql): Sql {
  return { sql: `NOT coalesce((${part.sql}), FALSE)`, bindings: part.bindings };
}

/** `expr IN (?, ?, …)`; FALSE for an empty list (Postgres rejects `IN ()`). */
export function inList(expression: string, values: readonly Knex.Value[]): Sql {
  if (values.length === 0) return FALSE;
  return { sql: `${expression} IN (${values.map(() => "?").join(", ")})`, bindings: [...values] };
}

/** Prefixes `text` to a fragment: `wrap("EXISTS (SELECT … WHERE ", inner, ")")`. */
export function wrap(before: string, inner: Sql, after: string, ...beforeBindings: Knex.Value[]): Sql {
  return { sql: `${before}${inner.sql}${after}`, bindings: [...beforeBindings, ...inner.bindings] };
}
