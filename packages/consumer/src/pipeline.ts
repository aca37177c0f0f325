import { createGroupingEngine } from "@sift/grouping-engine";
import type { GroupingEngine, GroupingEngineOptions } from "@sift/grouping-engine";
import { createRegressionEngine } from "@sift/regression";
import { createBatchProcessor } from "./processor.js";
import type { BatchProcessor } from "./processor.js";

/** The grouping engine's dependencies (the pipeline builds its regression engine) and the time bounds. */
export interface PipelineOptions extends Omit<GroupingEngineOptions, "regression"> {
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
