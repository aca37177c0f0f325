export type { MessageOutcome } from "./processor.js";
export { createIngestConsumer, ensureTopics } from "./kafka-consumer.js";
export type { IngestConsumer } from "./kafka-consumer.js";
export { createPipeline } from "./pipeline.js";
export type { Pipeline } from "./pipeline.js";
