// The JSON the API answers with, as zod schemas: the routes declare them as their responses, so the
// OpenAPI document (`/api/0/openapi.json`) is generated from them, and with `checkResponses` (every
// integration test) each answer is checked against them, so the document cannot drift from the
// serializers in this folder.
import { z } from "zod";

// `.meta({ id })` (zod's global registry) makes a schema a named component of the OpenAPI document
// (`#/components/schemas/<id>`); `.describe()` texts become its descriptions.
export const isoDate = z.string().describe("ISO 8601 date and time (UTC)");

/** Every error answer: `{"detail": "..."}` with the reference's messages. */
export const errorSchema = z
  .object({ detail: z.string() })
  .meta({ id: "Error", description: 'Every error answer: `{"detail": "…"}`' });

/** Sentry's ActorSerializer (an assignee). */
export const actorSchema = z
  .union([
    z.object({ type: z.literal("user"), id: z.string(), name: z.string(), email: z.string() }),
    z.object({ type: z.literal("team"), id: z.string(), name: z.string() }),
  ])
  .meta({ id: "Actor" });

/** A stats series: `[unix seconds of the bucket start, count]` pairs. */
const statsSeries = z.array(z.tuple([z.number(), z.number()]));

export const commitSchema = z
  .object({
    id: z.string(),
    message: z.string().nullable(),
    dateCreated: isoDate.nullable(),
    pullRequest: z.null(),
    repository: z.object({
      id: z.string(),
      name: z.string(),
      url: z.null(),
      provider: z.null(),
      status: z.string(),
    }),
    author: z.object({ email: z.string(), name: z.string() }).nullable(),
  })
  .meta({ id: "Commit" });

const statusDetailsSchema = z
  .object({
    inRelease: z.string().optional(),
    inNextRelease: z.boolean().optional(),
    inUpcomingRelease: z.boolean().optional(),
    inCommit: commitSchema.optional(),
    ignoreUntilEscalating: z.boolean().optional(),
    ignoreCount: z.number().optional(),
    ignoreUntil: isoDate.optional(),
    ignoreUserCount: z.number().optional(),
    ignoreUserWindow: z.number().optional(),
    ignoreWindow: z.number().optional(),
  })
  .describe(
    "how the issue is resolved or ignored (a condition that is not set is absent); `{}` otherwise. " +
      "Sift records no actor of a resolution or an ignore, so `actor` is always absent",
  );

/** Sentry's `derivedData`: Sift has no autofix, so only `status` and `isAssigned` say something. */
const derivedDataSchema = z.object({
  blocker: z.literal("none"),
  progress: z.literal("not_started"),
  status: z.enum(["open", "resolved", "ignored"]).describe("the issue's status: unresolved is `open`"),
  viewCount: z.number(),
  hasOpenFixPr: z.boolean(),
  isAssigned: z.boolean(),
  hasRootCause: z.boolean(),
  lastCompletedAutofixStep: z.literal("none"),
  lastProgressedAt: z.null(),
});

/** Times seen, users, first and last seen: absent with `collapse=stats`, as in Sentry. */
const seenStatsShape = {
  count: z.string().optional().describe("times seen (lifetime), as a string as in Sentry"),
  userCount: z.number().optional(),
  firstSeen: isoDate.nullable().optional(),
  lastSeen: isoDate.nullable().optional(),
};

/** Sentry's `filtered`: an issue's counts and stats over the events the request's filters select. */
const filteredSchema = z.object({
  count: z.string(),
  userCount: z.number(),
  firstSeen: isoDate.nullable(),
  lastSeen: isoDate.nullable(),
  stats: z.record(z.string(), statsSeries),
});

