import { z } from "zod";
import { InvalidPayloadError } from "./errors.js";
import { COPIED_EVENT_KEYS, ERROR_EVENT_KEYS, eventSchema, legacyEventSchema } from "./event.js";
import type { EventData, EventSchemaTier } from "./event.js";
import { GroupCategory, LOG_LEVELS, PRIORITY_VALUES } from "./enums.js";
import type { LogLevel } from "./enums.js";
import { hashFingerprint } from "./fingerprint.js";
import type { GroupTypeRegistry } from "./group-types.js";
import { parseTimestamp } from "./time.js";
import { canonicalUuid } from "./uuid.js";
import { toInvalidPayload } from "./zod-errors.js";

export const MAX_FINGERPRINT_ELEMENTS = 100;

export const evidenceDisplaySchema = z.object({
  name: z.string(),
  value: z.string(),
  important: z.boolean(),
});

/** The occurrence message on the wire. Unknown top-level keys are tolerated. */
export const occurrenceMessageSchema = z.looseObject({
  payload_type: z.literal("occurrence").optional(),
  id: z.string(),
  project_id: z.int().positive().max(Number.MAX_SAFE_INTEGER),
  event_id: z.string().nullable().optional(),
  fingerprint: z.array(z.string()).min(1).max(MAX_FINGERPRINT_ELEMENTS),
  issue_title: z.string(),
  subtitle: z.string(),
  resource_id: z.string().nullable().optional(),
  evidence_data: z.record(z.string(), z.unknown()).nullable().optional(),
  evidence_display: z.array(evidenceDisplaySchema).nullable().optional(),
  type: z.int(),
  detection_time: z.union([z.number(), z.string()]),
  level: z.string().nullable().optional(),
  culprit: z.string().nullable().optional(),
  initial_issue_priority: z.int().nullable().optional(),
  priority: z.int().nullable().optional(),
  assignee: z.union([z.string(), z.int()]).nullable().optional(),
  event: z.record(z.string(), z.unknown()).optional(),
  is_buffered_spans: z.unknown().optional(),
  is_buffered_segment: z.unknown().optional(),
});
export type OccurrenceMessageInput = z.input<typeof occurrenceMessageSchema>;

export interface EvidenceDisplay {
  name: string;
  value: string;
  important: boolean;
}

/** A validated, normalised occurrence. */
export interface Occurrence {
  payloadType: "occurrence";
  id: string;
  projectId: number;
  eventId: string;
  fingerprint: string[];
  fingerprintHashes: string[];
  issueTitle: string;
  subtitle: string;
  resourceId: string | null;
  evidenceData: Record<string, unknown> | null;
  evidenceDisplay: EvidenceDisplay[];
  type: number;
  detectionTime: Date;
  level: LogLevel;
  culprit: string;
  /** Explicit priority, or null for the type's default. */
  priority: number | null;
  assignee: string | null;
  event: EventData | null;
  /** The event's own time (first_seen / last_seen use it); null until the event is known (lookup path). */
  eventTime: Date | null;
  eventSchema: EventSchemaTier | null;
  isBufferedSpans: boolean;
  /**
   * The message as it arrived, less its inline event (stored on its own): what is stored as the
   * occurrence's payload.
   */
  payload: Record<string, unknown>;
}

export interface TimeBounds {
  now: Date;
  /** Times later than now + this are refused. */
  maxFutureSeconds: number;
  /** Times older than now − this are refused. */
  maxAgeSeconds: number;
}

export interface DecodeOptions {
  types: GroupTypeRegistry;
  bounds: TimeBounds;
}

export function checkTimeBounds(time: Date, bounds: TimeBounds, path: string): void {
  const delta = time.getTime() - bounds.now.getTime();
  if (delta > bounds.maxFutureSeconds * 1000) {
    throw new InvalidPayloadError(
      "TIMESTAMP_IN_FUTURE",
      `"${path}" is ${Math.round(delta / 1000)} s in the future (at most ${bounds.maxFutureSeconds} s allowed)`,
      path,
    );
  }
  if (-delta > bounds.maxAgeSeconds * 1000) {
    throw new InvalidPayloadError(
      "TIMESTAMP_TOO_OLD",
      `"${path}" is older than the retention period (${Math.round(bounds.maxAgeSeconds / 86400)} days)`,
      path,
    );
  }
}

