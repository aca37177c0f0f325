import {
  CATEGORY_NAMES,
  levelToString,
  priorityToString,
  qualifiedShortId,
  statusToString,
  substatusToString,
} from "@sift/schemas";
import type { IssueRecord, Organization, Project, Team, User } from "@sift/storage";

/** What the payloads of one issue are built from. */
export interface IssueContext {
  issue: IssueRecord;
  project: Project;
  organization: Organization;
  assignee: { type: "user"; user: User } | { type: "team"; team: Team } | null;
  /** The issue's latest event (`data` as stored), or null. */
  event: { eventId: string; data: Record<string, unknown> } | null;
  /** Base URL of the web UI and the API. */
  baseUrl: string;
}

export interface Actor {
  type: "user" | "application";
  id: string;
  name: string;
}

export const SYSTEM_ACTOR: Actor = { type: "application", id: "sentry", name: "Sentry" };

export function issueWebUrl(ctx: IssueContext): string {
  return `${ctx.baseUrl}/organizations/${ctx.organization.slug}/issues/${ctx.issue.id}/`;
}

function assignedTo(ctx: IssueContext): Record<string, unknown> | null {
  if (!ctx.assignee) return null;
  if (ctx.assignee.type === "team")
    return { type: "team", id: String(ctx.assignee.team.id), name: ctx.assignee.team.slug };
  const u = ctx.assignee.user;
  return { type: "user", id: String(u.id), name: u.name || u.email, email: u.email };
}

/** The issue as the Issues API serialises it, with `url`, `web_url` and `project_url` (Sentry's webhook). */
export function issueJson(ctx: IssueContext): Record<string, unknown> {
  const { issue, project, organization, baseUrl } = ctx;
  const web = issueWebUrl(ctx);
  return {
    id: String(issue.id),
    shortId: qualifiedShortId(project.slug, issue.shortId),
    title: issue.title,
    culprit: issue.culprit,
    permalink: web,
    level: levelToString(issue.level) ?? "error",
    status: statusToString(issue.status),
    substatus: substatusToString(issue.substatus),
    statusDetails: {},
    priority: priorityToString(issue.priority),
    isPublic: false,
    platform: issue.platform ?? project.platform ?? "other",
    project: { id: String(project.id), name: project.name, slug: project.slug, platform: project.platform },
    type: "default",
    issueType: String(issue.type),
    issueCategory: CATEGORY_NAMES[Math.floor(issue.type / 1000)] ?? "error",
    metadata: (issue.data.metadata as Record<string, unknown> | undefined) ?? { title: issue.title },
    numComments: 0,
    assignedTo: assignedTo(ctx),
    isBookmarked: false,
    isSubscribed: false,
    subscriptionDetails: null,
    hasSeen: false,
    annotations: [],
    count: String(issue.timesSeen),
    userCount: issue.userCount,
    firstSeen: issue.firstSeen.toISOString(),
    lastSeen: issue.lastSeen.toISOString(),
    url: `${baseUrl}/api/0/organizations/${organization.slug}/issues/${issue.id}/`,
    web_url: web,
    project_url: `${baseUrl}/organizations/${organization.slug}/issues/?project=${project.id}`,
  };
}

/**
 * The event of an `event_alert` without the event's own data: the links Sentry adds, which win over
 * the data's keys of the same name when `sentBody` spreads the data in.
 */
export function eventJson(ctx: IssueContext): Record<string, unknown> {
  const { issue, project, organization, baseUrl } = ctx;
  const eventId = ctx.event?.eventId ?? "";
  return {
    event_id: eventId,
    project: project.id,
    issue_id: String(issue.id),
    title: issue.title,
    culprit: issue.culprit,
    url: `${baseUrl}/api/0/projects/${organization.slug}/${project.slug}/events/${eventId}/`,
    web_url: `${issueWebUrl(ctx)}events/${eventId}/`,
    issue_url: `${baseUrl}/api/0/organizations/${organization.slug}/issues/${issue.id}/`,
  };
}

/** An integration's `issue` webhook body. */
export function issueWebhookBody(
  ctx: IssueContext,
  action: string,
  installationUuid: string,
  actor: Actor,
): Record<string, unknown> {
  return { action, installation: { uuid: installationUuid }, data: { issue: issueJson(ctx) }, actor };
}

/** An integration's `event_alert.triggered` body (a rule's "send to integration" action). */
export function eventAlertBody(
  ctx: IssueContext,
  ruleName: string,
  installationUuid: string,
  settings: unknown,
): Record<string, unknown> {
  const data: Record<string, unknown> = { event: eventJson(ctx), triggered_rule: ruleName };
  if (Array.isArray(settings)) data.issue_alert = { title: ruleName, settings };
  return { action: "triggered", installation: { uuid: installationUuid }, data, actor: SYSTEM_ACTOR };
}

/** The legacy WebHooks plugin's body, naming the rules that fired together; `event` without its data. */
export function legacyWebhookBody(ctx: IssueContext, ruleNames: readonly string[]): Record<string, unknown> {
  const { issue, project } = ctx;
  const data = ctx.event?.data ?? {};
  return {
    id: String(issue.id),
    project: project.slug,
    project_name: project.name,
    project_slug: project.slug,
    logger: (data.logger as string | undefined) ?? null,
    level: levelToString(issue.level) ?? "error",
    culprit: issue.culprit,
    message: (data.message as string | undefined) ?? issue.title,
    url: `${issueWebUrl(ctx)}?referrer=webhooks_plugin`,
    triggering_rules: [...ruleNames],
    event: { event_id: ctx.event?.eventId ?? null, id: ctx.event?.eventId ?? null },
  };
}

/**
 * A body as it is sent: the stored one with its event's data spread into the event it carries (an
 * integration's `event_alert` at `data.event`, the legacy webhook at `event`), under the keys the body
 * set. Events do not change, so this is the body as it was when the alert was decided.
 */
export function sentBody(
  d: { action: string; resource: string; payload: Record<string, unknown> },
  eventData: Record<string, unknown> | null,
): Record<string, unknown> {
  if (!eventData || !carriesEvent(d.action, d.resource)) return d.payload;
  if (d.action === "webhooks")
    return { ...d.payload, event: { ...eventData, ...(d.payload.event as object) } };
  const data = d.payload.data as Record<string, unknown>;
  return { ...d.payload, data: { ...data, event: { ...eventData, ...(data.event as object) } } };
}

/** Whether a delivery's body carries its event (and so names it, to be read when it is sent). */
export const carriesEvent = (action: string, resource: string): boolean =>
  action === "webhooks" || (action === "sentry_app" && resource === "event_alert");
