import type { FastifyReply, FastifyRequest } from "fastify";
import { buildLinkHeader, parseCursor } from "@sift/search";
import { badRequest } from "./errors.js";
import { requestUrlOf } from "../context.js";
import type { ApiContext } from "../context.js";
import { singleParam } from "./params.js";

/** Offset pagination for the small lists (events, releases): Sentry's `0:{offset}:{is_prev}` cursors. */
export interface OffsetPage {
  offset: number;
  limit: number;
}

export const MAX_PAGE = 100;

export function offsetPage(
  cursor: string | undefined,
  perPage: string | undefined,
  defaultLimit = MAX_PAGE,
): OffsetPage {
  let limit = defaultLimit;
  if (perPage !== undefined) {
    if (!/^\s*\d{1,6}\s*$/.test(perPage) || Number(perPage) < 1)
      throw badRequest("Invalid per_page parameter.");
    limit = Math.min(Number(perPage), MAX_PAGE);
  }
  const offset = cursor === undefined || cursor === "" ? 0 : parseCursor(cursor).offset;
  if (offset < 0) throw badRequest("Invalid cursor parameter.");
  return { offset, limit };
}

/** The `Link` header of an offset page; `more` when a row beyond the page was fetched. */
export function offsetLinkHeader(url: string, page: OffsetPage, more: boolean): string {
  return buildLinkHeader(url, {
    previous: { cursor: `0:${Math.max(0, page.offset - page.limit)}:1`, results: page.offset > 0 },
    next: { cursor: `0:${page.offset + page.limit}:0`, results: more },
  });
}

/** The query parameters of an offset page. */
export const offsetPageParams = { cursor: singleParam, per_page: singleParam };

/** The `Link` header of an offset page, for a route's `config.responseHeaders`. */
export const OFFSET_PAGE_HEADERS = { 200: { Link: 'pagination (`cursor="0:<offset>:0"`), as in Sentry' } };

/** The rows a list fetches for `page`: one beyond it, which tells whether there is a next page. */
export const pageWindow = (page: OffsetPage): PageWindow => ({
  limit: page.limit + 1,
  offset: page.offset,
});

/**
 * Answers a page of `rows` (fetched with `pageWindow`): the `Link` header, and the JSON `body` makes of
 * the rows of the page.
 */
export async function sendOffsetPage<Row>(
  reply: FastifyReply,
  url: string,
  page: OffsetPage,
  rows: readonly Row[],
  body: (shown: Row[]) => unknown,
): Promise<FastifyReply> {
  const json = await body(rows.slice(0, page.limit));
  return reply.header("Link", offsetLinkHeader(url, page, rows.length > page.limit)).send(json);
}

/** The rows a list fetches for a page: at most `limit` from `offset`. */
export interface PageWindow {
  limit: number;
  offset: number;
}

/**
 * Answers the page the request's `cursor` and `per_page` ask for: `load` fetches the rows of a window,
 * `body` makes the JSON of the page's rows.
 */
export async function answerOffsetPage<Row>(
  ctx: ApiContext,
  request: FastifyRequest & { query: { cursor?: string; per_page?: string } },
  reply: FastifyReply,
  list: { load: (window: PageWindow) => Promise<readonly Row[]>; body: (shown: Row[]) => unknown },
): Promise<FastifyReply> {
  const page = offsetPage(request.query.cursor, request.query.per_page);
  const rows = await list.load(pageWindow(page));
  return sendOffsetPage(reply, requestUrlOf(ctx, request), page, rows, list.body);
}
