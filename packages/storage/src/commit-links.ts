import { keyedRows } from "./keyed-rows.js";
import { upsertInIssueOrder } from "./issue-order.js";
import type { Conn } from "./sql.js";

/** `issue_commit_links.relationship` values (Sentry's GroupLink.Relationship). */
const CommitLinkRelationship = { UNKNOWN: 0, RESOLVES: 1, REFERENCES: 2 } as const;

/** Links issues to a commit that resolves them; an existing link is refreshed. */
export async function insertCommitLinks(
  db: Conn,
  rows: readonly { issueId: number; commitId: number; datetime: Date }[],
): Promise<void> {
  await upsertInIssueOrder(db, "issue_commit_links", ["issue_id", "commit_id"], rows, (r) => ({
    issue_id: r.issueId,
    commit_id: r.commitId,
    relationship: CommitLinkRelationship.RESOLVES,
    datetime: r.datetime,
  }));
}

/** An issue's latest "resolves" link and whether its commit is in any release. */
export interface LatestCommitLink {
  id: number;
  datetime: Date;
  inRelease: boolean;
}

const linkEntry = ({
  issueId,
  ...link
}: LatestCommitLink & { issueId: number }): [number, LatestCommitLink] => [issueId, link];

/** One query: each issue's latest "resolves" commit link and whether its commit is in any release. */
export function loadLatestCommitLinks(
  db: Conn,
  issueIds: readonly number[],
): Promise<Map<number, LatestCommitLink>> {
  return keyedRows(issueIds, linkEntry, () =>
    db("issue_commit_links as l")
      .distinctOn("l.issue_id")
      .whereIn("l.issue_id", [...issueIds])
      .where("l.relationship", CommitLinkRelationship.RESOLVES)
      .orderBy([
        { column: "l.issue_id" },
        { column: "l.datetime", order: "desc" },
        { column: "l.id", order: "desc" },
      ])
      .select<(LatestCommitLink & { issueId: number })[]>(
        "l.issue_id as issueId",
        "l.id",
        "l.datetime",
        db.raw(`EXISTS (SELECT 1 FROM release_commits rc WHERE rc.commit_id = l.commit_id) AS "inRelease"`),
      ),
  );
}
