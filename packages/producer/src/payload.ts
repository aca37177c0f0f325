import { SiftError, canonicalUuid, partitionKey } from "@sift/schemas";
import type { OccurrenceMessageInput, StatusChangeMessageInput } from "@sift/schemas";

export class ProducerError extends SiftError {
  constructor(message: string) {
    super("INVALID_REQUEST", message);
  }
}

export type OccurrenceInput = Omit<OccurrenceMessageInput, "detection_time" | "payload_type" | "event"> & {
  detection_time: number | string | Date;
};

export interface ProduceOccurrenceInput {
  occurrence?: OccurrenceInput | null;
  eventData?: Record<string, unknown> | null;
  isBufferedSpans?: boolean;
}

export type StatusChangeInput = Omit<StatusChangeMessageInput, "payload_type" | "id"> & { id?: string };

/** The occurrence message the consumer reads: serialised, raw fingerprint, unix-seconds time. */
export function buildOccurrencePayload(input: ProduceOccurrenceInput): Record<string, unknown> {
  const { occurrence, eventData } = input;
  if (!occurrence) throw new ProducerError("occurrence must be provided");
  if (eventData && canonicalUuid(eventData.event_id) !== canonicalUuid(occurrence.event_id)) {
    throw new ProducerError("Event id on occurrence and event_data must be the same");
  }
  const detection =
    occurrence.detection_time instanceof Date
      ? occurrence.detection_time.getTime() / 1000
      : occurrence.detection_time;
  const payload: Record<string, unknown> = {
    ...occurrence,
    detection_time: detection,
    payload_type: "occurrence",
  };
  if (eventData) payload.event = eventData;
  if (input.isBufferedSpans) payload.is_buffered_spans = true;
  return payload;
}

export function buildStatusChangePayload(
  statusChange: StatusChangeInput | null | undefined,
): Record<string, unknown> {
  if (!statusChange) throw new ProducerError("status_change must be provided");
  return {
    fingerprint: statusChange.fingerprint,
    project_id: statusChange.project_id,
    new_status: statusChange.new_status,
    new_substatus: statusChange.new_substatus ?? null,
    id: statusChange.id ?? crypto.randomUUID().replaceAll("-", ""),
    payload_type: "status_change",
  };
}

export function buildPayload(
  payloadType: string,
  input: { occurrence?: ProduceOccurrenceInput; statusChange?: StatusChangeInput | null },
): Record<string, unknown> {
  if (payloadType === "occurrence") return buildOccurrencePayload(input.occurrence ?? {});
  if (payloadType === "status_change") return buildStatusChangePayload(input.statusChange);
  throw new ProducerError(`Unknown payload type: ${payloadType}`);
}

/** `"{fingerprint[0]}-{project_id}"`, or null when the payload has no fingerprint. */
export function payloadKey(payload: Record<string, unknown>): string | null {
  const fingerprint = payload.fingerprint;
  const projectId = payload.project_id;
  if (!Array.isArray(fingerprint) || typeof fingerprint[0] !== "string") return null;
  return partitionKey(fingerprint as string[], typeof projectId === "number" ? projectId : Number(projectId));
}
