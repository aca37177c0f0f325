export { createDb, migrateToLatest, ensureDatabase } from "./db.js";
export type { Db, CreateDbOptions, MigrateResult } from "./db.js";
export { migrationSource } from "./migrations/index.js";
export { StorageUnavailableError } from "./errors.js";
export {
  SLUG_PATTERN,
  shortIdSequence,
  createOrganization,
  getOrganizationBySlug,
  getOrganizationById,
  createProject,
  getProjectById,
  getProjectsByIds,
  getProjectBySlug,
  listProjects,
  setProjectResolveAge,
  setOrganizationFeature,
  getOrganizationFeatures,
} from "./organizations.js";
export type { Organization, Project, CreateProjectInput } from "./organizations.js";
export { projectIdsOfOrganization } from "./projects.js";
export {
  TOKEN_TOUCH_INTERVAL_MS,
  hashToken,
  createApiToken,
  findApiToken,
  authenticateApiToken,
  revokeApiToken,
} from "./tokens.js";
export type { ApiToken } from "./tokens.js";
export { insertActivities, loadLatestActivities, updateActivityData } from "./activities.js";
export type { ActivityInput } from "./activities.js";
export { insertHistory } from "./group-history.js";
export type { HistoryInput } from "./group-history.js";
export { addToInbox, removeFromInbox, inboxIssueIds } from "./inbox.js";
export type { InboxInput } from "./inbox.js";
export { loadSnoozes, upsertSnoozes, deleteSnoozes } from "./snoozes.js";
export type { SnoozeRow, SnoozeInput } from "./snoozes.js";
export { loadResolutions, upsertResolutions, deleteResolutions } from "./resolutions.js";
export type { ResolutionInput } from "./resolutions.js";
export { insertCommitLinks, loadLatestCommitLinks } from "./commit-links.js";
export { loadRecentReleases } from "./project-releases.js";
export { findStoredStatusChangeIds, insertStatusChanges } from "./status-changes.js";
export type { StatusChangeRow } from "./status-changes.js";
export {
  MAX_RELEASE_VERSION_LENGTH,
  releaseColumns,
  toRelease,
  getOrCreateReleases,
  getReleaseByVersion,
  getReleasesByIds,
  getLatestRelease,
} from "./releases.js";
export type { Release, ReleaseRow } from "./releases.js";
export {
  findStoredOccurrenceIds,
  findEvents,
  insertEvents,
  insertOccurrences,
  findHashes,
  insertHashes,
  allocateIssueIds,
  allocateShortIds,
  loadIssuesForIngest,
  issueScore,
  insertIssues,
  updateIssueAggregates,
  getOrCreateEnvironments,
  upsertIssueEnvironments,
  upsertIssueReleases,
  addIssueStats,
  insertIssueUsers,
  countRecentOccurrences,
  countRecentUsers,
  lookupAssignees,
} from "./ingest.js";
export type {
  ProjectKey,
  StoredEvent,
  OccurrenceRow,
  HashRow,
  IngestIssue,
  NewIssueRow,
  IssueAggregateUpdate,
} from "./ingest.js";
export {
  INVISIBLE_STATUSES,
  ISSUE_RECORD_COLUMNS,
  toIssueRecord,
  toCommitInfo,
  getIssue,
  getIssuesByIds,
  findIssueByShortId,
  findIssueIdsByEventId,
  getIssueHourlyCounts,
  getInboxEntries,
  getStatusContext,
  listIssueOccurrences,
  listIssueActivities,
  getIssueFirstLastRelease,
  findEnvironmentNames,
} from "./issues.js";
export type {
  IssueRecord,
  IssueDbRow,
  HourlyCount,
  InboxEntry,
  ResolutionDetails,
  CommitInfo,
  StatusContext,
  IssueOccurrence,
  ListOccurrencesOptions,
  ActivityRecord,
  IssueReleaseSummary,
} from "./issues.js";
export {
  lockIssuesForUpdate,
  lockIssueStates,
  updateIssueStates,
  markRegressed,
  selectIssueIds,
} from "./issue-updates.js";
export type { IssueStateUpdate, LockedIssueState } from "./issue-updates.js";
export { DELETION_DELAY_MS, markIssuesForDeletion, purgeDeletedIssues } from "./deletion.js";
export type { PurgeOptions, PurgeResult } from "./deletion.js";
export {
  ReleaseStatus,
  listReleases,
  getReleaseDetails,
  getOrCreateRelease,
  updateRelease,
  linkReleaseProjects,
  setReleaseCommits,
  resolveIssuesOfShippedCommits,
  findProjectRelease,
  findNextRelease,
  recentOpenReleases,
  issueCurrentRelease,
  findCommit,
  latestReleaseWithCommit,
  getReleaseCommits,
} from "./releases-api.js";
export type { ReleaseDetails, ListReleasesOptions, CommitInput, CommitLookup } from "./releases-api.js";
export {
  createUser,
  getUserByEmail,
  addOrganizationMember,
  createTeam,
  getTeamBySlug,
  addTeamMember,
  getUsersByIds,
  getTeamsByIds,
  resolveActor,
} from "./users.js";
export type { User, Team, ActorRef } from "./users.js";
export { deleteExpiredData, expireIssues } from "./retention.js";
export type { RetentionResult, RetentionOptions } from "./retention.js";
export { withTransaction } from "./transaction.js";
export { pingDatabase } from "./health.js";
