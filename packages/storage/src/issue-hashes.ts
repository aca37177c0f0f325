import type { Knex } from "knex";

type Conn = Knex | Knex.Transaction;

/** An issue's fingerprint hashes in hash order, a page at a time. */
export async function listIssueHashes(
  db: Conn,
  issueId: number,
  page: { limit: number; offset: number },
): Promise<string[]> {
  const rows = await db("issue_hashes")
    .where({ issue_id: issueId })
    .orderBy("hash")
    .limit(page.limit)
    .offset(page.offset)
    .select<{ hash: string }[]>("hash");
  return rows.map((r) => r.hash);
}

/**
 * Locks the hashes of the issues for update in (project, hash) order, the order ingest share-locks them
 * in (`findHashes`); a merge takes these before the issue rows, as ingest does.
 */
export async function lockIssueHashes(trx: Knex.Transaction, issueIds: readonly number[]): Promise<void> {
  if (issueIds.length === 0) return;
  await trx("issue_hashes")
    .whereIn("issue_id", [...issueIds])
    .orderBy(["project_id", "hash"])
    .forUpdate()
    .select("hash");
}

/** Moves every hash of the `from` issues to issue `to`. */
export async function moveIssueHashes(
  trx: Knex.Transaction,
  from: readonly number[],
  to: number,
): Promise<void> {
  if (from.length === 0) return;
  await trx("issue_hashes")
    .whereIn("issue_id", [...from])
    .update({ issue_id: to });
}
