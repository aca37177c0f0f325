import { randomUUID } from "node:crypto";
import { canonicalUuid, parseTimestamp } from "@sift/schemas";
import { LIMITS, contexts, isObject, object, request, tags, text, user } from "./event-fields.js";
import type { Errors, EventError } from "./event-fields.js";
import { SdkRequestError } from "./errors.js";
import { breadcrumbs, exception, stacktrace, threads } from "./stacktrace-fields.js";

/** A normalised SDK event: Sentry's event payload, every field in the one form Sift reads. */
export interface NormalizedEvent {
  event_id: string;
  type: "error" | "default";
  /** Unix seconds. */
  timestamp: number;
  received: number;
  platform: string;
  level: string;
  logger: string;
  environment: string;
  tags: [string, string][];
  extra: Record<string, unknown>;
  errors: EventError[];
  [key: string]: unknown;
}

export interface NormalizeContext {
  receivedAt: Date;
  /** The envelope's `sent_at` (clock drift correction). */
  sentAt: Date | null;
  /** The envelope header's `event_id`, which wins over the payload's. */
  eventId: string | null;
  retentionDays: number;
  clientIp: string | null;
  /** `sentry_client` of the authentication (`name/version`), the SDK when the event names none. */
  client: string | null;
}

const PLATFORMS = new Set(
  "as3 c cfml cocoa csharp elixir haskell go groovy java javascript native node objc other perl php python ruby dart swift kotlin rust unity".split(
    " ",
  ),
);
const LEVELS: Record<string, string> = {
  debug: "debug",
  info: "info",
  log: "info",
  warning: "warning",
  warn: "warning",
  error: "error",
  fatal: "fatal",
  critical: "fatal",
};
const MAX_FUTURE_SECONDS = 60;
/** Relay corrects a clock only when it is off by more than this. */
const MIN_CLOCK_DRIFT_SECONDS = 55 * 60;

/** The event id: 32 lower-case hex characters (a UUID's dashes go); null when it is not one. */
export function eventIdOf(value: unknown): string | null {
  return canonicalUuid(value);
}

function timestampOf(raw: unknown, ctx: NormalizeContext, errors: Errors): number {
  const received = ctx.receivedAt.getTime() / 1000;
  if (raw === undefined || raw === null) return received;
  const parsed = parseTimestamp(raw);
  if (parsed === null) {
    errors.push({ type: "invalid_data", name: "timestamp", value: raw });
    return received;
  }
  let seconds = parsed.getTime() / 1000;
  if (ctx.sentAt) {
    const drift = received - ctx.sentAt.getTime() / 1000;
    if (Math.abs(drift) > MIN_CLOCK_DRIFT_SECONDS) {
      seconds += drift;
      errors.push({ type: "clock_drift", name: "timestamp", value: Math.round(drift) });
    }
  }
  if (seconds - received > MAX_FUTURE_SECONDS) {
    errors.push({ type: "future_timestamp", name: "timestamp", value: raw });
    return received;
  }
  if (received - seconds > ctx.retentionDays * 86_400) {
    errors.push({ type: "past_timestamp", name: "timestamp", value: raw });
    return received;
  }
  return seconds;
}

/** `%s`/`%d`-style or `{}`/`{0}`-style parameters filled into a template. */
function formatMessage(template: string, params: unknown): string {
  const list = Array.isArray(params) ? params : isObject(params) ? params : null;
  if (!list) return template;
  const str = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
  if (Array.isArray(list)) {
    let i = 0;
    const positional = template.replace(/%[sdifr]|\{\}/g, (m) => (i < list.length ? str(list[i++]) : m));
    return positional.replace(/\{(\d+)\}/g, (m, n: string) =>
      Number(n) < list.length ? str(list[Number(n)]) : m,
    );
  }
  return template.replace(/%\((\w+)\)[sdifr]|\{(\w+)\}/g, (m, a?: string, b?: string) => {
    const key = (a ?? b)!;
    return key in list ? str(list[key]) : m;
  });
}

/** `logentry` (or the legacy `message`): the template with `params`, and the message `formatted`. */
function logentry(raw: Record<string, unknown>, errors: Errors): Record<string, unknown> | undefined {
  const value = raw.logentry ?? raw["sentry.interfaces.Message"] ?? raw.message;
  if (value === undefined || value === null) return undefined;
  const entry = typeof value === "string" ? { formatted: value } : object(value, "logentry", errors);
  if (!entry) return undefined;
  const message = text(entry.message, "logentry.message", errors, LIMITS.message);
  let formatted = text(entry.formatted, "logentry.formatted", errors, LIMITS.message);
  const params = entry.params;
  const out: Record<string, unknown> = {};
  if (message !== undefined && params !== undefined && params !== null) {
    out.message = message;
    out.params = params;
    formatted ??= formatMessage(message, params).slice(0, LIMITS.message);
  } else if (message !== undefined && formatted === undefined) {
    formatted = message;
  } else if (message !== undefined && message !== formatted) {
    out.message = message;
  }
  if (formatted === undefined && out.message === undefined) return undefined;
  if (formatted !== undefined) out.formatted = formatted;
  return out;
}

