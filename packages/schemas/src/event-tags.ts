/** A tag value as text: objects (not valid tag values, but stored as sent) as JSON. */
export function tagText(value: unknown): string {
  return typeof value === "string"
    ? value
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value as number | boolean);
}

/**
 * The tags of a stored event, sorted by key: its `tags` (an object or `[key, value]` pairs; null values
 * left out), then the event attributes Sentry shows as tags (`level`, `environment`, `release`,
 * `transaction`, `server_name`) where the tags do not name them already.
 */
export function eventTags(data: Record<string, unknown>): { key: string; value: string }[] {
  const tags: { key: string; value: string }[] = [];
  const raw = data.tags;
  if (Array.isArray(raw)) {
    for (const pair of raw) {
      if (Array.isArray(pair) && typeof pair[0] === "string" && pair[1] !== null && pair[1] !== undefined) {
        tags.push({ key: pair[0], value: tagText(pair[1]) });
      }
    }
  } else if (raw && typeof raw === "object") {
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (value !== null && value !== undefined) tags.push({ key, value: tagText(value) });
    }
  }
  const add = (key: string, value: unknown): void => {
    if (typeof value === "string" && value !== "" && !tags.some((t) => t.key === key))
      tags.push({ key, value });
  };
  add("level", data.level);
  add("environment", data.environment);
  add("release", data.release);
  add("transaction", data.transaction);
  add("server_name", data.server_name);
  return tags.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
