export { createGroupingEngine } from "./engine.js";
export type { GroupingEngine, GroupingEngineOptions } from "./engine.js";
export type { IngestItem, OccurrenceResult, BatchEffects } from "./batch.js";
export { ConcurrentDuplicateError } from "./stages/record.js";
export { unmergeIssueHashes } from "./unmerge.js";
export type { UnmergeInput, UnmergeResult } from "./unmerge.js";
