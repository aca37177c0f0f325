import {
  CATEGORY_NAMES,
  GroupStatus,
  GroupSubStatus,
  ResolutionType,
  levelToString,
  priorityToString,
  statusToString,
  substatusToString,
  qualifiedShortId,
} from "@sift/schemas";
import type { GroupTypeRegistry } from "@sift/schemas";
import type {
  InboxEntry,
  IssueRecord,
  IssueUserState,
  Organization,
  Project,
  StatusContext,
  Team,
  User,
} from "@sift/storage";
import { iso, serializeCommit, teamActor, userActor } from "./common.js";
import type { ActorJson } from "./common.js";
import type { CollapsedIssueJson, FilteredJson, IssueJson, StatusDetailsJson } from "./schemas.js";

/** An issue as the list, the details and the short-id lookup have it (fields a serializer reads). */
export type SerializableIssue = Pick<
  IssueRecord,
  | "id"
  | "projectId"
  | "shortId"
  | "type"
  | "status"
  | "substatus"
  | "priority"
  | "priorityLockedAt"
  | "level"
  | "culprit"
  | "platform"
  | "title"
  | "data"
  | "timesSeen"
  | "userCount"
  | "firstSeen"
  | "lastSeen"
  | "assigneeUserId"
  | "assigneeTeamId"
  | "activeAt"
>;

/** Everything serialising a set of issues needs, loaded once for the whole set. */
export interface IssueSerializeContext {
  organization: Organization;
  projects: ReadonlyMap<number, Project>;
  users: ReadonlyMap<number, User>;
  teams: ReadonlyMap<number, Team>;
  status: StatusContext;
  /** Present when `expand=inbox`. */
  inbox: ReadonlyMap<number, InboxEntry> | null;
  /** The signed-in user's bookmarks, seen times and subscriptions; null for a token. */
  viewer: ReadonlyMap<number, IssueUserState> | null;
  /** Present unless stats are disabled or collapsed. */
  stats: { key: string; series: ReadonlyMap<number, [number, number][]> } | null;
  /** Present when the request filters by environment or window (and `filtered` is not collapsed). */
  filtered?: ReadonlyMap<number, FilteredJson> | null;
  collapse: ReadonlySet<string>;
  /** Origin of permalinks, without a trailing slash. */
  baseUrl: string;
  types: GroupTypeRegistry;
  now: Date;
}

export function assigneeOf(
  issue: SerializableIssue,
  ctx: Pick<IssueSerializeContext, "users" | "teams">,
): ActorJson | null {
  if (issue.assigneeUserId !== null) {
    const user = ctx.users.get(issue.assigneeUserId);
    return user ? userActor(user) : null;
  }
  if (issue.assigneeTeamId !== null) {
    const team = ctx.teams.get(issue.assigneeTeamId);
    return team ? teamActor(team) : null;
  }
  return null;
}

/** Copies the fields of `values` that are set (Sentry's document has no nulls in `statusDetails`). */
export function setDefined<T extends object>(target: T, values: { [K in keyof T]?: T[K] | null }): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}

/**
 * The serialized status and `statusDetails` (Sentry's GroupSerializer `_get_status`); conditions that
 * are not set are left out, and so is `actor` (Sift records none).
 */
