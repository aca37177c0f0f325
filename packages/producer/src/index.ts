export { createOccurrenceProducer } from "./producer.js";
export type { DirectProcessor } from "./direct-batches.js";
export type { OccurrenceProducer, OccurrenceProducerOptions, ProduceResult } from "./producer.js";
export {
  ProducerError,
  buildOccurrencePayload,
  buildStatusChangePayload,
  buildPayload,
  payloadKey,
} from "./payload.js";
export type { OccurrenceInput, ProduceOccurrenceInput, StatusChangeInput } from "./payload.js";
