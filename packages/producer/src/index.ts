export { createOccurrenceProducer } from "./producer.js";
export type { OccurrenceProducer, ProduceResult } from "./producer.js";
export { buildOccurrencePayload, buildStatusChangePayload, buildPayload, payloadKey } from "./payload.js";
export type { OccurrenceInput } from "./payload.js";
