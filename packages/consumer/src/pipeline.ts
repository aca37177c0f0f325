import type { Redis } from "ioredis";
import type { Clock, GroupTypeRegistry, Logger, Metrics } from "@sift/schemas";
import type { Db } from "@sift/storage";
import { createGroupingEngine } from "@sift/grouping-engine";
import type { GroupingEngine } from "@sift/grouping-engine";
import { createRegressionEngine } from "@sift/regression";
import { createBatchProcessor } from "./processor.js";
import type { BatchProcessor } from "./processor.js";

export interface PipelineOptions {
  db: Db;
  redis: Redis;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  types: GroupTypeRegistry;
  keyPrefix?: string;
  cacheTtlMs?: number;
  maxAgeDays?: number;
  maxFutureSeconds?: number;
}

export interface Pipeline {
  processor: BatchProcessor;
  grouping: GroupingEngine;
}

/** Wire the processing stages together (the same for Kafka and direct processing). */
export function createPipeline(options: PipelineOptions): Pipeline {
  const regression = createRegressionEngine({
    clock: options.clock,
    logger: options.logger,
    types: options.types,
  });
  const grouping = createGroupingEngine({ ...options, regression });
  const processor = createBatchProcessor({ ...options, grouping });
  return { processor, grouping };
}
