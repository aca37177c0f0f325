import { z } from "zod";
import { hashFingerprint } from "./fingerprint.js";
import { canonicalUuid } from "./uuid.js";
import { InvalidPayloadError } from "./errors.js";
import { toInvalidPayload } from "./zod-errors.js";
import { MAX_FINGERPRINT_ELEMENTS } from "./occurrence.js";

/** The status-change message on the wire. */
export const statusChangeMessageSchema = z.looseObject({
  payload_type: z.literal("status_change"),
  id: z.string(),
  project_id: z.int().positive().max(Number.MAX_SAFE_INTEGER),
  fingerprint: z.array(z.string()).min(1).max(MAX_FINGERPRINT_ELEMENTS),
  new_status: z.int().min(0).max(6),
  new_substatus: z.int().min(1).max(7).nullable().optional(),
});
export type StatusChangeMessageInput = z.input<typeof statusChangeMessageSchema>;

export interface StatusChange {
  payloadType: "status_change";
  id: string;
  projectId: number;
  fingerprint: string[];
  fingerprintHashes: string[];
  newStatus: number;
  newSubstatus: number | null;
}

export function decodeStatusChange(input: unknown): StatusChange {
  const parsed = statusChangeMessageSchema.safeParse(input);
  if (!parsed.success) throw toInvalidPayload(parsed.error, input);
  const payload = parsed.data;
  const id = canonicalUuid(payload.id);
  if (id === null) {
    throw new InvalidPayloadError(
      "INVALID_UUID",
      `"id" is not a valid UUID: ${JSON.stringify(payload.id)}`,
      "id",
    );
  }
  return {
    payloadType: "status_change",
    id,
    projectId: payload.project_id,
    fingerprint: payload.fingerprint,
    fingerprintHashes: hashFingerprint(payload.fingerprint),
    newStatus: payload.new_status,
    newSubstatus: payload.new_substatus ?? null,
  };
}
