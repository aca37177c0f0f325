import { toRow } from "./row-of.js";
import type { Conn } from "./sql.js";

/** An `issue_history` row: one step of the issue's status history (GroupHistoryStatus). */
export interface HistoryInput {
  organizationId: number;
  projectId: number;
  issueId: number;
  status: number;
  releaseId?: number | null;
  userId?: number | null;
  dateAdded: Date;
}

/** One multi-row insert. */
export async function insertHistory(db: Conn, rows: readonly HistoryInput[]): Promise<void> {
  if (rows.length === 0) return;
  await db("issue_history").insert(
    rows.map((r) => toRow({ ...r, releaseId: r.releaseId ?? null, userId: r.userId ?? null })),
  );
}
