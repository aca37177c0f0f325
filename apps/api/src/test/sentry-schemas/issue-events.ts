import { z } from "zod";
import { dateTime, eventType } from "./common.js";

/**
 * Sentry's issue-event responses, written field by field after the operations
 * `listOrganizationIssueEvents` and `getOrganizationIssueEvent` of Sentry's published OpenAPI document
 * (getsentry/sentry-api-schema 0.272.0): the required fields required, the types and nullability as
 * there, other fields allowed (the document does not close its objects).
 */

const anyObject = z.record(z.string(), z.unknown());

const user = z
  .object({
    id: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    username: z.string().nullable().optional(),
    ip_address: z.string().nullable().optional(),
    name: z.string().nullable().optional(),
    geo: z.record(z.string(), z.string()).nullable().optional(),
    data: anyObject.nullable().optional(),
  })
  .nullable();

const tags = z.array(z.object({ query: z.string().optional(), key: z.string(), value: z.string() }));

/** One item of `GET …/issues/{issue_id}/events/`. */
export const sentryIssueEventListItem = z.object({
  id: z.string(),
  "event.type": z.string(),
  groupID: z.string().nullable(),
  eventID: z.string(),
  projectID: z.string(),
  message: z.string(),
  title: z.string(),
  location: z.string().nullable(),
  culprit: z.string().nullable(),
  user,
  tags,
  platform: z.string().nullable(),
  dateCreated: dateTime,
  crashFile: z.string().nullable(),
  metadata: anyObject,
});

export const sentryIssueEventList = z.array(sentryIssueEventListItem);

const occurrence = z
  .object({
    id: z.string(),
    projectId: z.number().int(),
    eventId: z.string(),
    fingerprint: z.array(z.string()),
    issueTitle: z.string(),
    subtitle: z.string(),
    resourceId: z.string().nullable(),
    evidenceData: anyObject,
    evidenceDisplay: z.array(z.object({ name: z.string(), value: z.string(), important: z.boolean() })),
    type: z.number().int(),
    detectionTime: z.number(),
    level: z.string().nullable(),
    culprit: z.string().nullable(),
    assignee: z.string().nullable(),
    priority: z.number().int().nullable(),
  })
  .nullable();

const release = z
  .object({
    id: z.number().int().optional(),
    commitCount: z.number().int().optional(),
    data: anyObject.optional(),
    dateCreated: dateTime.optional(),
    dateReleased: dateTime.nullable().optional(),
    deployCount: z.number().int().optional(),
    ref: z.string().nullable().optional(),
    lastCommit: anyObject.nullable().optional(),
    lastDeploy: z
      .object({
        dateStarted: z.string().nullable().optional(),
        url: z.string().nullable().optional(),
        id: z.string(),
        environment: z.string(),
        dateFinished: z.string(),
        name: z.string(),
      })
      .nullable()
      .optional(),
    status: z.string().optional(),
    url: z.string().nullable().optional(),
    userAgent: z.string().nullable().optional(),
    version: z.string().nullable().optional(),
    versionInfo: z
      .object({
        description: z.string().optional(),
        package: z.string().nullable(),
        version: anyObject,
        buildHash: z.string().nullable(),
      })
      .nullable()
      .optional(),
  })
  .nullable();

/** The event fields of an issue's event, shared by the event routes and a hash's `latestEvent`. */
export const sentryEventBase = z.object({
  id: z.string(),
  groupID: z.string().nullable(),
  eventID: z.string(),
  projectID: z.string(),
  message: z.string().nullable(),
  title: z.string(),
  location: z.string().nullable(),
  user,
  tags,
  platform: z.string(),
  dateReceived: dateTime.nullable(),
  contexts: anyObject.nullable(),
  size: z.number().int().nullable(),
  entries: z.array(z.unknown()),
  dist: z.string().nullable(),
  sdk: z.object({ name: z.string().nullable(), version: z.string().nullable() }).nullable(),
  context: anyObject.nullable(),
  packages: anyObject,
  type: eventType,
  metadata: anyObject,
  errors: z.array(z.object({ type: z.string(), message: z.string(), data: anyObject })),
  occurrence,
  _meta: anyObject,
  crashFile: z.string().nullable().optional(),
  culprit: z.string().nullable().optional(),
  dateCreated: dateTime.optional(),
  fingerprints: z.array(z.string()).optional(),
  groupingConfig: z.object({ id: z.string(), enhancements: z.string() }).optional(),
});

/** `GET …/issues/{issue_id}/events/{event_id}/` (`latest`, `oldest`, `recommended` or an id). */
export const sentryIssueEvent = sentryEventBase.extend({
  nextEventID: z.string().nullable(),
  previousEventID: z.string().nullable(),
  release,
  resolvedWith: z.array(z.string()),
  sdkUpdates: z.array(anyObject),
  userReport: z
    .object({
      id: z.string(),
      eventID: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      comments: z.string(),
      dateCreated: z.string(),
      user: z
        .object({
          id: z.string(),
          username: z.string().nullable(),
          email: z.string().nullable(),
          name: z.string().nullable(),
          ipAddress: z.string().nullable(),
          avatarUrl: z.string().nullable(),
        })
        .nullable(),
      event: z.object({ id: z.string(), eventID: z.string() }),
    })
    .nullable(),
});
