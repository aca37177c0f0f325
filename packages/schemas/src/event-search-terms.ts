import { createHash } from "node:crypto";
import { tagText } from "./event-tags.js";

/**
 * The searchable values of a stored event, as the issue search matches them: the event fields Sift
 * keeps, named as Sentry names them (kind `f`), and the event's tags (kind `t`). Storage writes them
 * with each event (`events.search_terms`, under a GIN index); the search compiles the same terms from
 * a query's values, so this file is the one place that says what an event can be searched by.
 */
export const EVENT_FIELD_KEYS = [
  "title",
  "user",
  "user.id",
  "user.email",
  "user.username",
  "user.ip",
  "server_name",
  "sdk.name",
  "sdk.version",
  "dist",
  "transaction",
  "platform.name",
  "http.url",
  "http.method",
  "trace",
] as const;
export type EventFieldKey = (typeof EVENT_FIELD_KEYS)[number];

export type SearchTermKind = "f" | "t";

/** Terms longer than this (in bytes) are stored as their md5, to stay within an index entry. */
const MAX_TERM_BYTES = 400;
/** Tag keys a query can name; others are left out (and `=` must not occur in a key). */
const SEARCHABLE_TAG_KEY = /^[a-zA-Z0-9_.:-]+$/;
/** The `user` value is cut to this many characters. */
const MAX_USER_CHARS = 512;

const object = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** A field's value as text, or undefined when absent, null or empty. */
function text(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  const t = tagText(v);
  return t === "" ? undefined : t;
}

/** An event's `user` fields, in the order the first present one names the user, with its prefix. */
export const USER_KEY_FIELDS = [
  ["id", "id"],
  ["email", "email"],
  ["username", "username"],
  ["ip_address", "ip"],
] as const;

/** `user` in Sentry's form: the first of `id:`, `email:`, `username:`, `ip:` the event has. */
function userValue(user: Record<string, unknown> | undefined): string | undefined {
  for (const [field, prefix] of USER_KEY_FIELDS) {
    const v = text(user?.[field]);
    if (v === undefined) continue;
    const value = `${prefix}:${v}`;
    return value.length > MAX_USER_CHARS ? [...value].slice(0, MAX_USER_CHARS).join("") : value;
  }
  return undefined;
}

/** The event fields the search can match, by search key. */
function eventFields(d: Record<string, unknown>): [EventFieldKey, string | undefined][] {
  const user = object(d.user);
  const sdk = object(d.sdk);
  const request = object(d.request);
  const trace = object(object(d.contexts)?.trace);
  return [
    ["title", text(object(d.metadata)?.title)],
    ["user.id", text(user?.id)],
    ["user.email", text(user?.email)],
    ["user.username", text(user?.username)],
    ["user.ip", text(user?.ip_address)],
    ["user", userValue(user)],
    ["server_name", text(d.server_name)],
    ["sdk.name", text(sdk?.name)],
    ["sdk.version", text(sdk?.version)],
    ["dist", text(d.dist)],
    ["transaction", text(d.transaction)],
    ["platform.name", text(d.platform)],
    ["http.url", text(request?.url)],
    ["http.method", text(request?.method)],
    ["trace", text(trace?.trace_id) ?? text(d.trace_id)],
  ];
}

/** The event's own tags (an object or `[key, value]` pairs), null values left out. */
function ownTags(d: Record<string, unknown>): [string, string][] {
  const pairs: [string, string][] = [];
  if (Array.isArray(d.tags)) {
    for (const p of d.tags as unknown[]) {
      if (Array.isArray(p) && typeof p[0] === "string" && p[1] !== null && p[1] !== undefined)
        pairs.push([p[0], tagText(p[1])]);
    }
  } else {
    for (const [k, v] of Object.entries(object(d.tags) ?? {})) {
      if (v !== null && v !== undefined) pairs.push([k, tagText(v)]);
    }
  }
  return pairs.filter(([k]) => SEARCHABLE_TAG_KEY.test(k));
}

const hashed = (term: string): string => `h:${createHash("md5").update(term).digest("hex")}`;

/** Longer than an index entry may be; a UTF-16 unit is at most 3 UTF-8 bytes, so short text is not measured. */
const tooLong = (term: string): boolean =>
  term.length * 3 > MAX_TERM_BYTES && Buffer.byteLength(term) > MAX_TERM_BYTES;

/** One term as the index holds it: `kind:key=value`, or `h:<md5>` of it when too long. */
export function eventSearchTerm(kind: SearchTermKind, key: string, value: string): string {
  const term = `${kind}:${key}=${value}`;
  return tooLong(term) ? hashed(term) : term;
}

/**
 * The search terms of an event body, distinct: `indexed` as stored under the index (long terms as
 * their md5), and `long`, the terms too long for an index entry in full (for wildcard matches), or
 * null when there are none (nearly always).
 */
export function eventSearchTerms(d: Record<string, unknown>): { indexed: string[]; long: string[] | null } {
  const terms = new Set<string>();
  for (const [key, value] of eventFields(d)) if (value !== undefined) terms.add(`f:${key}=${value}`);
  for (const [key, value] of ownTags(d)) terms.add(`t:${key}=${value}`);
  const indexed: string[] = [];
  const long: string[] = [];
  for (const term of terms) {
    if (tooLong(term)) {
      indexed.push(hashed(term));
      long.push(term);
    } else {
      indexed.push(term);
    }
  }
  return { indexed, long: long.length > 0 ? long : null };
}