function copyStrings(raw: Record<string, unknown>, out: Record<string, unknown>, errors: Errors): void {
  const fields: [string, number][] = [
    ["release", 200],
    ["dist", LIMITS.dist],
    ["server_name", LIMITS.shortString],
    ["transaction", LIMITS.culprit],
    ["culprit", LIMITS.culprit],
  ];
  for (const [key, max] of fields) {
    const v = text(raw[key], key, errors, max)?.trim();
    if (v) out[key] = v;
  }
}

/**
 * Normalises an SDK event as Relay does before grouping: defaults, accepted forms folded into one,
 * limits applied. What is invalid or too long is dropped or cut and recorded in `errors`; only a
 * payload that is not a JSON object is refused (400).
 */
export function normalizeEvent(raw: unknown, ctx: NormalizeContext): NormalizedEvent {
  if (!isObject(raw)) throw new SdkRequestError(400, "invalid event: the event is not a JSON object");
  const errors: Errors = [];
  const payloadId = raw.event_id === undefined || raw.event_id === null ? null : eventIdOf(raw.event_id);
  if (raw.event_id !== undefined && raw.event_id !== null && payloadId === null)
    errors.push({ type: "invalid_data", name: "event_id", value: raw.event_id });
  const eventId = ctx.eventId ?? payloadId ?? randomUUID().replaceAll("-", "");

  const levelText = typeof raw.level === "string" ? raw.level.toLowerCase() : undefined;
  const level = levelText === undefined ? "error" : (LEVELS[levelText] ?? "error");
  if (levelText !== undefined && !LEVELS[levelText])
    errors.push({ type: "invalid_data", name: "level", value: raw.level });
  const platform = typeof raw.platform === "string" && PLATFORMS.has(raw.platform) ? raw.platform : "other";

  const eventTags = tags(raw.tags, errors);
  const environmentTag = eventTags.find(([k]) => k === "environment");
  const environment =
    text(raw.environment, "environment", errors, LIMITS.environment)?.trim() ||
    environmentTag?.[1] ||
    "production";
  const out: NormalizedEvent = {
    event_id: eventId,
    type: "default",
    timestamp: timestampOf(raw.timestamp, ctx, errors),
    received: ctx.receivedAt.getTime() / 1000,
    platform,
    level,
    logger: text(raw.logger, "logger", errors, LIMITS.logger) ?? "",
    environment: environment.slice(0, LIMITS.environment),
    tags: eventTags.filter(([k]) => k !== "environment"),
    extra: object(raw.extra, "extra", errors) ?? {},
    errors,
  };
  copyStrings(raw, out, errors);
  if (typeof out.server_name === "string" && !out.tags.some(([k]) => k === "server_name"))
    out.tags.push(["server_name", out.server_name]);
  const set = (key: string, value: unknown) => {
    if (value !== undefined) out[key] = value;
  };
  set("user", user(raw.user, ctx.clientIp, errors));
  set("request", request(raw.request, errors));
  set("contexts", contexts(raw.contexts, errors));
  set("logentry", logentry(raw, errors));
  set("breadcrumbs", breadcrumbs(raw.breadcrumbs, errors));
  set("threads", threads(raw.threads, errors));
  set("modules", object(raw.modules, "modules", errors));
  set("fingerprint", fingerprint(raw.fingerprint, errors));
  set("sdk", sdk(raw.sdk, ctx.client, errors));
  const exc = exception(raw.exception, errors);
  const topTrace = stacktrace(raw.stacktrace, "stacktrace", errors);
  if (exc && topTrace && exc.values.length === 1 && !exc.values[0]!.stacktrace)
    exc.values[0]!.stacktrace = topTrace;
  else set("stacktrace", topTrace);
  set("exception", exc);
  if (exc) out.type = "error";
  for (const e of Array.isArray(raw.errors) ? raw.errors.filter(isObject).slice(0, 50) : [])
    errors.unshift(e as unknown as EventError);
  return out;
}

function fingerprint(value: unknown, errors: Errors): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > 100) {
    errors.push({ type: "invalid_data", name: "fingerprint" });
    return undefined;
  }
  const parts = value.map((v) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null));
  if (parts.some((p) => p === null)) {
    errors.push({ type: "invalid_data", name: "fingerprint", reason: "expected strings" });
    return undefined;
  }
  return parts as string[];
}

function sdk(value: unknown, client: string | null, errors: Errors): Record<string, unknown> | undefined {
  const raw = object(value, "sdk", errors);
  if (raw && typeof raw.name === "string") return raw;
  const match = client ? /^([^/\s]+)\/(\S+)/.exec(client) : null;
  return match ? { name: match[1], version: match[2] } : undefined;
}
