import { eventTags, parseTimestamp, readStoredOccurrence } from "@sift/schemas";
import type { ActivityRecord, IssueOccurrence, IssueRecord, User } from "@sift/storage";
import { ACTIVITY_TYPE_NAMES } from "@sift/schemas";
import { iso, serializeUser } from "./common.js";
import { eventDocumentFields, isObject } from "./event-document.js";
import { eventEntries } from "./event-entries.js";
import type { ActivityJson, IssueEventJson } from "./schemas.js";

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** The occurrence part of an event, camel-cased as Sentry's event serializer does. */
function serializeOccurrence(o: IssueOccurrence): IssueEventJson["occurrence"] {
  const p = o.payload;
  const { level, culprit, priority, assignee } = readStoredOccurrence(p);
  return {
    id: o.id,
    projectId: o.projectId,
    eventId: o.eventId,
    fingerprint: o.fingerprint,
    issueTitle: str(p.issue_title) ?? "",
    subtitle: str(p.subtitle) ?? "",
    resourceId: str(p.resource_id),
    evidenceData: isObject(p.evidence_data) ? p.evidence_data : {},
    evidenceDisplay: Array.isArray(p.evidence_display)
      ? (p.evidence_display as IssueEventJson["occurrence"]["evidenceDisplay"])
      : [],
    type: o.type,
    detectionTime: o.detectionTime.getTime() / 1000,
    level,
    culprit,
    priority,
    assignee,
  };
}

/** An issue event (an occurrence with its stored event) in Sentry's event JSON shape. */
export function serializeEvent(
  o: IssueOccurrence,
  issue: Pick<IssueRecord, "title" | "platform">,
): IssueEventJson {
  const data = o.event?.data ?? {};
  const { culprit } = readStoredOccurrence(o.payload);
  const received = parseTimestamp(data.received) ?? o.event?.receivedAt ?? o.receivedAt;
  const release = str(data.release);
  return {
    id: o.eventId,
    eventID: o.eventId,
    groupID: String(o.issueId),
    projectID: String(o.projectId),
    title: str(o.payload.issue_title) ?? issue.title,
    // Issue-platform events carry no message of their own: Sentry shows their search text.
    message:
      str(data.message) ??
      [o.payload.issue_title, o.payload.subtitle, culprit]
        .filter((p) => typeof p === "string" && p !== "")
        .join(" "),
    culprit,
    // Sentry's default platform when neither the event nor the issue names one.
    platform: str(data.platform) ?? issue.platform ?? "other",
    location: null,
    dateCreated: iso(o.event?.timestamp ?? o.eventTime ?? o.detectionTime),
    dateReceived: iso(received),
    tags: eventTags(data),
    release: release ? { version: release, shortVersion: release } : null,
    environment: str(data.environment),
    dist: str(data.dist),
    contexts: isObject(data.contexts) ? data.contexts : {},
    entries: eventEntries(data),
    occurrence: serializeOccurrence(o),
    ...eventDocumentFields(data),
  };
}

const NO_USERS: ReadonlyMap<number, User> = new Map();

/** Sentry's ActivitySerializer; `user` is the signed-in user who acted (null for a token or ingest). */
export function serializeActivity(
  a: Pick<ActivityRecord, "id" | "type" | "data" | "datetime"> & { userId?: number | null },
  users: ReadonlyMap<number, User> = NO_USERS,
): ActivityJson {
  const user = a.userId == null ? undefined : users.get(a.userId);
  return {
    id: String(a.id),
    user: user ? serializeUser(user) : null,
    sentry_app: null,
    type: ACTIVITY_TYPE_NAMES[a.type] ?? String(a.type),
    data: a.data,
    dateCreated: iso(a.datetime),
  };
}
