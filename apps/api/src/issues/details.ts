import { parseQualifiedShortId } from "@sift/schemas";
import {
  findIssueByShortId,
  getIssue,
  getIssueFirstLastRelease,
  getIssueHourlyCounts,
  listIssueActivities,
} from "@sift/storage";
import type { Db, IssueRecord, IssueReleaseSummary, Organization } from "@sift/storage";
import { notFound } from "../http/errors.js";
import { iso } from "../serializers/common.js";
import { serializeActivity } from "../serializers/event.js";
import { activityUsers } from "./activity-users.js";
import { serializeIssue } from "../serializers/issue.js";
import type { IssueDetailsJson, ReleaseSummaryJson } from "../serializers/schemas.js";
import { loadSerializeContext } from "./serialize.js";
import type { SerializeDeps } from "./serialize.js";
import { buildSeries, dailyStatsSpec, statsSpecFor } from "./stats.js";

/**
 * The issue a path's `{issue_id}` names in the organization: a numeric id, or (as Sentry accepts) a
 * qualified short id. Another organization's issue, a deleted one or none at all: 404 alike.
 */
export async function findIssueForPath(
  db: Db,
  organization: Organization,
  issueId: string,
): Promise<IssueRecord> {
  if (/^\d{1,15}$/.test(issueId)) {
    const issue = await getIssue(db, organization.id, Number(issueId));
    if (issue) return issue;
    throw notFound();
  }
  const parsed = parseQualifiedShortId(issueId);
  if (parsed) {
    const issue = await findIssueByShortId(db, organization.id, parsed.projectSlug, parsed.shortId);
    if (issue) return issue;
  }
  throw notFound();
}

function releaseSummary(r: IssueReleaseSummary | null): ReleaseSummaryJson {
  return r
    ? {
        version: r.version,
        shortVersion: r.version,
        dateCreated: iso(r.dateAdded),
        dateReleased: iso(r.dateReleased),
        firstEvent: iso(r.firstSeen),
        lastEvent: iso(r.lastSeen),
      }
    : null;
}

/** Sentry's issue details: the issue JSON with `24h` and `30d` stats, activity and releases. */
export async function issueDetails(
  deps: SerializeDeps,
  organization: Organization,
  issue: IssueRecord,
  baseUrl: string,
  userId: number | null = null,
  /** The request's environments: `filtered` counts the issue's events in them. */
  environments: readonly string[] = [],
): Promise<IssueDetailsJson> {
  const now = deps.clock.now();
  const ctx = await loadSerializeContext(deps, organization, [issue], {
    statsPeriod: null,
    window: { start: now, end: now },
    baseUrl,
    expand: new Set(["inbox"]),
    userId,
    filtered: environments.length > 0 ? { environments, window: null } : null,
  });
  const hourly = statsSpecFor("24h", now, { start: now, end: now });
  const daily = dailyStatsSpec("30d", 30, now);
  const [counts, activities, releases] = await Promise.all([
    getIssueHourlyCounts(deps.db, [issue.id], daily.from, hourly.to),
    listIssueActivities(deps.db, issue.id, 100),
    getIssueFirstLastRelease(deps.db, issue.id),
  ]);
  const users = await activityUsers(deps.db, activities);
  return {
    ...serializeIssue(issue, ctx),
    stats: {
      "24h": buildSeries(hourly, [issue.id], counts).get(issue.id) ?? [],
      "30d": buildSeries(daily, [issue.id], counts).get(issue.id) ?? [],
    },
    activity: activities.map((a) => serializeActivity(a, users)),
    firstRelease: releaseSummary(releases.first),
    lastRelease: releaseSummary(releases.last),
    seenBy: [],
    participants: [],
    pluginActions: [],
    pluginIssues: [],
    pluginContexts: [],
    userReportCount: 0,
    tags: [],
  };
}
