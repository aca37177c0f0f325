import type { Conn } from "./sql.js";

/** Rows in issue-id order: statements that lock issues' rows take them in one order, so they cannot deadlock. */
export const inIssueOrder = <T extends { issueId: number }>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => a.issueId - b.issueId);

/**
 * One multi-row insert, in issue order, of the `columns` of each row; a row that exists by the
 * `conflict` columns takes the new values of the others. No statement for no rows.
 */
export async function upsertInIssueOrder<T extends { issueId: number }>(
  db: Conn,
  table: string,
  conflict: string[],
  rows: readonly T[],
  columns: (row: T) => Record<string, unknown>,
): Promise<void> {
  if (rows.length === 0) return;
  const values = inIssueOrder(rows).map(columns);
  const merge = Object.keys(values[0]!).filter((column) => !conflict.includes(column));
  await db(table).insert(values).onConflict(conflict).merge(merge);
}
