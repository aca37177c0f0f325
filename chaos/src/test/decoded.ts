import { expect } from "vitest";
import { decodeMessage, groupTypes, partitionKey } from "@sift/schemas";
import type { DecodeOptions } from "@sift/schemas";
import type { StreamMessage } from "../workload.js";

/** Decodes a stream message as the consumer does and checks that it is what the audit expects. */
export function expectAuditable(m: StreamMessage, bounds: DecodeOptions["bounds"]) {
  const decoded = decodeMessage(m.value, { types: groupTypes, bounds });
  expect(decoded.id).toBe(m.id);
  expect(decoded.projectId).toBe(m.projectId);
  expect(decoded.payloadType).toBe(m.payloadType);
  expect(m.key).toBe(partitionKey(decoded.fingerprint, decoded.projectId));
  return decoded;
}
