export { createDb, migrateToLatest, ensureDatabase } from "./db.js";
export type { Db, CreateDbOptions, MigrateResult } from "./db.js";
export { migrationSource } from "./migrations/index.js";
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
export {
  TOKEN_SCOPES,
  TOKEN_PATTERN,
  hashToken,
  createApiToken,
  findApiToken,
  touchApiToken,
  revokeApiToken,
  listApiTokens,
  tokenAllows,
  authorizeOrganization,
} from "./tokens.js";
export type { ApiToken, TokenScope, OrgAuthorization } from "./tokens.js";
export {
  insertActivities,
  insertHistory,
  recordStatusActivities,
  addToInbox,
  removeFromInbox,
} from "./activity.js";
export type { ActivityInput, HistoryInput, StatusActivityInput, InboxInput } from "./activity.js";
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
  findStoredStatusChangeIds,
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
  insertStatusChanges,
  loadSnoozes,
  countRecentOccurrences,
  countRecentUsers,
  setIssueStatuses,
  deleteSnoozes,
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
  StatusChangeRow,
  SnoozeRow,
} from "./ingest.js";
export { deleteExpiredData } from "./retention.js";
export type { RetentionResult, RetentionOptions } from "./retention.js";
