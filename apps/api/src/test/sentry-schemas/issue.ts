// Sentry's issue JSON: `listOrganizationIssues` / `listProjectIssues` (arrays of the list item) and
// `getOrganizationIssue` (the details).
//
// Where Sentry's own serializer and its document disagree, these schemas follow the serializer and say
// so: `statusDetails.inCommit` is the serialized commit (an object; the document says a string), and the
// fields the serializer adds only for an `expand=` value (`inbox`, `owners`, `sessionCount`, …) are
// optional (the document marks them required). `inbox` is null for an issue that is not in the inbox.
import { z } from "zod";
import { dateTime, eventType } from "./common.js";

/** Sentry's user JSON (`statusDetails.actor`). */
const user = z.object({
  identities: z.array(z.record(z.string(), z.unknown())).optional(),
  avatar: z.record(z.string(), z.unknown()).optional(),
  authenticators: z.array(z.unknown()).optional(),
  canReset2fa: z.boolean().optional(),
  id: z.string(),
  name: z.string(),
  username: z.string(),
  email: z.string(),
  avatarUrl: z.string(),
  isActive: z.boolean(),
  isSuspended: z.boolean(),
  hasPasswordAuth: z.boolean(),
  isManaged: z.boolean(),
  dateJoined: dateTime,
  lastLogin: dateTime.nullable(),
  has2fa: z.boolean(),
  lastActive: dateTime.nullable(),
  isSuperuser: z.boolean(),
  isStaff: z.boolean(),
  experiments: z.record(z.string(), z.unknown()),
  emails: z.array(z.object({ id: z.string(), email: z.string(), is_verified: z.boolean() })),
});

export const sentryStatusDetails = z.object({
  ignoreCount: z.int().optional(),
  ignoreUntil: dateTime.optional(),
  ignoreUserCount: z.int().optional(),
  ignoreUserWindow: z.int().optional(),
  ignoreWindow: z.int().optional(),
  actor: user.optional(),
  inNextRelease: z.boolean().optional(),
  inRelease: z.string().optional(),
  inCommit: z.object({ id: z.string() }).optional(),
  pendingEvents: z.int().optional(),
  info: z.object({ dateCreated: z.string(), syncCount: z.int(), totalEvents: z.int() }).nullable().optional(),
});

export const sentryAssignee = z.object({
  type: z.enum(["user", "team"]),
  id: z.string(),
  name: z.string(),
  email: z.string().optional(),
});

const inbox = z.object({
  reason: z.int(),
  reason_details: z
    .object({
      until: z.string().nullable(),
      count: z.int().nullable(),
      window: z.int().nullable(),
      user_count: z.int().nullable(),
      user_window: z.int().nullable(),
    })
    .nullable(),
  date_added: dateTime,
});

const derivedData = z.object({
  blocker: z.string(),
  progress: z.string(),
  status: z.string(),
  viewCount: z.int(),
  hasOpenFixPr: z.boolean(),
  isAssigned: z.boolean(),
  hasRootCause: z.boolean(),
  lastCompletedAutofixStep: z.string(),
  lastProgressedAt: dateTime.nullable(),
});

/** The fields of the list item and the details alike. */
const issueBase = z.object({
  id: z.string(),
  shareId: z.string().nullable(),
  shortId: z.string(),
  title: z.string(),
  culprit: z.string().nullable(),
  permalink: z.string(),
  logger: z.string().nullable(),
  level: z.enum(["sample", "debug", "info", "warning", "error", "fatal", "unknown"]),
  status: z.enum(["resolved", "ignored", "pending_deletion", "pending_merge", "reprocessing", "unresolved"]),
  statusDetails: sentryStatusDetails,
  substatus: z
    .enum([
      "archived_until_escalating",
      "archived_until_condition_met",
      "archived_forever",
      "escalating",
      "ongoing",
      "regressed",
      "new",
    ])
    .nullable(),
  isPublic: z.boolean(),
  platform: z.string().nullable(),
  priority: z.enum(["low", "medium", "high"]).nullable(),
  priorityLockedAt: dateTime.nullable(),
  seerFixabilityScore: z.number().nullable(),
  seerAutofixLastTriggered: dateTime.nullable(),
  seerExplorerAutofixLastTriggered: dateTime.nullable(),
  project: z.object({ id: z.string(), name: z.string(), slug: z.string(), platform: z.string().nullable() }),
  type: eventType,
  issueType: z.string(),
  issueCategory: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  numComments: z.int(),
  assignedTo: sentryAssignee.nullable(),
  isBookmarked: z.boolean(),
  isSubscribed: z.boolean(),
  subscriptionDetails: z
    .object({ disabled: z.boolean().optional(), reason: z.string().optional() })
    .nullable(),
  hasSeen: z.boolean(),
  annotations: z.array(z.object({ displayName: z.string(), url: z.string() })),
});

