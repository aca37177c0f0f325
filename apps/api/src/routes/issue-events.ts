import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  SearchError,
  compileIssueEventFilter,
  parseEventSort,
  parseSearchQuery,
  resolveDateWindow,
} from "@sift/search";
import type { DateWindowParams } from "@sift/search";
import { canonicalUuid } from "@sift/schemas";
import { findAdjacentEvents, listIssueOccurrences } from "@sift/storage";
import type { IssueOccurrence, IssueRecord, OccurrenceFilter } from "@sift/storage";
import { requestUrlOf, zodRoutes } from "../context.js";
import type { ApiContext } from "../context.js";
import { badRequest, notFound } from "../http/errors.js";
import {
  OFFSET_PAGE_HEADERS,
  offsetLinkHeader,
  offsetPage,
  offsetPageParams,
  pageWindow,
} from "../http/offset-page.js";
import { repeatedParam, singleParam } from "../http/params.js";
import { resolveEnvironments } from "../issues/scope.js";
import { serializeEvent } from "../serializers/event.js";
import { issueEventDetailsSchema, issueEventListSchema } from "../serializers/schemas.js";
import type { IssueEventDetailsJson } from "../serializers/schemas.js";
import { EVENTS_DOC, EVENT_DOC } from "./issue-docs.js";
import { ISSUE_PREFIXES, issueOfPath } from "./issue-paths.js";

const WINDOW_PARAMS = [
  "statsPeriod",
  "statsPeriodStart",
  "statsPeriodEnd",
  "timeframe",
  "timeframeStart",
  "timeframeEnd",
  "start",
  "end",
] as const satisfies readonly (keyof DateWindowParams)[];

const environment = repeatedParam.describe("environment name (repeatable); an unknown one is a 404");
const eventsQuery = z.looseObject({
  ...offsetPageParams,
  limit: singleParam,
  full: singleParam,
  environment,
  query: singleParam.describe(
    "event search: `environment:`, `release:`, `level:`, `user.email:` (and the other event fields), " +
      "any other key as a tag, free text on the message and title",
  ),
  sort: singleParam.describe("`-timestamp` (default, newest first) or `timestamp` (oldest first)"),
  ...Object.fromEntries(WINDOW_PARAMS.map((p) => [p, singleParam])),
  statsPeriod: singleParam.describe("only events of the last `24h`, `14d` … (by their own timestamp)"),
  start: singleParam.describe("window start (ISO 8601), with `end`"),
  end: singleParam.describe("window end (ISO 8601), with `start`"),
});
type EventsQuery = z.output<typeof eventsQuery> & Partial<Record<(typeof WINDOW_PARAMS)[number], string>>;
const eventQuery = z.looseObject({ environment });
const eventId = z.string().min(1).max(100).describe("`latest`, `oldest`, `recommended` or an event id");

/** A query or window that does not parse: 400 with the reference's "Error parsing search query" wording. */
function parsing<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SearchError) throw badRequest(`Error parsing search query: ${error.message}`);
    throw error;
  }
}

/** The predicate of an events request: its query, environments and window (when it names one). */
async function eventFilter(
  ctx: ApiContext,
  issue: IssueRecord,
  params: Partial<EventsQuery> & { environment: string[] },
): Promise<OccurrenceFilter> {
  const environmentNames = await resolveEnvironments(
    ctx.db,
    { id: issue.organizationId },
    params.environment,
  );
  const now = ctx.clock.now();
  const windowParams = Object.fromEntries(
    WINDOW_PARAMS.flatMap((p) => (params[p] === undefined ? [] : [[p, params[p]]])),
  ) as DateWindowParams;
  const window = Object.keys(windowParams).length > 0 ? resolveWindow(windowParams, now) : null;
  return parsing(() =>
    compileIssueEventFilter({
      query: parseSearchQuery((params.query ?? "").trim(), { now }),
      now,
      types: ctx.types,
      environmentNames,
      window,
    }),
  );
}

function resolveWindow(params: DateWindowParams, now: Date) {
  try {
    return resolveDateWindow(params, now);
  } catch (error) {
    if (error instanceof SearchError) throw badRequest(error.message);
    throw error;
  }
}

