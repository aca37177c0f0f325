export { createGroupingEngine } from "./engine.js";
export type { GroupingEngine, GroupingEngineOptions } from "./engine.js";
export type { OccurrenceResult } from "./batch.js";
export { ConcurrentDuplicateError } from "./stages/record.js";
export { unmergeIssueHashes } from "./unmerge.js";
