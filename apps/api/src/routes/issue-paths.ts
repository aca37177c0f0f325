import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { IssueRecord } from "@sift/storage";
import type { ApiContext } from "../context.js";
import { requireOrganization } from "../http/auth.js";
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
