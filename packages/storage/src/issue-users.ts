import { countSince, rows } from "./sql.js";
import type { Conn, CountSince } from "./sql.js";

/** `issue_users`: the distinct users each issue was seen by (its lifetime user count). */

/** Record distinct users; returns issue → number of users new to it. */
export async function insertIssueUsers(
  db: Conn,
  entries: readonly { issueId: number; userKey: string; firstSeen: Date }[],
): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  if (entries.length === 0) return result;
  const unique = [...new Map(entries.map((e) => [`${e.issueId}:${e.userKey}`, e])).values()].sort(
    (a, b) => a.issueId - b.issueId || (a.userKey < b.userKey ? -1 : 1),
  );
  const inserted = await rows<{ issue_id: number }>(
    db,
    `INSERT INTO issue_users (issue_id, user_key, first_seen)
       SELECT * FROM unnest(?::bigint[], ?::text[], ?::timestamptz[])
     ON CONFLICT (issue_id, user_key) DO NOTHING
     RETURNING issue_id`,
    [
      unique.map((e) => e.issueId),
      unique.map((e) => e.userKey),
      unique.map((e) => e.firstSeen.toISOString()),
    ],
  );
  for (const r of inserted) result.set(r.issue_id, (result.get(r.issue_id) ?? 0) + 1);
  return result;
}

/** Users first seen on each issue since `since` (for snoozes with a user window). */
export const countRecentUsers: CountSince = (db, entries) =>
  countSince(
    db,
    entries,
    `SELECT count(*) FROM issue_users u WHERE u.issue_id = k.issue_id AND u.first_seen >= k.since`,
  );
