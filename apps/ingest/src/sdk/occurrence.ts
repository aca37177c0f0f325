import { createHash } from "node:crypto";
import type { ErrorGrouping } from "@sift/error-grouping";
import type { OccurrenceInput } from "@sift/producer";
import type { NormalizedEvent } from "./normalize.js";

/** The group type of errors. */
export const ERROR_TYPE = 1;

/**
 * The occurrence id of an SDK event: the same for the same event id in the same project, so an SDK's
 * retry is a replay the pipeline skips (exactly once per event id per project).
 */
export function occurrenceIdOf(projectId: number, eventId: string): string {
  return createHash("md5").update(`sdk-event:${projectId}:${eventId}`).digest("hex");
}

/** An error event as an occurrence of type 1, with the normalised event inline. */
export function errorOccurrence(
  projectId: number,
  event: NormalizedEvent,
  grouping: ErrorGrouping,
): { occurrence: OccurrenceInput; eventData: Record<string, unknown> } {
  const subtitle = (grouping.metadata.value ?? "").split("\n")[0]!.slice(0, 200);
  return {
    occurrence: {
      id: occurrenceIdOf(projectId, event.event_id),
      project_id: projectId,
      event_id: event.event_id,
      fingerprint: grouping.hashes,
      issue_title: grouping.title,
      subtitle,
      resource_id: null,
      evidence_data: {},
      evidence_display: [],
      type: ERROR_TYPE,
      detection_time: event.received,
      level: event.level,
      culprit: grouping.culprit,
    },
    eventData: {
      ...event,
      project_id: projectId,
      title: grouping.title,
      culprit: grouping.culprit,
      metadata: grouping.metadata,
    },
  };
}
