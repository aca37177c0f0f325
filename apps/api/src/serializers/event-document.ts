import { eventTypeSchema } from "./schemas.js";
import type { IssueEventJson } from "./schemas.js";

/**
 * The parts of Sentry's event document Sift derives from the stored body alone, each with Sentry's
 * empty value when the event has none: its size, processing errors, `extra` (Sentry's `context`),
 * `modules` (`packages`), metadata, the user as Sentry's user interface, the SDK; Sift stores no user
 * feedback, SDK update hints or crash files.
 */

type EventType = IssueEventJson["type"];
const EVENT_TYPES: ReadonlySet<string> = new Set(eventTypeSchema.options);

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null =>
  typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : null;

type DocumentFields = Pick<
  IssueEventJson,
  | "size"
  | "errors"
  | "context"
  | "packages"
  | "metadata"
  | "userReport"
  | "sdkUpdates"
  | "crashFile"
  | "resolvedWith"
  | "_meta"
  | "user"
  | "sdk"
  | "type"
  | "event.type"
>;

/** Sentry's processing error: `{type, message, data}`. */
function processingErrors(raw: unknown): IssueEventJson["errors"] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((e) => {
    const { type, message, ...data } = e;
    const kind = text(type) ?? "unknown_error";
    // Relay's errors name the field they concern (`{type, name, value}`) instead of a message.
    const name = text(data.name);
    return { type: kind, message: text(message) ?? (name ? `${kind}: ${name}` : kind), data };
  });
}

/** Sentry's user interface: its fields as strings (an SDK may send a numeric id), `null` when absent. */
function eventUser(raw: unknown): IssueEventJson["user"] {
  if (!isObject(raw) || Object.keys(raw).length === 0) return null;
  return {
    id: text(raw.id),
    email: text(raw.email),
    username: text(raw.username),
    ip_address: text(raw.ip_address),
    name: text(raw.name),
    geo: isObject(raw.geo) ? (raw.geo as Record<string, string>) : null,
    data: isObject(raw.data) ? raw.data : null,
  };
}

export function eventDocumentFields(data: Record<string, unknown>): DocumentFields {
  const type =
    typeof data.type === "string" && EVENT_TYPES.has(data.type) ? (data.type as EventType) : "generic";
  return {
    size: Buffer.byteLength(JSON.stringify(data)),
    errors: processingErrors(data.errors),
    context: isObject(data.extra) ? data.extra : {},
    packages: isObject(data.modules) ? data.modules : {},
    metadata: isObject(data.metadata) ? data.metadata : {},
    userReport: null,
    sdkUpdates: [],
    crashFile: null,
    resolvedWith: [],
    _meta: {},
    user: eventUser(data.user),
    sdk: isObject(data.sdk) ? { name: text(data.sdk.name), version: text(data.sdk.version) } : null,
    type,
    "event.type": type,
  };
}