/** Sentry's issue JSON (the list, the details and the short-id lookup). */
export const issueSchema = z
  .object({
    id: z.string(),
    shareId: z.null(),
    shortId: z.string().describe("qualified short id, e.g. WEB-1F"),
    title: z.string(),
    culprit: z.string(),
    permalink: z.string(),
    logger: z.null(),
    level: z.string(),
    status: z.enum([
      "unresolved",
      "resolved",
      "ignored",
      "pending_deletion",
      "pending_merge",
      "reprocessing",
    ]),
    statusDetails: statusDetailsSchema,
    substatus: z.string().nullable(),
    isPublic: z.boolean(),
    platform: z.string().nullable(),
    project: z.object({
      id: z.string(),
      name: z.string(),
      slug: z.string(),
      platform: z.string().nullable(),
    }),
    type: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    numComments: z.number(),
    assignedTo: actorSchema.nullable(),
    isBookmarked: z.boolean(),
    isSubscribed: z.boolean(),
    subscriptionDetails: z
      .object({ reason: z.string() })
      .nullable()
      .describe(
        "why the signed-in user is subscribed (`commented`, `bookmarked`, `unknown`…); null otherwise",
      ),
    hasSeen: z.boolean(),
    annotations: z.array(z.unknown()),
    issueType: z.string().describe("the group type's slug"),
    issueCategory: z.string(),
    priority: z.enum(["low", "medium", "high"]).nullable(),
    priorityLockedAt: isoDate.nullable(),
    seerFixabilityScore: z.null(),
    seerAutofixLastTriggered: z.null(),
    seerExplorerAutofixLastTriggered: z.null(),
    derivedData: derivedDataSchema,
    isUnhandled: z.boolean().optional().describe("absent with `collapse=unhandled`"),
    ...seenStatsShape,
    stats: z
      .record(z.string(), statsSeries)
      .optional()
      .describe("`{<groupStatsPeriod>: [[bucket, count], …]}`; absent with `collapse=stats`"),
    lifetime: z
      .object({
        count: z.string(),
        userCount: z.number(),
        firstSeen: isoDate.nullable(),
        lastSeen: isoDate.nullable(),
        stats: z.null(),
      })
      .optional(),
    filtered: filteredSchema
      .nullable()
      .optional()
      .describe(
        "the counts under the list's environments and window (null without either); `collapse=filtered`",
      ),
    inbox: z
      .object({
        reason: z.number(),
        reason_details: z.record(z.string(), z.unknown()).nullable(),
        date_added: isoDate.nullable(),
      })
      .nullable()
      .optional()
      .describe("with `expand=inbox`"),
    matchingEventId: z.string().optional().describe("on an event-id direct hit"),
  })
  .meta({ id: "Issue" });

/** An issue of the list with `collapse=base`: its id, and what `collapse` leaves of the stats. */
export const collapsedIssueSchema = z
  .object({
    id: z.string(),
    isUnhandled: z.boolean().optional(),
    ...seenStatsShape,
    stats: issueSchema.shape.stats,
    lifetime: issueSchema.shape.lifetime,
    filtered: issueSchema.shape.filtered,
    inbox: issueSchema.shape.inbox,
    matchingEventId: issueSchema.shape.matchingEventId,
  })
  .meta({ id: "CollapsedIssue" });

export const issueListSchema = z.array(z.union([issueSchema, collapsedIssueSchema]));

/** Sentry's ActivitySerializer. */
/** Sentry's UserSerializer, as far as Sift has users. */
export const userSchema = z
  .object({ id: z.string(), name: z.string(), username: z.string(), email: z.string(), avatarUrl: z.null() })
  .meta({ id: "ActivityUser" });

export const activitySchema = z
  .object({
    id: z.string(),
    user: userSchema.nullable().describe("the signed-in user who acted; null for a token or ingest"),
    sentry_app: z.null(),
    type: z.string().describe('e.g. "set_resolved"'),
    data: z.record(z.string(), z.unknown()),
    dateCreated: isoDate.nullable(),
  })
  .meta({ id: "Activity" });

export const activityListSchema = z.object({ activity: z.array(activitySchema) });

const releaseSummarySchema = z
  .object({
    version: z.string(),
    shortVersion: z.string(),
    dateCreated: isoDate.nullable(),
    dateReleased: isoDate.nullable(),
    firstEvent: isoDate.nullable(),
    lastEvent: isoDate.nullable(),
  })
  .nullable();

/** Issue details: the issue JSON with `24h` and `30d` stats, the activity and the releases. */
export const issueDetailsSchema = issueSchema
  .extend({
    stats: z.object({ "24h": statsSeries, "30d": statsSeries }),
    activity: z.array(activitySchema),
    firstRelease: releaseSummarySchema,
    lastRelease: releaseSummarySchema,
    seenBy: z.array(z.unknown()),
    participants: z.array(z.unknown()),
    pluginActions: z.array(z.unknown()),
    pluginIssues: z.array(z.unknown()),
    pluginContexts: z.array(z.unknown()),
    userReportCount: z.number(),
    tags: z.array(z.unknown()),
  })
  .meta({ id: "IssueDetails" });

/** A bulk update's answer: the validated body with the computed fields. */
export const issueUpdateResultSchema = z
  .object({
    status: z
      .string()
      .describe("the status sent; without one, the status of the first updated issue (by id)"),
    substatus: z.string().nullable().optional(),
    statusDetails: z.record(z.string(), z.unknown()).describe("as `status`"),
    ignoreDuration: z.number().optional(),
    ignoreCount: z.number().optional(),
    ignoreWindow: z.number().optional(),
    ignoreUserCount: z.number().optional(),
    ignoreUserWindow: z.number().optional(),
    snoozeDuration: z.number().nullable().optional(),
    assignedTo: actorSchema.nullable().optional(),
    assignedBy: z.string().optional(),
    integration: z.string().optional(),
    priority: z.enum(["low", "medium", "high"]).optional(),
    inbox: z.union([z.boolean(), z.null()]).optional(),
    hasSeen: z.boolean().optional(),
    isBookmarked: z.boolean().optional(),
    isPublic: z.boolean().describe("as sent; `false` when not sent"),
    isSubscribed: z.boolean().optional(),
    subscriptionDetails: z.object({ reason: z.string() }).optional(),
    merge: z
      .object({ parent: z.string(), children: z.array(z.string()) })
      .optional()
      .describe("a merge: the issue the others were merged into, and those (deleted)"),
    discard: z.boolean().optional(),
    activity: z.array(activitySchema).optional(),
  })
  .meta({ id: "IssueUpdateResult" });

