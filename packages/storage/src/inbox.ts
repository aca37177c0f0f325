import { byIssueId, keyedRows } from "./keyed-rows.js";
import type { Conn } from "./sql.js";

/** An `issue_inbox` row (GroupInboxReason). */
export interface InboxInput {
  organizationId: number;
  projectId: number;
  issueId: number;
  reason: number;
  reasonDetails?: Record<string, unknown> | null;
  dateAdded: Date;
}

/** Add to the inbox; an issue already there gets the new reason and date. */
export async function addToInbox(db: Conn, rows: readonly InboxInput[]): Promise<void> {
  if (rows.length === 0) return;
  await db("issue_inbox")
    .insert(
      rows.map((r) => ({
        issue_id: r.issueId,
        organization_id: r.organizationId,
        project_id: r.projectId,
        reason: r.reason,
        reason_details: r.reasonDetails ? JSON.stringify(r.reasonDetails) : null,
        date_added: r.dateAdded,
      })),
    )
    .onConflict("issue_id")
    .merge(["reason", "reason_details", "date_added"]);
}

export async function removeFromInbox(db: Conn, issueIds: readonly number[]): Promise<number> {
  if (issueIds.length === 0) return 0;
  return db("issue_inbox")
    .whereIn("issue_id", issueIds as number[])
    .delete();
}

/** Which of the issues are in the inbox. */
export async function inboxIssueIds(db: Conn, issueIds: readonly number[]): Promise<Set<number>> {
  if (issueIds.length === 0) return new Set();
  const rows = await db("issue_inbox")
    .whereIn("issue_id", [...issueIds])
    .select<{ issue_id: number | string }[]>("issue_id");
  return new Set(rows.map((r) => Number(r.issue_id)));
}

export interface InboxEntry {
  issueId: number;
  reason: number;
  reasonDetails: Record<string, unknown> | null;
  dateAdded: Date;
}

export function getInboxEntries(db: Conn, issueIds: readonly number[]): Promise<Map<number, InboxEntry>> {
  return keyedRows(issueIds, byIssueId, () =>
    db("issue_inbox")
      .whereIn("issue_id", [...issueIds])
      .select<InboxEntry[]>({
        issueId: "issue_id",
        reason: "reason",
        reasonDetails: "reason_details",
        dateAdded: "date_added",
      }),
  );
}
