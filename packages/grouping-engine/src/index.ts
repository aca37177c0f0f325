export { createGroupingEngine, ConcurrentDuplicateError, serialiseOccurrence } from "./engine.js";
export type {
  GroupingEngine,
  GroupingEngineOptions,
  IngestItem,
  OccurrenceResult,
  BatchEffects,
} from "./engine.js";
export { Gates, CacheUnavailableError } from "./gates.js";
export type { NoiseRequest, QuotaRequest } from "./gates.js";
export { snoozeExpired } from "./snooze.js";
export {
  searchMessage,
  normaliseMessage,
  mergeData,
  materialiseData,
  userKey,
  PLACEHOLDER_TITLES,
} from "./issue-fields.js";
