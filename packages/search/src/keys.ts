import { EVENT_FIELD_KEYS, GroupStatus, STATUS_QUERY_STRINGS, SUBSTATUS_STRINGS } from "@sift/schemas";

/** The keys answered from the issue itself (and its environments, releases, history), after aliases. */
const ISSUE_KEYS = [
  "assigned_or_suggested",
  "assigned_to",
  "bookmarked_by",
  "date",
  "environment",
  "first_release",
  "first_seen",
  "for_review",
  "issue",
  "issue.category",
  "issue.id",
  "issue.priority",
  "issue.type",
  "last_seen",
  "level",
  "linked",
  "message",
  "project",
  "regressed_in_release",
  "release",
  "release.version",
  "status",
  "subscribed_by",
  "substatus",
  "times_seen",
  "unassigned",
] as const;

/**
 * Every key an issue search understands, after aliases are resolved. Any other key is a tag of the
 * issue's events (`browser:Chrome` is `tags[browser]:Chrome`).
 */
export const SEARCH_KEYS = [...ISSUE_KEYS, ...EVENT_FIELD_KEYS] as const;
export type SearchKey = (typeof SEARCH_KEYS)[number];

/** Sentry's key aliases, and Sift's: `priority`, `server`. */
export const KEY_ALIASES: Readonly<Record<string, string>> = {
  assigned: "assigned_to",
  bookmarks: "bookmarked_by",
  subscribed: "subscribed_by",
  "first-release": "first_release",
  firstRelease: "first_release",
  age: "first_seen",
  firstSeen: "first_seen",
  lastSeen: "last_seen",
  "event.timestamp": "date",
  timesSeen: "times_seen",
  priority: "issue.priority",
  server: "server_name",
};

export type KeyKind = "text" | "number" | "date" | "boolean";

const KEY_KINDS: Readonly<Record<(typeof ISSUE_KEYS)[number], KeyKind>> = {
  assigned_or_suggested: "text",
  assigned_to: "text",
  bookmarked_by: "text",
  date: "date",
  environment: "text",
  first_release: "text",
  first_seen: "date",
  for_review: "boolean",
  issue: "text",
  "issue.category": "text",
  "issue.id": "number",
  "issue.priority": "text",
  "issue.type": "text",
  last_seen: "date",
  level: "text",
  linked: "boolean",
  message: "text",
  project: "text",
  regressed_in_release: "text",
  release: "text",
  "release.version": "text",
  status: "text",
  subscribed_by: "text",
  substatus: "text",
  times_seen: "number",
  unassigned: "boolean",
};

/** Keys `has:` / `!has:` work on (fields Sift stores), canonical names. */
export const HAS_KEYS = [
  "assigned_to",
  "environment",
  "first_release",
  "issue.priority",
  "message",
  "release",
  "user",
] as const;
export type HasKey = (typeof HAS_KEYS)[number];

/** What `is:<value>` becomes: a key and the value it compares with. */
export interface IsTranslation {
  key: "status" | "substatus" | "unassigned" | "for_review" | "linked" | "bookmarked_by" | "subscribed_by";
  value: string | boolean;
}

export const IS_TRANSLATIONS: Readonly<Record<string, IsTranslation>> = {
  assigned: { key: "unassigned", value: false },
  unassigned: { key: "unassigned", value: true },
  for_review: { key: "for_review", value: true },
  linked: { key: "linked", value: true },
  unlinked: { key: "linked", value: false },
  // Sift's: the signed-in user's bookmarks and subscriptions (`bookmarks:me`, `subscribed:me`).
  bookmarked: { key: "bookmarked_by", value: "me" },
  subscribed: { key: "subscribed_by", value: "me" },
  ...Object.fromEntries(
    Object.keys(STATUS_QUERY_STRINGS).map((name) => [name, { key: "status", value: name }]),
  ),
  ...Object.fromEntries(
    Object.keys(SUBSTATUS_STRINGS).map((name) => [name, { key: "substatus", value: name }]),
  ),
};

/** `is:` values as the reference lists them in its error: sorted, in Python list notation. */
export const IS_VALUES_TEXT = `[${Object.keys(IS_TRANSLATIONS)
  .sort()
  .map((v) => `'${v}'`)
  .join(", ")}]`;

/** Status ints a query may name directly (`status:1`). */
export const QUERYABLE_STATUS_VALUES: readonly number[] = Object.values(GroupStatus);

export function resolveKeyAlias(key: string): string {
  return KEY_ALIASES[key] ?? key;
}

export function isSearchKey(key: string): key is SearchKey {
  return (SEARCH_KEYS as readonly string[]).includes(key);
}

/** Event fields and tags are text. */
export function keyKind(key: string): KeyKind {
  return Object.hasOwn(KEY_KINDS, key) ? KEY_KINDS[key as keyof typeof KEY_KINDS] : "text";
}

export function isHasKey(key: string): key is HasKey {
  return (HAS_KEYS as readonly string[]).includes(key);
}
