import { z } from "zod";

/** Keys of an inline event that are kept; every other key is dropped. */
export const COPIED_EVENT_KEYS = [
  "breadcrumbs",
  "contexts",
  "debug_meta",
  "dist",
  "environment",
  "extra",
  "modules",
  "release",
  "request",
  "sdk",
  "server_name",
  "stacktrace",
  "trace_id",
  "transaction",
  "user",
] as const;

/**
 * Keys an error event (type 1, from a Sentry SDK) keeps besides those: what the event page
 * shows — the exception with its stack traces, threads, the message, the logger, the event's own
 * fingerprint, the grouping's title, culprit and metadata, what normalisation reported, and its type
 * (`error` with an exception, else `default`).
 */
export const ERROR_EVENT_KEYS = [
  "exception",
  "threads",
  "logentry",
  "logger",
  "fingerprint",
  "title",
  "culprit",
  "metadata",
  "errors",
  "type",
] as const;

const nullableString = z.string().nullable().optional();
const objectOrNull = z.record(z.string(), z.unknown()).nullable().optional();
const tagPair = z.tuple([z.string(), z.string().nullable()]);

/** The current event schema: required core fields, other properties allowed. */
export const eventSchema = z.looseObject({
  event_id: z.string(),
  platform: z.string(),
  project_id: z.int(),
  timestamp: z.union([z.number(), z.string()]),
  level: z.enum(["debug", "info", "warning", "error", "fatal"]).optional(),
  received: z.union([z.number(), z.string()]).nullable().optional(),
  tags: z
    .union([z.record(z.string(), z.string().nullable()), z.array(tagPair)])
    .nullable()
    .optional(),
  breadcrumbs: z
    .object({ values: z.array(z.unknown()) })
    .nullable()
    .optional(),
  release: nullableString,
  environment: nullableString,
  dist: nullableString,
  server_name: nullableString,
  transaction: nullableString,
  trace_id: nullableString,
  user: objectOrNull,
  contexts: objectOrNull,
  extra: objectOrNull,
  modules: objectOrNull,
  request: objectOrNull,
  sdk: objectOrNull,
  debug_meta: objectOrNull,
  stacktrace: objectOrNull,
});

/** The legacy event schema, tried when the current one fails: stricter core, no other properties. */
export const legacyEventSchema = z.strictObject({
  event_id: z.string(),
  level: z.string().min(1),
  platform: z.string(),
  project_id: z.int(),
  tags: z.record(z.string(), z.unknown()),
  timestamp: z.string(),
  received: z.unknown().optional(),
  breadcrumbs: z.array(z.unknown()).nullable().optional(),
  contexts: z.unknown().optional(),
  debug_meta: z.unknown().optional(),
  dist: z.unknown().optional(),
  environment: z.unknown().optional(),
  extra: z.unknown().optional(),
  modules: z.unknown().optional(),
  release: z.unknown().optional(),
  request: z.unknown().optional(),
  sdk: z.unknown().optional(),
  server_name: z.unknown().optional(),
  stacktrace: z.unknown().optional(),
  trace_id: z.unknown().optional(),
  transaction: z.unknown().optional(),
  user: z.unknown().optional(),
});

/** A reduced, validated event as Sift stores it (the reference's nodestore body). */
export interface EventData {
  event_id: string;
  project_id: number;
  platform: string;
  timestamp: number | string;
  received: number | string;
  level: string;
  tags: Record<string, string | null> | [string, string | null][] | null;
  release?: string | null;
  environment?: string | null;
  user?: Record<string, unknown> | null;
  metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

export type EventSchemaTier = "current" | "legacy";
