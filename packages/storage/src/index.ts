export { createDb, migrateToLatest, ensureDatabase } from "./db.js";
export type { Db } from "./db.js";
export { migrationSource } from "./migrations/index.js";
export { StorageUnavailableError } from "./errors.js";
export {
  SLUG_PATTERN,
  createOrganization,
  getOrganizationBySlug,
  setOrganizationFeature,
  getOrganizationFeatures,
  getOrganizationsByIds,
} from "./organizations.js";
export type { Organization } from "./organizations.js";
export {
  createProject,
  createTeamProject,
  getProjectById,
  getProjectsByIds,
  getProjectBySlug,
  listProjects,
  projectIdsOfOrganization,
  searchProjects,
  updateProject,
} from "./projects.js";
export type { Project, ProjectSearch } from "./projects.js";
export { loadProjectSummaries } from "./project-summaries.js";
export type { ProjectSummary } from "./project-summaries.js";
export {
  TOKEN_TOUCH_INTERVAL_MS,
  hashToken,
  createApiToken,
  findApiToken,
  authenticateApiToken,
  revokeApiToken,
  listApiTokens,
  revokeOrganizationToken,
} from "./tokens.js";
export type { ApiToken } from "./tokens.js";
export {
  deleteActivity,
  insertActivities,
  listActivitiesOfType,
  listIssueActivities,
  loadLatestActivities,
  updateActivityData,
} from "./activities.js";
export type { ActivityInput, ActivityRecord } from "./activities.js";
export { listIssueHashes, lockIssueHashes, moveIssueHashes } from "./issue-hashes.js";
export { mergeIssueRows } from "./issue-merge.js";
export { keepIssueLinks, moveOccurrences, subtractIssueCounts } from "./issue-unmerge.js";
export type { IssueCountsTaken } from "./issue-unmerge.js";
export { insertHistory } from "./group-history.js";
export type { HistoryInput } from "./group-history.js";
export { addToInbox, removeFromInbox, inboxIssueIds, getInboxEntries } from "./inbox.js";
export type { InboxInput, InboxEntry } from "./inbox.js";
export { loadSnoozes, upsertSnoozes, deleteSnoozes } from "./snoozes.js";
export type { SnoozeRow, SnoozeInput } from "./snoozes.js";
export { loadResolutions, upsertResolutions, deleteResolutions } from "./resolutions.js";
export type { ResolutionInput } from "./resolutions.js";
export { insertCommitLinks, loadLatestCommitLinks } from "./commit-links.js";
export { loadRecentReleases, addReleaseNewGroups } from "./project-releases.js";
export { findStoredStatusChangeIds, insertStatusChanges } from "./status-changes.js";
export type { StatusChangeRow } from "./status-changes.js";
export {
  MAX_RELEASE_VERSION_LENGTH,
  ReleaseStatus,
  getOrCreateReleases,
  getReleaseByVersion,
  getLatestRelease,
  getOrCreateRelease,
  updateRelease,
  linkReleaseProjects,
  findProjectRelease,
  findNextRelease,
  recentOpenReleases,
  latestReleaseWithCommit,
  deleteRelease,
} from "./releases.js";
export type { Release } from "./releases.js";
export { listReleases, getReleaseDetails, previousReleaseWithCommits } from "./release-details.js";
export type { ReleaseDetails } from "./release-details.js";
export { createDeploy, listDeploys } from "./deploys.js";
export type { Deploy } from "./deploys.js";
export { setReleaseHeadCommits } from "./release-head-commits.js";
export type { HeadCommit } from "./release-head-commits.js";
export { listRepositories } from "./repositories.js";
export type { Repository } from "./repositories.js";
export { setReleaseCommits, lockIssuesResolvedByCommits, listReleaseCommits, findCommit } from "./commits.js";
export type { CommitInfo, CommitInput } from "./commits.js";
export {
  findStoredOccurrenceIds,
  insertOccurrences,
  listIssueOccurrences,
  countRecentOccurrences,
  findAdjacentEvents,
  OCCURRENCE_TIME_SQL,
} from "./occurrences.js";
export type { OccurrenceRow, IssueOccurrence, AdjacentEvents, OccurrenceFilter } from "./occurrences.js";
export { findEvents, insertEvents } from "./events.js";
export type { StoredEvent } from "./events.js";
export { findHashes, insertHashes } from "./issue-hashes.js";
export type { HashRow } from "./issue-hashes.js";
export {
  INVISIBLE_STATUSES,
  ISSUE_RECORD_COLUMNS,
  toIssueRecord,
  loadIssuesForIngest,
  getIssue,
  getIssuesByIds,
  findIssueByShortId,
  findIssueIdsByEventId,
  getStatusContext,
} from "./issues.js";
export type { IssueRecord, IssueDbRow, IngestIssue, ResolutionDetails, StatusContext } from "./issues.js";
export {
  allocateIssueIds,
  allocateShortIds,
  insertIssues,
  updateIssueAggregates,
} from "./issue-aggregates.js";
export type { NewIssueRow, IssueAggregateUpdate } from "./issue-aggregates.js";
export { addIssueStats, getIssueHourlyCounts } from "./issue-stats.js";
export { loadForecasts, saveForecasts } from "./issue-forecasts.js";
export type { IssueForecast } from "./issue-forecasts.js";
export type { HourlyCount } from "./issue-stats.js";
export { getFilteredIssueCounts } from "./filtered-counts.js";
export type { FilteredCounts } from "./filtered-counts.js";
export { insertIssueUsers, countRecentUsers } from "./issue-users.js";
export {
  getOrCreateEnvironments,
  findEnvironmentNames,
  upsertIssueEnvironments,
  listEnvironments,
  listProjectEnvironments,
} from "./environments.js";
export type { Environment } from "./environments.js";
export { upsertIssueReleases, getIssueFirstLastRelease, issueCurrentRelease } from "./issue-releases.js";
export type { IssueReleaseSummary } from "./issue-releases.js";
export {
  lockIssuesForUpdate,
  lockIssueStates,
  updateIssueStates,
  markRegressed,
  selectIssueIds,
} from "./issue-updates.js";
export type { IssueStateUpdate, LockedIssueState } from "./issue-updates.js";
export { addIssueTagValues, listIssueTagKeys, listIssueTagValues } from "./issue-tag-values.js";
export { listScopeTagKeys, listScopeTagValues } from "./scope-tags.js";
export type { TagScope, ScopeTagKey, ScopeTagValue } from "./scope-tags.js";
export type {
  IssueTagKey,
  IssueTagValue,
  IssueTagValueCount,
  IssueTagValueSort,
} from "./issue-tag-values.js";
export { markIssuesForDeletion, purgeDeletedIssues } from "./deletion.js";
export { createUser, getUserByEmail, addOrganizationMember, getUsersByIds } from "./users.js";
export type { User } from "./users.js";
export {
  createTeam,
  getTeamBySlug,
  addTeamMember,
  getTeamsByIds,
  listTeams,
  addProjectTeam,
} from "./teams.js";
export type { Team, TeamSummary } from "./teams.js";
export { getAssignees } from "./assignees.js";
export {
  listOrganizationMembers,
  getOrganizationMember,
  lockOrganizationMembers,
  removeOrganizationMember,
} from "./members.js";
export type { OrganizationMember } from "./members.js";
export { resolveActor, lookupAssignees } from "./actors.js";
export type { ActorRef } from "./actors.js";
export { deleteExpiredData, expireIssues } from "./retention.js";
export { withTransaction } from "./transaction.js";
export { pingDatabase } from "./health.js";
export { setUserPassword, setOrganizationMemberRole, findLoginCandidate, touchUserLogin } from "./users.js";
export type { LoginCandidate } from "./users.js";
export {
  SESSION_TOUCH_INTERVAL_MS,
  hashSessionToken,
  createUserSession,
  authenticateUserSession,
  revokeUserSession,
  revokeSessionsOfUser,
} from "./user-sessions.js";
export type { AuthenticatedSession, UserSession } from "./user-sessions.js";
export { countLoginFailures, recordLoginFailure, clearLoginFailures } from "./login-failures.js";
export type { LoginFailureCount } from "./login-failures.js";
export {
  SubscriptionReason,
  setIssueBookmarks,
  setIssuesSeen,
  setIssueSubscriptions,
  loadIssueUserState,
} from "./issue-user-state.js";
export type { IssueUserState } from "./issue-user-state.js";
export {
  PROJECT_KEY_PATTERN,
  createProjectKey,
  findProjectKey,
  listProjectKeys,
  updateProjectKey,
  deleteProjectKey,
} from "./project-keys.js";
export type {
  ProjectKey,
  IntakeProjectKey,
  CreateProjectKeyInput,
  ProjectKeyChanges,
} from "./project-keys.js";
export {
  createAlertRule,
  updateAlertRule,
  deleteAlertRule,
  getAlertRule,
  listAlertRules,
  listAlertedProjects,
  claimRuleFirings,
  lastRuleFirings,
  ruleIssuesCoolingDown,
  listRuleFirings,
} from "./alert-rules.js";
export type { AlertRule, AlertRuleInput, RuleNode, RuleFiring } from "./alert-rules.js";
export {
  createSentryApp,
  sentryAppSlugTaken,
  listSentryAppInstallations,
  getSentryAppInstallations,
  getProjectWebhookConfig,
  getProjectWebhookConfigs,
  setProjectWebhookConfig,
} from "./sentry-apps.js";
export type { SentryApp, SentryAppInput, SentryAppInstallation } from "./sentry-apps.js";
export {
  lockAlertCursor,
  advanceAlertCursor,
  readActivitiesAfter,
  readIssuesWithEventsBetween,
  latestEventIds,
  countIssueWindows,
  currentXidMark,
} from "./alert-cursor.js";
export type { AlertCursor, LoggedActivity, IssueWithNewEvents } from "./alert-cursor.js";
export {
  insertDeliveries,
  leaseDueDeliveries,
  recordDeliveryOutcomes,
  listDeliveries,
  emailDirectory,
} from "./alert-deliveries.js";
export type {
  Delivery,
  DeliveryInput,
  DeliveryAttempt,
  DeliveryOutcome,
  DeliveryStatus,
  DeliveryFilter,
  EmailDirectory,
} from "./alert-deliveries.js";
