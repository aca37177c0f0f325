export { createRegressionEngine } from "./engine.js";
export type {
  RegressionCandidate,
  RegressionEngine,
  RegressionEngineOptions,
  RegressionResult,
} from "./engine.js";
export { hasResolution, followsSemver, isSemverVersion, FOLLOWS_SEMVER_RELEASE_COUNT } from "./resolution.js";
export type { HasResolutionContext, IssueResolution, ReleaseInfo } from "./resolution.js";
export { isEffectivelyResolved } from "./effectively-resolved.js";
export type { EffectivelyResolvedOptions } from "./effectively-resolved.js";
export { hasPendingCommitResolution } from "./commit-resolution.js";
export type { CommitResolutionLink } from "./commit-resolution.js";