export function statusOf(
  issue: SerializableIssue,
  ctx: Pick<IssueSerializeContext, "status" | "now">,
): { status: IssueJson["status"]; statusDetails: StatusDetailsJson } {
  let status = issue.status;
  const details: StatusDetailsJson = {};
  if (status === GroupStatus.IGNORED) {
    const snooze = ctx.status.snoozes.get(issue.id);
    if (snooze?.until && snooze.until.getTime() <= ctx.now.getTime()) {
      // An expired "ignore until" shows as unresolved, as in the reference.
      status = GroupStatus.UNRESOLVED;
    } else if (snooze) {
      const seenAtSnooze = Number(snooze.state?.times_seen ?? NaN);
      const usersAtSnooze = Number(snooze.state?.users_seen ?? NaN);
      setDefined(details, {
        ignoreCount:
          snooze.count && !snooze.window && Number.isFinite(seenAtSnooze)
            ? snooze.count - (issue.timesSeen - seenAtSnooze)
            : snooze.count,
        ignoreUntil: iso(snooze.until),
        ignoreUserCount:
          snooze.userCount && !snooze.userWindow && Number.isFinite(usersAtSnooze)
            ? snooze.userCount - (issue.userCount - usersAtSnooze)
            : snooze.userCount,
        ignoreUserWindow: snooze.userWindow,
        ignoreWindow: snooze.window,
      });
    } else if (issue.substatus === GroupSubStatus.UNTIL_ESCALATING) {
      details.ignoreUntilEscalating = true;
    }
  }
  if (status === GroupStatus.RESOLVED) {
    const resolution = ctx.status.resolutions.get(issue.id);
    const commit = ctx.status.commits.get(issue.id);
    if (resolution) {
      if (resolution.type === ResolutionType.IN_RELEASE)
        setDefined(details, { inRelease: resolution.releaseVersion });
      else if (resolution.type === ResolutionType.IN_UPCOMING_RELEASE) details.inUpcomingRelease = true;
      else details.inNextRelease = true;
    } else if (commit) {
      details.inCommit = serializeCommit(commit);
    }
  }
  return { status: statusToString(status) as IssueJson["status"], statusDetails: details };
}

/** Sentry's GroupSubscriptionReason names (SUBSCRIPTION_REASON_MAP). */
const SUBSCRIPTION_REASONS: Readonly<Record<number, string>> = {
  1: "commented",
  2: "assigned",
  3: "bookmarked",
  4: "changed_status",
};

/**
 * The user's own fields: bookmarked, subscribed (and why), and `hasSeen` — seen since the issue last
 * became active (a regression makes it unseen again), as Sentry's GroupSeen. All false for a token.
 */
function viewerFields(
  issue: SerializableIssue,
  state: IssueUserState | undefined,
): Pick<IssueJson, "isBookmarked" | "isSubscribed" | "subscriptionDetails" | "hasSeen"> {
  const subscribed = state?.subscription?.active === true;
  const activeAt = (issue.activeAt ?? issue.firstSeen).getTime();
  return {
    isBookmarked: state?.bookmarked ?? false,
    isSubscribed: subscribed,
    subscriptionDetails: subscribed
      ? { reason: SUBSCRIPTION_REASONS[state!.subscription!.reason] ?? "unknown" }
      : null,
    hasSeen: state?.lastSeen ? state.lastSeen.getTime() > activeAt : false,
  };
}

/** Sentry's Seer fields of an issue: Sift has no Seer. */
const NO_SEER = {
  seerFixabilityScore: null,
  seerAutofixLastTriggered: null,
  seerExplorerAutofixLastTriggered: null,
} as const;

