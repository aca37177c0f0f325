export { applyTransitions } from "./apply.js";
export { InvalidTransitionError } from "./errors.js";
export { planIssueCreated } from "./issue-created.js";
export { planPriority, priorityHistoryStatus } from "./priority.js";
export {
  REGRESSION_GUARD_SECONDS,
  backfillResolvedInData,
  planRegression,
  resolutionActivityIdent,
} from "./regression.js";
export { planSnoozeExpired, snoozeExpired } from "./snooze.js";
export { planStatusChange } from "./status-change.js";
export type { StatusChangePlan } from "./status-change.js";
export { transition } from "./transition.js";
export type { ActivityPlan, IssueRef, IssueSnapshot, RegressionGuard, Transition } from "./transition.js";
export { planAssign } from "./verbs/assign.js";
export { planInbox } from "./verbs/inbox.js";
export { planResolve, resolveProject } from "./verbs/resolve.js";
export type { ResolveInput, ResolveMode } from "./verbs/resolve.js";
export { hasIgnoreCondition, ignoreUntil, planStatusUpdate, updateSubstatus } from "./verbs/status.js";
export type { IgnoreSettings } from "./verbs/status.js";