const seenStats = z.object({
  count: z.string(),
  userCount: z.int(),
  firstSeen: dateTime.nullable(),
  lastSeen: dateTime.nullable(),
  stats: z.record(z.string(), z.unknown()),
});

export const sentryIssue = issueBase.extend({
  isUnhandled: z.boolean(),
  count: z.string(),
  userCount: z.int(),
  firstSeen: dateTime.nullable(),
  lastSeen: dateTime.nullable(),
  derivedData,
  stats: z.record(z.string(), z.unknown()),
  lifetime: z.record(z.string(), z.unknown()),
  filtered: seenStats.nullable(),
  sessionCount: z.int().optional(),
  inbox: inbox.nullable().optional(),
  owners: z.object({ type: z.string(), owner: z.string(), date_added: dateTime }).optional(),
  integrationIssues: z.array(z.record(z.string(), z.unknown())).optional(),
  sentryAppIssues: z.array(z.record(z.string(), z.unknown())).optional(),
  latestEventHasAttachments: z.boolean().optional(),
  matchingEventId: z.string().nullable().optional(),
  matchingEventEnvironment: z.string().nullable().optional(),
});

export const sentryIssueList = z.array(sentryIssue);

export const sentryIssueDetails = issueBase.extend({
  isUnhandled: z.boolean().optional(),
  count: z.string().optional(),
  userCount: z.int().optional(),
  firstSeen: dateTime.nullable().optional(),
  lastSeen: dateTime.nullable().optional(),
  derivedData: derivedData.optional(),
  firstRelease: z.record(z.string(), z.unknown()).nullable().optional(),
  lastRelease: z.record(z.string(), z.unknown()).nullable().optional(),
  tags: z.array(z.record(z.string(), z.unknown())).optional(),
  stats: z.record(z.string(), z.unknown()).optional(),
  inbox: inbox.nullable().optional(),
  owners: z
    .array(z.object({ type: z.string(), owner: z.string(), date_added: dateTime }))
    .nullable()
    .optional(),
  forecast: z.record(z.string(), z.unknown()).optional(),
  integrationIssues: z.array(z.record(z.string(), z.unknown())).optional(),
  sentryAppIssues: z
    .array(
      z.object({
        id: z.string(),
        issueId: z.string(),
        serviceType: z.string(),
        displayName: z.string(),
        webUrl: z.string(),
      }),
    )
    .optional(),
  latestEventHasAttachments: z.boolean().optional(),
  activity: z.array(z.record(z.string(), z.unknown())),
  seenBy: z.array(z.record(z.string(), z.unknown())),
  userReportCount: z.int(),
  participants: z.array(z.record(z.string(), z.unknown())),
});

/**
 * `listProjectIssues`: the document gives the project's issue list an older, shorter schema of its
 * own (no `derivedData`, `metadata` either an error's `{type, value, filename}` or `{title}`).
 */
export const sentryProjectIssue = z.object({
  annotations: z.array(z.string()),
  assignedTo: z.record(z.string(), z.unknown()).nullable(),
  count: z.string(),
  culprit: z.string(),
  firstSeen: z.string(),
  hasSeen: z.boolean(),
  id: z.string(),
  isBookmarked: z.boolean(),
  isPublic: z.boolean(),
  isSubscribed: z.boolean(),
  lastSeen: z.string(),
  level: z.string(),
  logger: z.string().nullable(),
  metadata: z.union([
    z.object({ filename: z.string(), type: z.string(), value: z.string() }),
    z.object({ title: z.string() }),
  ]),
  numComments: z.int(),
  permalink: z.string(),
  project: z.object({ id: z.string().optional(), name: z.string().optional(), slug: z.string().optional() }),
  shareId: z.string().nullable(),
  shortId: z.string(),
  stats: z.object({ "24h": z.array(z.array(z.number())).optional() }),
  status: z.enum(["resolved", "unresolved", "ignored"]),
  statusDetails: z.record(z.string(), z.unknown()),
  subscriptionDetails: z.record(z.string(), z.unknown()).nullable(),
  title: z.string(),
  type: z.string(),
  userCount: z.int(),
});

export const sentryProjectIssueList = z.array(sentryProjectIssue);
