import { randomUUID } from "node:crypto";

/** A fresh 32-hex id. */
export function newId(): string {
  return randomUUID().replaceAll("-", "");
}

export interface OccurrenceSpec {
  projectId: number;
  fingerprint: string;
  /** The whole fingerprint when it has more than one element (`fingerprint` is then its first). */
  fingerprints?: string[];
  /** Group type id (default 4001, a cron type: no noise gate, a large creation quota, priority high). */
  type?: number;
  title?: string;
  subtitle?: string;
  culprit?: string;
  level?: string;
  time: Date;
  release?: string | null;
  environment?: string | null;
  user?: Record<string, unknown> | null;
  priority?: number | null;
  tags?: Record<string, string>;
  message?: string;
  eventId?: string;
  id?: string;
}

/** A valid occurrence message in the wire format, with an inline event. */
export function occurrence(spec: OccurrenceSpec): Record<string, unknown> {
  const id = spec.id ?? newId();
  const eventId = spec.eventId ?? newId();
  const seconds = spec.time.getTime() / 1000;
  const message: Record<string, unknown> = {
    payload_type: "occurrence",
    id,
    project_id: spec.projectId,
    event_id: eventId,
    fingerprint: spec.fingerprints ?? [spec.fingerprint],
    issue_title: spec.title ?? `Issue ${spec.fingerprint}`,
    subtitle: spec.subtitle ?? "subtitle",
    culprit: spec.culprit ?? "/home",
    resource_id: null,
    evidence_data: { source: "test" },
    evidence_display: [{ name: "Source", value: "test", important: true }],
    type: spec.type ?? 4001,
    detection_time: seconds,
    level: spec.level ?? "error",
  };
  if (spec.priority !== undefined) message.initial_issue_priority = spec.priority;
  const event: Record<string, unknown> = {
    event_id: eventId,
    project_id: spec.projectId,
    platform: "python",
    timestamp: seconds,
    received: spec.time.toISOString(),
    tags: spec.tags ?? {},
  };
  if (spec.release) event.release = spec.release;
  if (spec.environment) event.environment = spec.environment;
  if (spec.user) event.user = spec.user;
  if (spec.message) event.message = spec.message;
  message.event = event;
  return message;
}
