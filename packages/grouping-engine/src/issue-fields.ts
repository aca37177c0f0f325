import { LOG_LEVEL_VALUES, USER_KEY_FIELDS } from "@sift/schemas";
import type { EventData, Occurrence } from "@sift/schemas";

export const PLACEHOLDER_TITLES: ReadonlySet<string> = new Set([
  "<untitled>",
  "<unknown>",
  "<unlabeled event>",
  "Error",
]);
export const MAX_CULPRIT_LENGTH = 200;
export const MAX_MESSAGE_LENGTH = 255;
export const MAX_TITLE_LENGTH = 1024;

function truncate(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max);
}

/** Group.message on save: stripped, first line, at most 255 characters. */
export function normaliseMessage(value: string): string {
  const stripped = value.trim();
  if (stripped === "") return "";
  return truncate(stripped.split(/\r?\n/)[0]!.trimEnd(), MAX_MESSAGE_LENGTH);
}

/** The event's search text augmented with title, subtitle and culprit (each appended once). */
export function searchMessage(base: string, occurrence: Occurrence): string {
  let message = base;
  for (const part of [occurrence.issueTitle, occurrence.subtitle, occurrence.culprit]) {
    if (part && !message.includes(part)) message = message ? `${message} ${part}` : part;
  }
  return normaliseMessage(message);
}

export function eventSearchBase(event: EventData | Record<string, unknown> | null): string {
  if (!event) return "";
  const message = (event as Record<string, unknown>).message;
  return typeof message === "string" ? message : "";
}

export function levelValue(level: string): number | null {
  return (LOG_LEVEL_VALUES as Record<string, number>)[level] ?? null;
}

export function culpritOf(occurrence: Occurrence): string {
  return truncate(occurrence.culprit, MAX_CULPRIT_LENGTH);
}

export function titleOf(occurrence: Occurrence): string {
  return truncate(occurrence.issueTitle, MAX_TITLE_LENGTH);
}

export interface IssueData {
  type: string;
  title: string;
  culprit: string;
  metadata: Record<string, unknown>;
  [key: string]: unknown;
}

/** Materialised `data` of an issue for one occurrence. */
export function materialiseData(
  occurrence: Occurrence,
  eventType: string,
  eventMetadata: Record<string, unknown>,
  initialPriority: number | null,
): IssueData {
  return {
    type: eventType,
    title: titleOf(occurrence),
    culprit: culpritOf(occurrence),
    metadata: {
      ...eventMetadata,
      title: titleOf(occurrence),
      value: occurrence.subtitle,
      initial_priority: initialPriority,
    },
  };
}

const isPlaceholder = (title: unknown): boolean => typeof title !== "string" || PLACEHOLDER_TITLES.has(title);

/**
 * Merge incoming data into existing: incoming keys win, metadata merged key by key, the
 * title kept unless the incoming one is real or the existing one a placeholder. The issue's initial
 * priority is never overwritten.
 */
export function mergeData(existing: Record<string, unknown>, incoming: IssueData): Record<string, unknown> {
  const existingMeta = (existing.metadata ?? {}) as Record<string, unknown>;
  const takeTitle = (prev: unknown, next: unknown): unknown =>
    !isPlaceholder(next) || isPlaceholder(prev) ? next : prev;
  const metadata: Record<string, unknown> = { ...existingMeta, ...incoming.metadata };
  metadata.title = takeTitle(existingMeta.title, incoming.metadata.title);
  if ("initial_priority" in existingMeta) metadata.initial_priority = existingMeta.initial_priority;
  return { ...existing, ...incoming, title: takeTitle(existing.title, incoming.title), metadata };
}

/** A stable key for the user of an event, Sentry's tag form (`id:…`, `email:…`, `username:…`, `ip:…`). */
export function userKey(event: Record<string, unknown> | null): string | null {
  const user = event?.user;
  if (!user || typeof user !== "object") return null;
  const u = user as Record<string, unknown>;
  for (const [field, prefix] of USER_KEY_FIELDS) {
    const value = u[field];
    if ((typeof value === "string" && value !== "") || typeof value === "number") {
      return truncate(`${prefix}:${String(value)}`, 512);
    }
  }
  return null;
}

export function hourOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 3_600_000) * 3_600_000);
}

/** Deep-enough equality for small JSON values. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
