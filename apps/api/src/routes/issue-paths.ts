import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { IssueRecord } from "@sift/storage";
import type { ApiContext, ZodApp } from "../context.js";
import { requireOrganization } from "../http/auth.js";
import { OFFSET_PAGE_HEADERS, answerOffsetPage, offsetPageParams } from "../http/offset-page.js";
import type { PageWindow } from "../http/offset-page.js";
import { findIssueForPath } from "../issues/details.js";

const org = z.string().min(1).max(100).describe("organization slug (or id)");
const issueId = z.string().min(1).max(200).describe("issue id, or a qualified short id (WEB-1F)");

/** The two prefixes of an issue's sub-routes: `/organizations/{org}/issues/{id}` and `/issues/{id}`. */
export const ISSUE_PREFIXES = [
  { path: "/organizations/:org/issues/:issueId", params: z.object({ org, issueId }), id: "Organization" },
  { path: "/issues/:issueId", params: z.object({ issueId }), id: "" },
] as const;

/** The issue a sub-route's path names, in the token's organization (404 otherwise). */
export function issueOfPath(
  ctx: ApiContext,
  request: FastifyRequest,
  params: { org?: string; issueId: string },
): Promise<IssueRecord> {
  const auth = request.auth!;
  const organization = params.org === undefined ? auth.organization : requireOrganization(auth, params.org);
  return findIssueForPath(ctx.db, organization, params.issueId);
}

const pageQuery = z.looseObject(offsetPageParams);

/**
 * An issue's paginated list (its notes, its hashes): `GET …/<path>/` under both prefixes, with
 * `per_page` (≤ 100) and `cursor`.
 */
export function issueListRoutes<Row>(
  app: ZodApp,
  ctx: ApiContext,
  list: {
    path: string;
    /** What the operation ids end with: `list{Organization,}Issue<name>`. */
    name: string;
    doc: { tags: string[]; summary: string; description: string };
    response: z.ZodType;
    load: (issue: IssueRecord, window: PageWindow) => Promise<readonly Row[]>;
    body: (issue: IssueRecord, shown: Row[]) => unknown;
  },
): void {
  for (const prefix of ISSUE_PREFIXES)
    app.get(
      `${prefix.path}/${list.path}/`,
      {
        schema: {
          ...list.doc,
          operationId: `list${prefix.id}Issue${list.name}`,
          params: prefix.params,
          querystring: pageQuery,
          response: { 200: list.response },
        },
        config: { responseHeaders: OFFSET_PAGE_HEADERS },
      },
      async (req, reply) => {
        const issue = await issueOfPath(ctx, req, req.params);
        return answerOffsetPage(ctx, req, reply, {
          load: (window) => list.load(issue, window),
          body: (shown) => list.body(issue, shown),
        });
      },
    );
}
