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
    rows.map((r) => ({
      organization_id: r.organizationId,
      project_id: r.projectId,
      issue_id: r.issueId,
      status: r.status,
      release_id: r.releaseId ?? null,
      user_id: r.userId ?? null,
      date_added: r.dateAdded,
    })),
  );
}
