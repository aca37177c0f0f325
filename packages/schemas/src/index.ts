export { SiftError, InvalidPayloadError, isSiftError, isRetryable } from "./errors.js";
export type { SiftErrorCode, SiftErrorOptions } from "./errors.js";
export {
  TOKEN_SCOPES,
  PERMISSION_DENIED_DETAIL,
  NO_CREDENTIALS_DETAIL,
  AuthError,
  TooManyAttemptsError,
  authenticateBearer,
  requireScope,
  scopeAllows,
  scopeForMethod,
  MEMBER_ROLES,
  scopesOfRole,
} from "./auth.js";
export type { TokenScope, MemberRole } from "./auth.js";
export {
  DEFAULT_SCRYPT_PARAMETERS,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  hashPassword,
  verifyPassword,
} from "./password.js";
export type { ScryptParameters } from "./password.js";
export {
  GroupStatus,
  GroupSubStatus,
  UNRESOLVED_SUBSTATUSES,
  IGNORED_SUBSTATUSES,
  SUBSTATUS_STRINGS,
  STATUS_QUERY_STRINGS,
  substatusToString,
  statusToString,
  PriorityLevel,
  PRIORITY_VALUES,
  DEFAULT_ISSUE_QUERY,
  priorityToString,
  parsePriority,
  GroupCategory,
  CATEGORY_NAMES,
  LOG_LEVELS,
  LOG_LEVEL_VALUES,
  levelToString,
  ActivityType,
  ACTIVITY_TYPE_NAMES,
  GroupHistoryStatus,
  GroupInboxReason,
  INBOX_REASON_NAMES,
  ResolutionType,
  ResolutionStatus,
  historyStatusFor,
  OCCURRENCE_OUTCOMES,
  STATUS_CHANGE_OUTCOMES,
} from "./enums.js";
export type {
  GroupStatusValue,
  GroupSubStatusValue,
  PriorityValue,
  GroupCategoryValue,
  LogLevel,
  ActivityTypeValue,
  OccurrenceOutcome,
  StatusChangeOutcome,
} from "./enums.js";
export {
  GroupTypeRegistry,
  createDefaultRegistry,
  groupTypes,
  ingestFeatureFlag,
  visibleFeatureFlag,
} from "./group-types.js";
export type { GroupType, NoiseConfig, Quota } from "./group-types.js";
export { canonicalUuid, isCanonicalUuid, hyphenateUuid } from "./uuid.js";
export { hashFingerprint, hashFingerprintElement, partitionKey } from "./fingerprint.js";
export { parseTimestamp } from "./time.js";
export {
  SHORT_ID_ALPHABET,
  base32Encode,
  base32Decode,
  qualifiedShortId,
  parseQualifiedShortId,
} from "./short-id.js";
export { eventSchema, legacyEventSchema, COPIED_EVENT_KEYS } from "./event.js";
export type { EventData, EventSchemaTier } from "./event.js";
export { eventTags } from "./event-tags.js";
export {
  EVENT_FIELD_KEYS,
  USER_KEY_FIELDS,
  eventSearchTerm,
  eventSearchTerms,
} from "./event-search-terms.js";
export type { EventFieldKey, SearchTermKind } from "./event-search-terms.js";
export {
  occurrenceMessageSchema,
  evidenceDisplaySchema,
  decodeOccurrence,
  readStoredOccurrence,
  checkTimeBounds,
  MAX_FINGERPRINT_ELEMENTS,
} from "./occurrence.js";
export type {
  Occurrence,
  OccurrenceMessageInput,
  EvidenceDisplay,
  DecodeOptions,
  TimeBounds,
} from "./occurrence.js";
export { statusChangeMessageSchema, decodeStatusChange } from "./status-change.js";
export type { StatusChange, StatusChangeMessageInput } from "./status-change.js";
export {
  decodeMessage,
  receiveMessage,
  receiveParsedMessage,
  MAX_MESSAGE_BYTES,
  MAX_JSON_DEPTH,
} from "./message.js";
export type { DecodedMessage, ReceivedMessage } from "./message.js";
export { toInvalidPayload, joinPath } from "./zod-errors.js";
export { parseReleaseVersion, compareParsedReleases, compareReleaseVersions } from "./release-version.js";
export type { ParsedRelease } from "./release-version.js";
export { silentLogger, systemClock, noopMetrics } from "./runtime.js";
export { parseEnv } from "./env.js";
export type { Logger, Clock, Metrics, MetricLabels } from "./runtime.js";
export { clientKeyJson, formatDsn, parseDsn } from "./dsn.js";
export { ALLOWED_DOMAINS_LIMIT, isAllowedOrigin, parseAllowedDomain } from "./allowed-origins.js";
export type { ClientKeyInput, ClientKeyJson, Dsn } from "./dsn.js";
