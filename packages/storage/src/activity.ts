import type { Knex } from "knex";
import { historyStatusFor } from "@sift/schemas";

type Conn = Knex | Knex.Transaction;

export interface ActivityInput {
  projectId: number;
  issueId: number;
  type: number;
  ident?: string | null;
  userId?: number | null;
  data?: Record<string, unknown>;
  datetime: Date;
}

export interface HistoryInput {
  organizationId: number;
  projectId: number;
  issueId: number;
  status: number;
  releaseId?: number | null;
  userId?: number | null;
  dateAdded: Date;
}

/** One multi-row insert; returns the new activity ids in input order. */
export async function insertActivities(db: Conn, rows: readonly ActivityInput[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await db("activities")
    .insert(
      rows.map((r) => ({
        project_id: r.projectId,
        issue_id: r.issueId,
        type: r.type,
        ident: r.ident ?? null,
        user_id: r.userId ?? null,
        data: JSON.stringify(r.data ?? {}),
        datetime: r.datetime,
      })),
    )
    .returning("id");
  return (inserted as { id: number }[]).map((r) => r.id);
}

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

export interface StatusActivityInput {
  organizationId: number;
  projectId: number;
  issueId: number;
  activityType: number;
  /** The issue's new substatus: it decides the history status when set. */
  substatus: number | null;
  data?: Record<string, unknown>;
  ident?: string | null;
  userId?: number | null;
  releaseId?: number | null;
  datetime: Date;
}

/** Activities plus the history rows they imply (reference §1.1 mapping). */
export async function recordStatusActivities(
  db: Conn,
  rows: readonly StatusActivityInput[],
): Promise<number[]> {
  const ids = await insertActivities(
    db,
    rows.map((r) => ({
      projectId: r.projectId,
      issueId: r.issueId,
      type: r.activityType,
      ident: r.ident ?? null,
      userId: r.userId ?? null,
      data: r.data ?? {},
      datetime: r.datetime,
    })),
  );
  const history: HistoryInput[] = [];
  for (const r of rows) {
    const status = historyStatusFor(r.activityType, r.substatus);
    if (status === null) continue;
    history.push({
      organizationId: r.organizationId,
      projectId: r.projectId,
      issueId: r.issueId,
      status,
      releaseId: r.releaseId ?? null,
      userId: r.userId ?? null,
      dateAdded: r.datetime,
    });
  }
  await insertHistory(db, history);
  return ids;
}

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