/** Sentry's issue JSON. */
export function serializeIssue(issue: SerializableIssue, ctx: IssueSerializeContext): IssueJson {
  const project = ctx.projects.get(issue.projectId);
  const projectSlug = project?.slug ?? String(issue.projectId);
  const type = ctx.types.find(issue.type);
  const data = issue.data ?? {};
  const metadata = (data.metadata && typeof data.metadata === "object" ? data.metadata : {}) as Record<
    string,
    unknown
  >;
  const { status, statusDetails } = statusOf(issue, ctx);
  const json: IssueJson = {
    id: String(issue.id),
    shareId: null,
    shortId: qualifiedShortId(projectSlug, issue.shortId),
    title: issue.title,
    culprit: issue.culprit,
    permalink: `${ctx.baseUrl}/organizations/${ctx.organization.slug}/issues/${issue.id}/`,
    logger: null,
    level: levelToString(issue.level) ?? "unknown",
    status,
    statusDetails,
    substatus: substatusToString(issue.substatus),
    isPublic: false,
    platform: issue.platform ?? project?.platform ?? null,
    project: {
      id: String(issue.projectId),
      name: project?.name ?? projectSlug,
      slug: projectSlug,
      platform: project?.platform ?? null,
    },
    type: typeof data.type === "string" ? data.type : "default",
    metadata,
    numComments: 0,
    assignedTo: assigneeOf(issue, ctx),
    ...viewerFields(issue, ctx.viewer?.get(issue.id)),
    annotations: [],
    issueType: type?.slug ?? "unknown",
    issueCategory: type ? (CATEGORY_NAMES[type.category] ?? "unknown") : "unknown",
    priority: priorityToString(issue.priority),
    priorityLockedAt: iso(issue.priorityLockedAt),
    ...NO_SEER,
    derivedData: {
      blocker: "none",
      progress: "not_started",
      status: status === "resolved" ? "resolved" : status === "ignored" ? "ignored" : "open",
      viewCount: 0,
      hasOpenFixPr: false,
      isAssigned: issue.assigneeUserId !== null || issue.assigneeTeamId !== null,
      hasRootCause: false,
      lastCompletedAutofixStep: "none",
      lastProgressedAt: null,
    },
    ...collapsibleFields(issue, ctx),
  };
  return Object.assign(json, streamFields(issue, ctx));
}

/** `isUnhandled` (absent with `collapse=unhandled`) and the seen stats (absent with `collapse=stats`). */
function collapsibleFields(
  issue: SerializableIssue,
  ctx: Pick<IssueSerializeContext, "collapse">,
): Pick<IssueJson, "isUnhandled" | "count" | "userCount" | "firstSeen" | "lastSeen"> {
  return {
    ...(ctx.collapse.has("unhandled") ? {} : { isUnhandled: false }),
    ...(ctx.collapse.has("stats")
      ? {}
      : {
          count: String(issue.timesSeen),
          userCount: issue.userCount,
          firstSeen: iso(issue.firstSeen),
          lastSeen: iso(issue.lastSeen),
        }),
  };
}

/** The list's `stats`, `lifetime` and `filtered` (none with `collapse=stats`) and the `expand=inbox` entry. */
function streamFields(
  issue: SerializableIssue,
  ctx: IssueSerializeContext,
): Pick<IssueJson, "stats" | "lifetime" | "filtered" | "inbox"> {
  const json: Pick<IssueJson, "stats" | "lifetime" | "filtered" | "inbox"> = {};
  if (!ctx.collapse.has("stats")) {
    if (ctx.stats) json.stats = { [ctx.stats.key]: ctx.stats.series.get(issue.id) ?? [] };
    if (!ctx.collapse.has("lifetime")) {
      json.lifetime = {
        count: String(issue.timesSeen),
        userCount: issue.userCount,
        firstSeen: iso(issue.firstSeen),
        lastSeen: iso(issue.lastSeen),
        stats: null,
      };
    }
    if (!ctx.collapse.has("filtered")) json.filtered = ctx.filtered?.get(issue.id) ?? null;
  }
  if (ctx.inbox) {
    const entry = ctx.inbox.get(issue.id);
    json.inbox = entry
      ? { reason: entry.reason, reason_details: entry.reasonDetails, date_added: iso(entry.dateAdded) }
      : null;
  }
  return json;
}

/** An issue of the list: Sentry's issue JSON, or with `collapse=base` its id and the stats `collapse` leaves. */
export function serializeListIssue(
  issue: SerializableIssue,
  ctx: IssueSerializeContext,
): IssueJson | CollapsedIssueJson {
  if (!ctx.collapse.has("base")) return serializeIssue(issue, ctx);
  return { id: String(issue.id), ...collapsibleFields(issue, ctx), ...streamFields(issue, ctx) };
}
