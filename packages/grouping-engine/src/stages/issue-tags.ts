import { eventTags } from "@sift/schemas";
import { addIssueTagValues } from "@sift/storage";
import type { IssueTagValueCount } from "@sift/storage";
import type { Batch, Grouped, Work } from "../batch.js";
import { userKey } from "../issue-fields.js";

/** Sentry's limits: longer tag keys and values are not indexed. */
export const MAX_TAG_KEY_LENGTH = 200;
export const MAX_TAG_VALUE_LENGTH = 200;

/**
 * The tag value counters of the issues: each grouped occurrence's tags, counted per (issue, key,
 * value) over the batch, added in one statement.
 */
export async function countIssueTags(batch: Batch, active: readonly Work[]): Promise<void> {
  await addIssueTagValues(batch.trx, issueTagCounts(active.filter((w) => w.outcome === "grouped")));
}

/**
 * The tags an occurrence counts for its issue: its event's tags (with `level`, `environment`, `release`,
 * `transaction`, `server_name`) and `user` in Sentry's form (`id:…`, `email:…`, `username:…`, `ip:…`),
 * the one issue users are counted by; one value per key (the first). Empty, too long or line-broken
 * keys and values are left out.
 */
export function occurrenceTags(w: Pick<Grouped, "event">): { key: string; value: string }[] {
  const tags: { key: string; value: string }[] = [];
  // eventTags is in key order, so the values of one key are adjacent: the first indexable one counts.
  let taken: string | null = null;
  for (const t of eventTags(w.event ?? {})) {
    if (t.key === taken || t.key === "user") continue;
    if (!indexable(t.key, MAX_TAG_KEY_LENGTH) || !indexable(t.value, MAX_TAG_VALUE_LENGTH)) continue;
    taken = t.key;
    tags.push(t);
  }
  const user = userKey(w.event);
  if (user && indexable(user, MAX_TAG_VALUE_LENGTH)) tags.push({ key: "user", value: user });
  return tags;
}

/** Postgres text takes no NUL; Sentry refuses line breaks in tag values. */
const indexable = (text: string, max: number): boolean =>
  text !== "" && text.length <= max && !text.includes("\u0000") && !text.includes("\n");

/** The grouped occurrences' tags, one count per (issue, key, value) with its first and last event time. */
export function issueTagCounts(grouped: readonly Grouped[]): IssueTagValueCount[] {
  const counts = new Map<string, IssueTagValueCount>();
  for (const w of grouped) {
    const issueId = w.issueId!;
    for (const { key, value } of occurrenceTags(w)) {
      const k = `${issueId}\u0000${key}\u0000${value}`;
      const entry = counts.get(k);
      if (!entry) {
        counts.set(k, { issueId, key, value, timesSeen: 1, firstSeen: w.eventTime, lastSeen: w.eventTime });
        continue;
      }
      entry.timesSeen += 1;
      if (w.eventTime < entry.firstSeen) entry.firstSeen = w.eventTime;
      if (w.eventTime > entry.lastSeen) entry.lastSeen = w.eventTime;
    }
  }
  return [...counts.values()];
}