function uuidField(value: unknown, path: string): string {
  const id = canonicalUuid(value);
  if (id === null) {
    throw new InvalidPayloadError(
      "INVALID_UUID",
      `"${path}" is not a valid UUID: ${JSON.stringify(value)}`,
      path,
    );
  }
  return id;
}

function parseLevel(value: string | null | undefined): LogLevel {
  if (value === null || value === undefined || value === "") return "info";
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new InvalidPayloadError(
    "INVALID_LEVEL",
    `"level" must be one of ${LOG_LEVELS.join(", ")}; received ${JSON.stringify(value)}`,
    "level",
  );
}

function buildEvent(
  raw: Record<string, unknown>,
  payload: z.infer<typeof occurrenceMessageSchema>,
  occurrenceEventId: string | null,
  level: LogLevel,
  bounds: TimeBounds,
  isError: boolean,
): { event: EventData; eventId: string; tier: EventSchemaTier; time: Date } {
  if (raw.project_id !== payload.project_id) {
    throw new InvalidPayloadError(
      "PROJECT_MISMATCH",
      `"event.project_id" (${JSON.stringify(raw.project_id)}) must equal "project_id" (${payload.project_id})`,
      "event.project_id",
    );
  }
  const rawEventId = raw.event_id;
  if (rawEventId === undefined || rawEventId === null) {
    if (occurrenceEventId === null) {
      throw new InvalidPayloadError(
        "MISSING_EVENT_ID",
        "Payload must contain either event_id or event_data",
        "event_id",
      );
    }
  }
  const eventId =
    rawEventId === undefined || rawEventId === null
      ? occurrenceEventId!
      : uuidField(rawEventId, "event.event_id");
  if (occurrenceEventId !== null && occurrenceEventId !== eventId) {
    throw new InvalidPayloadError(
      "EVENT_ID_MISMATCH",
      "IssueOccurrence must have the same event_id as the passed Event",
      "event.event_id",
    );
  }
  const data: Record<string, unknown> = {
    event_id: eventId,
    level,
    project_id: raw.project_id,
    platform: raw.platform,
    received: raw.received ?? bounds.now.toISOString(),
    tags: raw.tags ?? null,
    timestamp: raw.timestamp,
  };
  for (const key of COPIED_EVENT_KEYS) if (key in raw) data[key] = raw[key];
  if (isError) for (const key of ERROR_EVENT_KEYS) if (key in raw) data[key] = raw[key];

  let tier: EventSchemaTier = "current";
  const current = eventSchema.safeParse(data);
  if (!current.success) {
    const legacy = legacyEventSchema.safeParse(data);
    if (!legacy.success) {
      const err = toInvalidPayload(current.error, data, "event");
      throw new InvalidPayloadError("INVALID_EVENT", `Invalid event: ${err.message}`, err.path);
    }
    tier = "legacy";
  }
  const time = parseTimestamp(data.timestamp);
  if (time === null) {
    throw new InvalidPayloadError(
      "INVALID_EVENT",
      `Invalid event: "event.timestamp" is not a unix time or ISO 8601 date: ${JSON.stringify(data.timestamp)}`,
      "event.timestamp",
    );
  }
  checkTimeBounds(time, bounds, "event.timestamp");
  return { event: data as EventData, eventId, tier, time };
}

/** The explicit priority: `priority` (the newer name) before `initial_issue_priority`. */
function priorityOf(payload: { priority?: unknown; initial_issue_priority?: unknown }): number | null {
  return (payload.priority ?? payload.initial_issue_priority ?? null) as number | null;
}

