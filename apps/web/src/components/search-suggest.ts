// What the search box suggests as one types: keys for the word under the caret, values once it has a
// `key:`. Pure functions over the text, so the component tests and the box agree on what a word is.

export interface Suggestion {
  /** What replaces the current word. */
  text: string;
  /** What the list shows. */
  label: string;
  kind: "key" | "value";
}

/**
 * Keys of the search language, suggested until the organization's tags endpoint answers (its answer
 * has them, with the tag keys of the organization's events).
 */
export const BUILTIN_KEYS = [
  "is",
  "assigned",
  "assigned_or_suggested",
  "bookmarks",
  "level",
  "release",
  "environment",
  "firstSeen",
  "lastSeen",
  "times_seen",
  "issue.priority",
  "issue.category",
  "issue.type",
  "has",
  "message",
  "culprit",
  "title",
  "user.email",
];

export const BUILTIN_VALUES: Readonly<Record<string, readonly string[]>> = {
  is: [
    "unresolved",
    "resolved",
    "archived",
    "escalating",
    "regressed",
    "new",
    "ongoing",
    "for_review",
    "assigned",
    "unassigned",
    "bookmarked",
    "linked",
    "unlinked",
  ],
  level: ["fatal", "error", "warning", "info", "debug", "sample"],
  "issue.priority": ["high", "medium", "low"],
  "issue.category": ["error", "performance", "cron", "replay", "feedback", "uptime", "metric_alert"],
  assigned: ["me", "my_teams", "none"],
  assigned_or_suggested: ["me", "my_teams", "none"],
  firstSeen: ["-1h", "-24h", "-7d", "-14d", "-30d"],
  lastSeen: ["-1h", "-24h", "-7d", "-14d", "-30d"],
  first_seen: ["-1h", "-24h", "-7d", "-14d", "-30d"],
  last_seen: ["-1h", "-24h", "-7d", "-14d", "-30d"],
  has: ["assigned_to", "environment", "first_release", "issue.priority", "message", "release", "user"],
};

/** What the values of the word under the caret are asked for with: its key and the typed prefix. */
export interface ValueRequest {
  key: string;
  prefix: string;
}

/** The key and value prefix of a `key:value` word (negated or quoted), or null for a bare word. */
export function valueRequest(word: string): ValueRequest | null {
  const bare = word.replace(/^!/, "");
  const colon = bare.indexOf(":");
  if (colon <= 0) return null;
  return {
    key: bare.slice(0, colon),
    prefix: bare
      .slice(colon + 1)
      .replace(/^"/, "")
      .replace(/(?<!\\)"$/, "")
      .replaceAll('\\"', '"'),
  };
}

/** The word that ends at `caret`: its start and text. */
export function wordAt(text: string, caret: number): { start: number; word: string } {
  let start = caret;
  let quotes = 0;
  for (let i = 0; i < caret; i++) if (text[i] === '"') quotes++;
  while (start > 0) {
    const ch = text[start - 1]!;
    if (ch === '"') quotes--;
    if (/\s/.test(ch) && quotes % 2 === 0) break;
    start--;
  }
  return { start, word: text.slice(start, caret) };
}

/** A value as the language writes it: quoted when it has spaces, quotes or parentheses. */
export function quoteValue(value: string): string {
  return /[\s"()]/.test(value) ? `"${value.replaceAll('"', '\\"')}"` : value;
}

/** Suggestions for `word`, given the known keys and the values of its key (when it has one). */
export function suggest(
  word: string,
  keys: readonly string[],
  valuesOf: (key: string) => readonly string[],
  limit = 8,
): Suggestion[] {
  const negated = word.startsWith("!");
  const bare = negated ? word.slice(1) : word;
  const colon = bare.indexOf(":");
  const prefix = negated ? "!" : "";
  if (colon === -1) {
    if (bare === "") return [];
    const needle = bare.toLowerCase();
    return [...new Set(keys)]
      .filter((key) => key.toLowerCase().startsWith(needle) && key.toLowerCase() !== needle)
      .slice(0, limit)
      .map((key) => ({ text: `${prefix}${key}:`, label: `${key}:`, kind: "key" }));
  }
  const { key, prefix: value } = valueRequest(bare) ?? { key: bare.slice(0, colon), prefix: "" };
  const typed = value.toLowerCase();
  return [...new Set(valuesOf(key))]
    .filter((value) => value.toLowerCase().startsWith(typed))
    .slice(0, limit)
    .map((value) => ({ text: `${prefix}${key}:${quoteValue(value)} `, label: value, kind: "value" }));
}

/** The text with the word at `start…caret` replaced by a suggestion, and the caret after it. */
export function applySuggestion(
  text: string,
  start: number,
  caret: number,
  suggestion: Suggestion,
): { text: string; caret: number } {
  const next = text.slice(0, start) + suggestion.text + text.slice(caret);
  return { text: next, caret: start + suggestion.text.length };
}