/**
 * Serialized events with their neighbours on the timeline: inside the page from the rows around each,
 * at the page's edges from the row fetched beyond it or one lookup.
 */
async function withNeighbours(
  ctx: ApiContext,
  issue: IssueRecord,
  rows: readonly IssueOccurrence[],
  page: { limit: number; offset: number; oldestFirst: boolean },
  filter: OccurrenceFilter,
): Promise<IssueEventDetailsJson[]> {
  const shown = rows.slice(0, page.limit);
  const beyond = rows[page.limit];
  const first = shown[0];
  const before = first && page.offset > 0 ? await findAdjacentEvents(ctx.db, first, filter) : null;
  const edgeBefore = page.oldestFirst ? before?.previousEventId : before?.nextEventId;
  return shown.map((o, i) => {
    const above = i > 0 ? shown[i - 1]!.eventId : (edgeBefore ?? null);
    const below = shown[i + 1]?.eventId ?? beyond?.eventId ?? null;
    // Newest first: the row above is the next (newer) event, the row below the previous (older) one.
    return {
      ...serializeEvent(o, issue),
      previousEventID: page.oldestFirst ? above : below,
      nextEventID: page.oldestFirst ? below : above,
    };
  });
}

/** An issue's events, filtered, windowed and sorted by their own timestamps; one event with its neighbours. */
export function issueEventRoutes(ctx: ApiContext) {
  const events = async (
    request: FastifyRequest,
    reply: FastifyReply,
    path: { org?: string; issueId: string },
    query: EventsQuery,
  ) => {
    const issue = await issueOfPath(ctx, request, path);
    const filter = await eventFilter(ctx, issue, query);
    const oldestFirst = parsing(() => parseEventSort(query.sort)) === "timestamp";
    const page = offsetPage(query.cursor, query.per_page ?? query.limit);
    const rows = await listIssueOccurrences(ctx.db, issue.id, {
      ...pageWindow(page),
      oldestFirst,
      filter,
    });
    const body = await withNeighbours(ctx, issue, rows, { ...page, oldestFirst }, filter);
    return reply
      .header("Link", offsetLinkHeader(requestUrlOf(ctx, request), page, rows.length > page.limit))
      .send(body);
  };

  const oneEvent = async (
    request: FastifyRequest,
    path: { org?: string; issueId: string; eventId: string },
    query: { environment: string[] },
  ): Promise<IssueEventDetailsJson> => {
    const issue = await issueOfPath(ctx, request, path);
    const filter = await eventFilter(ctx, issue, query);
    const which = path.eventId;
    let found: IssueOccurrence | undefined;
    if (which === "latest" || which === "recommended" || which === "oldest") {
      // Sift keeps no replays or profiles to prefer: the recommended event is the latest one.
      [found] = await listIssueOccurrences(ctx.db, issue.id, {
        limit: 1,
        oldestFirst: which === "oldest",
        filter,
      });
    } else {
      const id = canonicalUuid(which);
      if (id) [found] = await listIssueOccurrences(ctx.db, issue.id, { limit: 1, eventId: id });
    }
    if (!found) throw notFound();
    const adjacent = await findAdjacentEvents(ctx.db, found, filter);
    return {
      ...serializeEvent(found, issue),
      previousEventID: adjacent.previousEventId,
      nextEventID: adjacent.nextEventId,
    };
  };

  return zodRoutes((app) => {
    for (const at of ISSUE_PREFIXES) {
      app.get(
        `${at.path}/events/`,
        {
          schema: {
            ...EVENTS_DOC,
            operationId: `list${at.id}IssueEvents`,
            params: at.params,
            querystring: eventsQuery,
            response: { 200: issueEventListSchema.describe("a page of events, newest first") },
          },
          config: { responseHeaders: OFFSET_PAGE_HEADERS },
        },
        (req, reply) => events(req, reply, req.params, req.query as EventsQuery),
      );
      app.get(
        `${at.path}/events/:eventId/`,
        {
          schema: {
            ...EVENT_DOC,
            operationId: `get${at.id}IssueEvent`,
            params: at.params.extend({ eventId }),
            querystring: eventQuery,
            response: { 200: issueEventDetailsSchema.describe("the event") },
          },
        },
        (req) => oneEvent(req, req.params, req.query),
      );
    }
  });
}
