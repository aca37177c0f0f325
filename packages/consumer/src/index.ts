export { createBatchProcessor, segmentBatch } from "./processor.js";
export type { BatchProcessor, BatchProcessorOptions, InputMessage, MessageOutcome } from "./processor.js";
export { createIngestConsumer, ensureTopics, deadLetterHeaders } from "./kafka-consumer.js";
export type { IngestConsumer, IngestConsumerOptions, DeadLetter } from "./kafka-consumer.js";
export { createStatusChangeProcessor } from "./status-change.js";
export type { StatusChangeResult, StatusChangeProcessor } from "./status-change.js";
export { createPipeline } from "./pipeline.js";
export type { Pipeline, PipelineOptions } from "./pipeline.js";
