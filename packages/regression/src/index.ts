export { createRegressionEngine, backfillResolvedInData } from "./engine.js";
export type {
  RegressionCandidate,
  RegressionEngine,
  RegressionEngineOptions,
  RegressionResult,
} from "./engine.js";
export {
  hasResolution,
  followsSemver,
  isSemverVersion,
  resolutionActivityIdent,
  FOLLOWS_SEMVER_RELEASE_COUNT,
} from "./resolution.js";
export type { HasResolutionContext, IssueResolution, ReleaseInfo } from "./resolution.js";
export { isEffectivelyResolved } from "./effectively-resolved.js";
export type { EffectivelyResolvedOptions } from "./effectively-resolved.js";
export { hasPendingCommitResolution, CommitLinkRelationship } from "./commit-resolution.js";
export type { CommitResolutionLink } from "./commit-resolution.js";
export { RELEASE_STATUS_OPEN, REGRESSION_GUARD_SECONDS } from "./queries.js";
