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
