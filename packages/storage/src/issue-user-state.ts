import { raw, rows } from "./sql.js";
import { keyedRows } from "./keyed-rows.js";
import type { Conn } from "./sql.js";

/**
 * `issue_bookmarks`, `issue_seen` and `issue_subscriptions`: one signed-in user's view of issues —
 * what they bookmarked, when they last saw each, and what they subscribed to. Every function takes
 * the user and a set of issue ids (checked by the caller to be the user's organization's).
 */

/** Sentry's GroupSubscriptionReason values Sift writes. */
export const SubscriptionReason = {
  /** An explicit subscribe (`isSubscribed: true`). */
  UNKNOWN: 0,
  COMMENT: 1,
  ASSIGNED: 2,
  BOOKMARK: 3,
  STATUS_CHANGE: 4,
} as const;

export interface IssueUserState {
  bookmarked: boolean;
  /** When the user last marked the issue seen, or null. */
  lastSeen: Date | null;
  /** The user's subscription row, or null when there is none. */
  subscription: { active: boolean; reason: number } | null;
}

/** Adds (`on`) or removes the user's rows of the issues in `issue_bookmarks` or `issue_seen`, stamped `now`. */
async function setUserIssueRows(
  db: Conn,
  table: "issue_bookmarks" | "issue_seen",
  input: { userId: number; issueIds: readonly number[]; on: boolean; now: Date },
): Promise<void> {
  if (input.issueIds.length === 0) return;
  const ids = [...input.issueIds];
  if (!input.on) {
    await raw(db, `DELETE FROM ${table} WHERE user_id = ? AND issue_id = ANY(?::bigint[])`, [
      input.userId,
      ids,
    ]);
    return;
  }
  // A bookmark keeps the time it was first added; seen moves to the latest time.
  const [column, conflict] =
    table === "issue_bookmarks"
      ? ["date_added", "NOTHING"]
      : ["last_seen", "UPDATE SET last_seen = EXCLUDED.last_seen"];
  await raw(
    db,
    `INSERT INTO ${table} (user_id, issue_id, ${column})
       SELECT ?, id, ? FROM unnest(?::bigint[]) AS id
     ON CONFLICT (user_id, issue_id) DO ${conflict}`,
    [input.userId, input.now, ids],
  );
}

/** Bookmarks (`on`) or un-bookmarks the issues for the user. */
export function setIssueBookmarks(
  db: Conn,
  input: { userId: number; issueIds: readonly number[]; on: boolean; now: Date },
): Promise<void> {
  return setUserIssueRows(db, "issue_bookmarks", input);
}

/** Marks the issues seen by the user now (`seen`), or forgets that they saw them. */
export function setIssuesSeen(
  db: Conn,
  input: { userId: number; issueIds: readonly number[]; seen: boolean; now: Date },
): Promise<void> {
  return setUserIssueRows(db, "issue_seen", { ...input, on: input.seen });
}

/**
 * Subscribes (`active`) or unsubscribes the user. `explicit` (an `isSubscribed` of the user's own)
 * overrides any earlier choice; otherwise (commenting, bookmarking) only issues without a subscription
 * row get one, so an explicit unsubscribe stays.
 */
export async function setIssueSubscriptions(
  db: Conn,
  input: {
    userId: number;
    issueIds: readonly number[];
    active: boolean;
    reason: number;
    explicit: boolean;
    now: Date;
  },
): Promise<void> {
  if (input.issueIds.length === 0) return;
  await raw(
    db,
    `INSERT INTO issue_subscriptions (user_id, issue_id, is_active, reason, date_added)
       SELECT ?, id, ?, ?, ? FROM unnest(?::bigint[]) AS id
     ON CONFLICT (user_id, issue_id) DO ${
       input.explicit ? "UPDATE SET is_active = EXCLUDED.is_active, reason = EXCLUDED.reason" : "NOTHING"
     }`,
    [input.userId, input.active, input.reason, input.now, [...input.issueIds]],
  );
}

interface UserStateRow {
  issue_id: string | number;
  bookmarked: boolean;
  last_seen: Date | null;
  is_active: boolean | null;
  reason: number | null;
}

const userStateEntry = (r: UserStateRow): [number, IssueUserState] => [
  Number(r.issue_id),
  {
    bookmarked: r.bookmarked,
    lastSeen: r.last_seen,
    subscription: r.is_active === null ? null : { active: r.is_active, reason: r.reason ?? 0 },
  },
];

/** The user's bookmarks, seen times and subscriptions of the issues (three index lookups, one statement). */
export function loadIssueUserState(
  db: Conn,
  userId: number,
  issueIds: readonly number[],
): Promise<Map<number, IssueUserState>> {
  return keyedRows(issueIds, userStateEntry, () =>
    rows<UserStateRow>(
      db,
      `SELECT k.id AS issue_id,
              EXISTS (SELECT 1 FROM issue_bookmarks b WHERE b.user_id = ? AND b.issue_id = k.id) AS bookmarked,
              (SELECT s.last_seen FROM issue_seen s WHERE s.user_id = ? AND s.issue_id = k.id) AS last_seen,
              sub.is_active, sub.reason
         FROM unnest(?::bigint[]) AS k(id)
         LEFT JOIN issue_subscriptions sub ON sub.user_id = ? AND sub.issue_id = k.id`,
      [userId, userId, [...new Set(issueIds)], userId],
    ),
  );
}
