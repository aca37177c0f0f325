export { applyAll, applyTransitions } from "./apply.js";
export { planCommitShipped } from "./commit-shipped.js";
export { InvalidTransitionError } from "./errors.js";
export { planIssueCreated } from "./issue-created.js";
export {
  MAX_NOTE_LENGTH,
  addNote,
  editNote,
  findNote,
  listNotes,
  noteText,
  planNote,
  removeNote,
} from "./notes.js";
export { applyMerge, planMerge } from "./merge.js";
export type { MergePlan } from "./merge.js";
export { planPriority } from "./priority.js";
export { planRegression, resolutionActivityIdent } from "./regression.js";
export { planSnoozeExpired, snoozeExpired } from "./snooze.js";
export { planEscalation } from "./escalation.js";
export { planStatusChange } from "./status-change.js";
export { planUnmerge } from "./unmerge.js";
export type { Transition } from "./transition.js";
export { planAssign } from "./verbs/assign.js";
export { planInbox } from "./verbs/inbox.js";
export { planResolve, resolveProject } from "./verbs/resolve.js";
export type { ResolveInput, ResolveMode } from "./verbs/resolve.js";
export { hasIgnoreCondition, ignoreUntil, planStatusUpdate, updateSubstatus } from "./verbs/status.js";
export type { IgnoreSettings } from "./verbs/status.js";
