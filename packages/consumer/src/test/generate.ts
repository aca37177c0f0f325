import { newId } from "./harness.js";

export interface OccurrenceSpec {
  projectId?: number;
  fingerprint?: string[];
  type?: number;
  title?: string;
  subtitle?: string;
  culprit?: string;
  level?: string;
  time?: Date;
  release?: string | null;
  environment?: string | null;
  user?: Record<string, unknown> | null;
  priority?: number | null;
  assignee?: string | null;
  /** "inline" (default), "buffered" or "lookup" (the event must already be stored). */
  path?: "inline" | "buffered" | "lookup";
  eventId?: string;
  id?: string;
}

/** A valid occurrence message in the wire format. */
export function occurrence(spec: OccurrenceSpec = {}): Record<string, unknown> {
  const id = spec.id ?? newId();
  const eventId = spec.eventId ?? newId();
  const time = spec.time ?? new Date("2026-11-27T11:30:00Z");
  const projectId = spec.projectId ?? 1;
  const message: Record<string, unknown> = {
    payload_type: "occurrence",
    id,
    project_id: projectId,
    event_id: eventId,
    fingerprint: spec.fingerprint ?? ["fp-default"],
    issue_title: spec.title ?? "Consecutive HTTP",
    subtitle: spec.subtitle ?? "GET /api/profile",
    culprit: spec.culprit ?? "/home",
    resource_id: null,
    evidence_data: {},
    evidence_display: [],
    type: spec.type ?? 1010,
    detection_time: time.getTime() / 1000,
    level: spec.level ?? "info",
  };
  if (spec.priority !== undefined) message.initial_issue_priority = spec.priority;
  if (spec.assignee !== undefined) message.assignee = spec.assignee;
  if (spec.path !== "lookup") {
    const event: Record<string, unknown> = {
      event_id: eventId,
      project_id: projectId,
      platform: "python",
      timestamp: time.getTime() / 1000,
      received: time.toISOString(),
      tags: {},
    };
    if (spec.release) event.release = spec.release;
    if (spec.environment) event.environment = spec.environment;
    if (spec.user) event.user = spec.user;
    message.event = event;
    if (spec.path === "buffered") message.is_buffered_spans = true;
  }
  return message;
}

export function statusChange(spec: {
  projectId?: number;
  fingerprint: string[];
  status: number;
  substatus: number | null;
  id?: string;
}): Record<string, unknown> {
  return {
    payload_type: "status_change",
    id: spec.id ?? newId(),
    project_id: spec.projectId ?? 1,
    fingerprint: spec.fingerprint,
    new_status: spec.status,
    new_substatus: spec.substatus,
  };
}

export function at(iso: string, plusSeconds = 0): Date {
  return new Date(new Date(iso).getTime() + plusSeconds * 1000);
}
