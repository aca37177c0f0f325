// The pieces of the synthetic wire-format messages the benchmark workload and the chaos stream are made
// of: a stored event to look up, a status change, a detector's occurrence and its inline event.

export interface StoredEventSeed {
  projectId: number;
  eventId: string;
  timestamp: Date;
  data: Record<string, unknown>;
}

/** A pre-stored transaction event that occurrences refer to by `event_id`. */
export function storedEventSeed(
  projectId: number,
  eventId: string,
  timestamp: Date,
  fields: { serverName: string; release: string; environment: string },
): StoredEventSeed {
  return {
    projectId,
    eventId,
    timestamp,
    data: {
      event_id: eventId,
      project_id: projectId,
      platform: "python",
      timestamp: timestamp.getTime() / 1000,
      received: timestamp.toISOString(),
      level: "error",
      tags: { server_name: fields.serverName },
      release: fields.release,
      environment: fields.environment,
      type: "transaction",
    },
  };
}

/**
 * A status change of the fingerprint's issue: `roll` below `cuts[0]` resolves it, below `cuts[1]`
 * unresolves it as ongoing, and above ignores it forever.
 */
export function statusChangeMessage(
  id: string,
  projectId: number,
  fingerprint: string[],
  roll: number,
  cuts: readonly [number, number],
): Record<string, unknown> {
  const [status, substatus] = roll < cuts[0] ? [1, null] : roll < cuts[1] ? [0, 3] : [2, 5];
  return {
    payload_type: "status_change",
    id,
    project_id: projectId,
    fingerprint,
    new_status: status,
    new_substatus: substatus,
  };
}

/** An occurrence of `type` for fingerprint number `f`, detected at `time` (seconds), without its event. */
export function occurrenceMessage(options: {
  id: string;
  projectId: number;
  fingerprint: string[];
  f: number;
  type: number;
  time: number;
  /** How many distinct endpoints the culprits name. */
  endpoints: number;
  offenderSpanIds: string[];
}): Record<string, unknown> {
  const { f, type } = options;
  return {
    payload_type: "occurrence",
    id: options.id,
    project_id: options.projectId,
    fingerprint: options.fingerprint,
    issue_title: type === 4001 ? "Monitor failure" : type === 1 ? "TypeError" : "N+1 Query",
    subtitle: `${type === 4001 ? "Check-in missed for" : "SELECT * FROM items WHERE id = %s in"} job-${f}`,
    culprit: `/api/endpoint/${f % options.endpoints}`,
    resource_id: null,
    evidence_data: { op: "db", offender_span_ids: options.offenderSpanIds },
    evidence_display: [{ name: "Offending Spans", value: `SELECT * FROM items /* ${f} */`, important: true }],
    type,
    detection_time: options.time,
    level: type === 1 ? "error" : "warning",
  };
}

/** An occurrence's inline event at `time` (seconds). */
export function inlineEvent(
  eventId: string,
  projectId: number,
  time: number,
  fields: { tags: Record<string, string>; release: string; environment: string },
): Record<string, unknown> {
  return {
    event_id: eventId,
    project_id: projectId,
    platform: "python",
    timestamp: time,
    received: new Date(time * 1000).toISOString(),
    tags: fields.tags,
    release: fields.release,
    environment: fields.environment,
  };
}

/** The smallest occurrence Sift groups: a cron check-in failure (4001) with a bare inline event. */
export function minimalOccurrenceMessage(options: {
  id: string;
  eventId: string;
  fingerprint: string;
  title: string;
  subtitle: string;
  /** Detection and event time, in seconds. */
  time: number;
  received: string;
}): Record<string, unknown> {
  return {
    payload_type: "occurrence",
    id: options.id,
    project_id: 1,
    event_id: options.eventId,
    fingerprint: [options.fingerprint],
    issue_title: options.title,
    subtitle: options.subtitle,
    type: 4001,
    detection_time: options.time,
    evidence_display: [],
    event: {
      event_id: options.eventId,
      project_id: 1,
      platform: "node",
      timestamp: options.time,
      received: options.received,
      tags: {},
    },
  };
}
