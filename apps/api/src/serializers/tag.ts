import { z } from "zod";
import type { IssueTagKey, IssueTagValue } from "@sift/storage";
import { iso } from "./common.js";

// Sentry's tag JSON (TagKeySerializer, TagValueSerializer, UserTagValueSerializer), field by field as
// its published OpenAPI document has them (`nullable` where it allows null, although Sift always knows).
const isoDate = z.string().describe("ISO 8601 date and time (UTC)");

export const tagValueSchema = z
  .object({
    key: z.string().describe("the tag key"),
    name: z.string().describe("the value's label (a user tag without its `id:` / `email:` … prefix)"),
    value: z.string().nullable(),
    count: z.int().nullable().describe("events of the issue with this value"),
    firstSeen: isoDate.nullable(),
    lastSeen: isoDate.nullable(),
    query: z.string().nullable().optional().describe("for `user` values: the search that finds the user"),
  })
  .meta({ id: "TagValue" });

/** A value of the `user` key in the values list: the user's fields, as far as the tag value names them. */
export const userTagValueSchema = tagValueSchema
  .extend({
    id: z.string().nullable().describe("the user's id (from an `id:` value)"),
    username: z.string().nullable(),
    email: z.string().nullable(),
    name: z.string().describe("the user's email or username, else the value's label"),
    ipAddress: z.string().nullable(),
    avatarUrl: z.null(),
  })
  .meta({ id: "UserTagValue" });

export const tagKeySchema = z
  .object({
    key: z.string(),
    name: z.string().describe("the key's label (`Environment`, `Release`, `User` …)"),
    uniqueValues: z.int().nullable().describe("distinct values"),
    totalValues: z.int().nullable().describe("events of the issue with the key"),
    topValues: z.array(tagValueSchema).nullable().describe("the most seen values, most seen first"),
  })
  .meta({ id: "TagKey" });

export const tagKeyListSchema = z.array(tagKeySchema);
export const tagValueListSchema = z.array(z.union([userTagValueSchema, tagValueSchema]));

export type TagValueJson = z.output<typeof tagValueSchema>;
export type UserTagValueJson = z.output<typeof userTagValueSchema>;
export type TagKeyJson = z.output<typeof tagKeySchema>;

/** Sentry's labels of the keys it names; other keys as Python's `key.replace("_", " ").title()`. */
const KEY_LABELS: Record<string, string> = {
  exc_type: "Exception Type",
  user: "User",
  release: "Release",
  dist: "Distribution",
  os: "OS",
  url: "URL",
  server_name: "Server",
};

export function tagKeyLabel(key: string): string {
  if (KEY_LABELS[key]) return KEY_LABELS[key];
  let label = "";
  let afterLetter = false;
  for (const ch of key.replaceAll("_", " ")) {
    const letter = ch.toLowerCase() !== ch.toUpperCase();
    label += letter ? (afterLetter ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    afterLetter = letter;
  }
  return label;
}

/** The parts of a `user` value (`id:…`, `email:…`, `username:…`, `ip:…`), or null for another form. */
function userValue(value: string): { field: "id" | "email" | "username" | "ip"; text: string } | null {
  const match = /^(id|email|username|ip):(.*)$/s.exec(value);
  return match ? { field: match[1] as "id" | "email" | "username" | "ip", text: match[2]! } : null;
}

export function serializeTagValue(key: string, v: IssueTagValue): TagValueJson {
  const user = key === "user" ? userValue(v.value) : null;
  return {
    key,
    name: user ? user.text : v.value,
    value: v.value,
    count: v.timesSeen,
    firstSeen: iso(v.firstSeen),
    lastSeen: iso(v.lastSeen),
    ...(user ? { query: `user.${user.field}:"${user.text.replaceAll('"', '\\"')}"` } : {}),
  };
}

/** A `user` value as Sentry's values list shows it: the tag value with the user's fields. */
export function serializeUserTagValue(v: IssueTagValue): UserTagValueJson {
  const tag = serializeTagValue("user", v);
  const user = userValue(v.value);
  const field = (name: "id" | "email" | "username" | "ip") => (user?.field === name ? user.text : null);
  return {
    ...tag,
    id: field("id"),
    username: field("username"),
    email: field("email"),
    name: field("email") ?? field("username") ?? tag.name,
    ipAddress: field("ip"),
    avatarUrl: null,
  };
}

export function serializeTagKey(k: IssueTagKey): TagKeyJson {
  return {
    key: k.key,
    name: tagKeyLabel(k.key),
    uniqueValues: k.uniqueValues,
    totalValues: k.totalValues,
    topValues: k.topValues.map((v) => serializeTagValue(k.key, v)),
  };
}

/** A tag key of an organization's events (Sentry's organization tags answer). */
export const organizationTagKeySchema = z
  .object({
    key: z.string(),
    name: z.string().describe("the key's label"),
    totalValues: z
      .int()
      .nullable()
      .describe("events carrying the key; null for a search key that is no tag (`is`, `assigned` …)"),
  })
  .meta({ id: "OrganizationTagKey" });

export const organizationTagKeyListSchema = z.array(organizationTagKeySchema);
export type OrganizationTagKeyJson = z.output<typeof organizationTagKeySchema>;