function assigneeOf(value: unknown): string | null {
  return value === undefined || value === null || value === "" ? null : String(value as string | number);
}

/**
 * The fields of a stored occurrence payload (the message as it arrived, less its event) that validation
 * gives a default or another form: level, culprit, priority and assignee read as `Occurrence` has them.
 * A payload stored in the validated wire form reads the same.
 */
export function readStoredOccurrence(
  payload: Record<string, unknown>,
): Pick<Occurrence, "level" | "culprit" | "priority" | "assignee"> {
  return {
    level: parseLevel(payload.level as string | null | undefined),
    culprit: typeof payload.culprit === "string" ? payload.culprit : "",
    priority: priorityOf(payload),
    assignee: assigneeOf(payload.assignee),
  };
}

/** Validate and normalise an occurrence payload (already JSON-parsed). Throws InvalidPayloadError. */
export function decodeOccurrence(input: unknown, options: DecodeOptions): Occurrence {
  const parsed = occurrenceMessageSchema.safeParse(input);
  if (!parsed.success) throw toInvalidPayload(parsed.error, input);
  const payload = parsed.data;

  const id = uuidField(payload.id, "id");
  const type = options.types.find(payload.type);
  if (!type) {
    throw new InvalidPayloadError(
      "UNKNOWN_GROUP_TYPE",
      `No group type with the id ${payload.type} is registered.`,
      "type",
    );
  }
  const level = parseLevel(payload.level);
  const detectionTime = parseTimestamp(payload.detection_time);
  if (detectionTime === null) {
    throw new InvalidPayloadError(
      "INVALID_DETECTION_TIME",
      `"detection_time" must be unix seconds or an ISO 8601 date; received ${JSON.stringify(payload.detection_time)}`,
      "detection_time",
    );
  }
  checkTimeBounds(detectionTime, options.bounds, "detection_time");

  const priorityField =
    payload.priority !== undefined && payload.priority !== null ? "priority" : "initial_issue_priority";
  const priority = priorityOf(payload);
  if (priority !== null && !PRIORITY_VALUES.includes(priority)) {
    throw new InvalidPayloadError(
      "INVALID_PRIORITY",
      `"${priorityField}" must be 25 (low), 50 (medium) or 75 (high); received ${priority}`,
      priorityField,
    );
  }

  const topEventId =
    payload.event_id === undefined || payload.event_id === null || payload.event_id === ""
      ? null
      : uuidField(payload.event_id, "event_id");

  let event: EventData | null = null;
  let eventId: string;
  let tier: EventSchemaTier | null = null;
  let eventTime: Date | null = null;
  if (payload.event !== undefined) {
    const isError = type.category === GroupCategory.ERROR;
    const built = buildEvent(payload.event, payload, topEventId, level, options.bounds, isError);
    event = built.event;
    eventId = built.eventId;
    tier = built.tier;
    eventTime = built.time;
  } else {
    if (topEventId === null) {
      throw new InvalidPayloadError(
        "MISSING_EVENT_ID",
        "Payload must contain either event_id or event_data",
        "event_id",
      );
    }
    eventId = topEventId;
  }

  const { event: _event, ...arrived } = input as Record<string, unknown>;

  return {
    payloadType: "occurrence",
    id,
    projectId: payload.project_id,
    eventId,
    fingerprint: payload.fingerprint,
    fingerprintHashes: hashFingerprint(payload.fingerprint),
    issueTitle: payload.issue_title,
    subtitle: payload.subtitle,
    resourceId: payload.resource_id ?? null,
    evidenceData: payload.evidence_data ?? null,
    evidenceDisplay: payload.evidence_display ?? [],
    type: type.id,
    detectionTime,
    level,
    culprit: payload.culprit ?? "",
    priority,
    assignee: assigneeOf(payload.assignee),
    event,
    eventTime,
    eventSchema: tier,
    isBufferedSpans: payload.is_buffered_spans === true || payload.is_buffered_segment === true,
    payload: arrived,
  };
}
