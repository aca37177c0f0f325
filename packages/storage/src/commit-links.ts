import type { Knex } from "knex";

type Conn = Knex | Knex.Transaction;

/** `issue_commit_links.relationship` values (Sentry's GroupLink.Relationship). */
const CommitLinkRelationship = { UNKNOWN: 0, RESOLVES: 1, REFERENCES: 2 } as const;

/** Links issues to a commit that resolves them; an existing link is refreshed. */
export async function insertCommitLinks(
  db: Conn,
  rows: readonly { issueId: number; commitId: number; datetime: Date }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db("issue_commit_links")
    .insert(
      [...rows]
        .sort((a, b) => a.issueId - b.issueId)
        .map((r) => ({
          issue_id: r.issueId,
          commit_id: r.commitId,
          relationship: CommitLinkRelationship.RESOLVES,
          datetime: r.datetime,
        })),
    )
    .onConflict(["issue_id", "commit_id"])
    .merge(["relationship", "datetime"]);
}

/** An issue's latest "resolves" link and whether its commit is in any release. */
export interface LatestCommitLink {
  id: number;
  datetime: Date;
  inRelease: boolean;
}

interface CommitLinkRow {
  issue_id: number | string;
  id: number | string;
  datetime: Date;
  in_release: boolean;
}

/** One query: each issue's latest "resolves" commit link and whether its commit is in any release. */
export async function loadLatestCommitLinks(
  db: Conn,
  issueIds: readonly number[],
): Promise<Map<number, LatestCommitLink>> {
  const result = new Map<number, LatestCommitLink>();
  if (issueIds.length === 0) return result;
  const rows = await db("issue_commit_links as l")
    .distinctOn("l.issue_id")
    .whereIn("l.issue_id", [...issueIds])
    .where("l.relationship", CommitLinkRelationship.RESOLVES)
    .orderBy([
      { column: "l.issue_id" },
      { column: "l.datetime", order: "desc" },
      { column: "l.id", order: "desc" },
    ])
    .select<CommitLinkRow[]>(
      "l.issue_id",
      "l.id",
      "l.datetime",
      db.raw("EXISTS (SELECT 1 FROM release_commits rc WHERE rc.commit_id = l.commit_id) AS in_release"),
    );
  for (const row of rows) {
    result.set(Number(row.issue_id), {
      id: Number(row.id),
      datetime: row.datetime,
      inRelease: row.in_release,
    });
  }
  return result;
}
