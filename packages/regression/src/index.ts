export { createRegressionEngine } from "./engine.js";
export type { RegressionCandidate, RegressionEngine } from "./engine.js";
export { hasResolution, followsSemver, isSemverVersion } from "./resolution.js";
export type { HasResolutionContext, IssueResolution, ReleaseInfo } from "./resolution.js";
export { isEffectivelyResolved } from "./effectively-resolved.js";
export { hasPendingCommitResolution } from "./commit-resolution.js";