/** Sentry's event types. */
export const eventTypeSchema = z.enum([
  "default",
  "error",
  "csp",
  "nel",
  "hpkp",
  "expectct",
  "expectstaple",
  "transaction",
  "generic",
  "feedback",
]);
const eventUserSchema = z
  .object({
    id: z.string().nullable(),
    email: z.string().nullable(),
    username: z.string().nullable(),
    ip_address: z.string().nullable(),
    name: z.string().nullable(),
    geo: z.record(z.string(), z.string()).nullable(),
    data: z.record(z.string(), z.unknown()).nullable(),
  })
  .nullable()
  .describe("Sentry's user interface; null when the event names no user");
const jsonObject = z.record(z.string(), z.unknown());

/** An issue event: an occurrence with its stored event, in Sentry's event JSON shape. */
export const issueEventSchema = z
  .object({
    id: z.string(),
    eventID: z.string(),
    groupID: z.string(),
    projectID: z.string(),
    title: z.string(),
    message: z.string(),
    culprit: z.string().nullable(),
    platform: z.string().describe("`other` when neither the event nor the issue names one"),
    type: eventTypeSchema,
    "event.type": eventTypeSchema,
    location: z.null(),
    dateCreated: isoDate.nullable().describe("the event's own timestamp"),
    dateReceived: isoDate.nullable(),
    tags: z.array(z.object({ key: z.string(), value: z.string() })),
    user: eventUserSchema,
    release: z.object({ version: z.string(), shortVersion: z.string() }).nullable(),
    environment: z.string().nullable(),
    dist: z.string().nullable(),
    contexts: jsonObject,
    context: jsonObject.describe("the event's `extra`"),
    packages: jsonObject.describe("the event's `modules`"),
    metadata: jsonObject,
    size: z.number().int().describe("bytes of the stored event body"),
    errors: z.array(z.object({ type: z.string(), message: z.string(), data: jsonObject })),
    sdk: z.object({ name: z.string().nullable(), version: z.string().nullable() }).nullable(),
    sdkUpdates: z.array(jsonObject).describe("always empty"),
    userReport: z.null().describe("Sift stores no user feedback"),
    crashFile: z.null(),
    resolvedWith: z.array(z.string()),
    _meta: jsonObject,
    entries: z
      .array(z.object({ type: z.string(), data: z.unknown() }))
      .describe("exception (with stack traces), threads, stacktrace, message, breadcrumbs, request"),
    occurrence: z.object({
      id: z.string(),
      projectId: z.number(),
      eventId: z.string(),
      fingerprint: z.array(z.string()),
      issueTitle: z.string(),
      subtitle: z.string(),
      resourceId: z.string().nullable(),
      evidenceData: jsonObject,
      evidenceDisplay: z.array(z.object({ name: z.string(), value: z.string(), important: z.boolean() })),
      type: z.number(),
      detectionTime: z.number().describe("unix seconds"),
      level: z.string().nullable(),
      culprit: z.string().nullable(),
      priority: z.number().nullable(),
      assignee: z.string().nullable(),
    }),
  })
  .meta({ id: "Event" });

/** An event of an issue's event routes: with its neighbours on the issue's timeline. */
export const issueEventDetailsSchema = issueEventSchema
  .extend({
    previousEventID: z
      .string()
      .nullable()
      .describe("the event just before (older), under the request's filters"),
    nextEventID: z.string().nullable().describe("the event just after (newer), under the request's filters"),
  })
  .meta({ id: "IssueEvent" });

export const issueEventListSchema = z.array(issueEventDetailsSchema);

export const shortIdLookupSchema = z.object({
  organizationSlug: z.string(),
  projectSlug: z.string(),
  groupId: z.string(),
  group: issueDetailsSchema,
  shortId: z.string(),
});

/** An empty answer (204, 202). */
export const noContent = (description: string) => z.undefined().describe(description);

export type ActorJson = z.output<typeof actorSchema>;
export type UserJson = z.output<typeof userSchema>;
export type CommitJson = z.output<typeof commitSchema>;
export type StatusDetailsJson = z.output<typeof statusDetailsSchema>;
export type IssueJson = z.output<typeof issueSchema>;
export type CollapsedIssueJson = z.output<typeof collapsedIssueSchema>;
export type IssueDetailsJson = z.output<typeof issueDetailsSchema>;
export type ReleaseSummaryJson = z.output<typeof releaseSummarySchema>;
export type ActivityJson = z.output<typeof activitySchema>;
export type IssueEventJson = z.output<typeof issueEventSchema>;
export type FilteredJson = z.output<typeof filteredSchema>;
export type IssueEventDetailsJson = z.output<typeof issueEventDetailsSchema>;
