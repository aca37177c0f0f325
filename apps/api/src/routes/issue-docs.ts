import { issueUpdateResultSchema, noContent } from "../serializers/schemas.js";

// What the OpenAPI document says about each kind of issue route (routes/issues.ts registers them).
export const LIST_DOC = {
  tags: ["Issues"],
  summary: "List and search issues",
  description:
    "Sentry's issue index. `query` defaults to `is:unresolved issue.priority:[high, medium]` " +
    "when absent (`query=` means no filter); Sift's search also accepts `AND`, `OR` and parentheses. " +
    "`sort`: `date` (default), `new`, `freq`, `user`, `trends`, `inbox`, `recommended` (log2(1 + events) + " +
    "log2(1 + users) + last seen in seconds / 43,200: frequency and users decayed with a 12-hour half-life). " +
    "`limit` ≤ 100. Windows: `statsPeriod`, " +
    "`start` + `end` (default 90 days). `groupStatsPeriod`: `24h` (default), `14d`, `auto`, `` (none). " +
    "An event id or a short id as the query answers that issue with `X-Sentry-Direct-Hit: 1`. " +
    "Repeatable parameters (`project`, `environment`, `group`, `expand`, `collapse`, `id`) may repeat.",
};
export const LIST_HEADERS = {
  200: {
    Link: 'pagination: `<url>; rel="previous"; results="true|false"; cursor="…", <url>; rel="next"; …`',
    "X-Hits": "number of matching issues (capped at X-Max-Hits)",
    "X-Max-Hits": "the cap of X-Hits (1000)",
    "X-Sentry-Direct-Hit": "`1` when the query was an event id or a short id",
  },
};
export const BULK_UPDATE_DOC = {
  tags: ["Issues"],
  summary: "Update issues in bulk",
  description:
    "The issues named by `id` (repeatable), or else those matching the search (`query`, " +
    "the default query when absent), at most 1,000. Resolve (also in a release, the next release or a " +
    "commit), ignore (with conditions), unresolve, priority, assignee, inbox, merge (`merge: 1`, two or " +
    "more issues of one project: answers `{merge: {parent, children}}`). Answers the validated body " +
    "with the computed fields; 204 when nothing matched.",
};
export const BULK_UPDATE_RESPONSES = {
  200: issueUpdateResultSchema.describe("the validated body with the computed fields"),
  204: noContent("no issue matched"),
};
export const BULK_DELETE_DOC = {
  tags: ["Issues"],
  summary: "Delete issues in bulk",
  description:
    "Any issue type: the issues named by `id`, or else those matching the search (at most " +
    "1,000). Their fingerprints are released, so the next occurrence creates a fresh issue.",
};
export const DETAILS_DOC = {
  tags: ["Issues"],
  summary: "Get an issue",
  description: "The issue JSON with `24h` and `30d` stats, its activity, first and last release.",
};
export const UPDATE_DOC = {
  tags: ["Issues"],
  summary: "Update an issue",
  description: "As the bulk update, for one issue; answers with the whole updated issue (as Sentry).",
};
export const DELETE_DOC = {
  tags: ["Issues"],
  summary: "Delete an issue",
  description: "Any issue type; answers 202 (Sentry: the deletion is scheduled).",
};
export const EVENTS_DOC = {
  tags: ["Events"],
  summary: "List an issue's events",
  description:
    "Its occurrences with their events, ordered by each event's own timestamp (then event id), newest " +
    "first (`sort=timestamp`: oldest first); `per_page` ≤ 100, `cursor`. `query` searches the events: " +
    "`environment:`, `release:`, `level:`, the event fields (`user.email:`, `user.id:`, `sdk.name:` …), " +
    "any other key as a tag, free text on the message and title; `environment` (repeatable, unknown: " +
    "404); `statsPeriod` or `start` + `end` window the events by their timestamps. Each event names its " +
    "neighbours under the same filters (`previousEventID` older, `nextEventID` newer).",
};
export const EVENT_DOC = {
  tags: ["Events"],
  summary: "Get one event of an issue",
  description:
    "`latest`, `oldest` (by the event's own timestamp, then event id), `recommended` (the latest: Sift " +
    "keeps no replays or profiles to prefer one by) or an event id; `environment` (repeatable, unknown: " +
    "404) selects among that environment's events and their neighbours (`previousEventID`, `nextEventID`).",
};
export const ACTIVITIES_DOC = {
  tags: ["Events"],
  summary: "An issue's activity log",
};
