import { randomUUID } from "node:crypto";

export interface OccurrenceInput {
  projectId?: number;
  fingerprint: string;
  title: string;
  culprit?: string;
  level?: string;
  tags?: Record<string, string>;
  evidence?: { name: string; value: string; important: boolean }[];
  message?: string;
  environment?: string;
  release?: string;
  user?: Record<string, unknown>;
  time?: Date;
}

const hex = () => randomUUID().replaceAll("-", "");

/** An occurrence in Sift's wire format with its inline event, as a detector would send it. */
export function occurrence(input: OccurrenceInput): Record<string, unknown> {
  const eventId = hex();
  const projectId = input.projectId ?? 1;
  const seconds = (input.time ?? new Date()).getTime() / 1000;
  const event: Record<string, unknown> = {
    event_id: eventId,
    project_id: projectId,
    platform: "python",
    timestamp: seconds,
    received: new Date(seconds * 1000).toISOString(),
    tags: input.tags ?? {},
  };
  if (input.message) event.message = input.message;
  if (input.environment) event.environment = input.environment;
  if (input.release) event.release = input.release;
  if (input.user) event.user = input.user;
  return {
    payload_type: "occurrence",
    id: hex(),
    project_id: projectId,
    event_id: eventId,
    fingerprint: [input.fingerprint],
    issue_title: input.title,
    subtitle: "subtitle",
    culprit: input.culprit ?? "app.jobs.nightly",
    resource_id: null,
    evidence_data: { source: "browser-test" },
    evidence_display: input.evidence ?? [{ name: "Source", value: "browser test", important: true }],
    type: 4001,
    detection_time: seconds,
    level: input.level ?? "error",
    event,
  };
}
