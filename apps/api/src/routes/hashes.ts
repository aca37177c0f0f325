import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { listIssueHashes, listIssueOccurrences } from "@sift/storage";
import { requestUrlOf } from "../context.js";
import type { ApiContext } from "../context.js";
import { offsetLinkHeader, offsetPage } from "../http/offset-page.js";
import { singleParam } from "../http/params.js";
import { ISSUE_PREFIXES, issueOfPath } from "./issue-paths.js";
import { serializeEvent } from "../serializers/event.js";
import { issueEventSchema } from "../serializers/schemas.js";

const listQuery = z.looseObject({ cursor: singleParam, per_page: singleParam });

/** Sentry's group hash: the hash, the latest event grouped by it, whether Seer merged it (never). */
const issueHashSchema = z
  .object({
    id: z.string().describe("the 32-character fingerprint hash"),
    latestEvent: issueEventSchema.nullable(),
    mergedBySeer: z.boolean().describe("always false: Sift has no Seer"),
    seerMatchDistance: z.null().describe("always null: Sift has no Seer"),
  })
  .meta({ id: "IssueHash" });

/** Sentry's group hashes: the fingerprint hashes grouped into an issue. */
export function hashRoutes(ctx: ApiContext) {
  return async (fastify: FastifyInstance): Promise<void> => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    for (const prefix of ISSUE_PREFIXES) {
      app.get(
        `${prefix.path}/hashes/`,
        {
          schema: {
            tags: ["Hashes"],
            operationId: `list${prefix.id}IssueHashes`,
            summary: "List an issue's hashes",
            description:
              "Its fingerprint hashes in hash order, each with its latest event; `per_page` ≤ 100, `cursor`.",
            params: prefix.params,
            querystring: listQuery,
            response: { 200: z.array(issueHashSchema).describe("a page of hashes") },
          },
          config: {
            responseHeaders: { 200: { Link: 'pagination (`cursor="0:<offset>:0"`), as in Sentry' } },
          },
        },
        async (req, reply) => {
          const issue = await issueOfPath(ctx, req, req.params);
          const page = offsetPage(req.query.cursor, req.query.per_page);
          const hashes = await listIssueHashes(ctx.db, issue.id, {
            limit: page.limit + 1,
            offset: page.offset,
          });
          const body = [];
          for (const hash of hashes.slice(0, page.limit)) {
            const [latest] = await listIssueOccurrences(ctx.db, issue.id, { limit: 1, hash });
            body.push({
              id: hash,
              latestEvent: latest ? serializeEvent(latest, issue) : null,
              mergedBySeer: false,
              seerMatchDistance: null,
            });
          }
          return reply
            .header("Link", offsetLinkHeader(requestUrlOf(ctx, req), page, hashes.length > page.limit))
            .send(body);
        },
      );
    }
  };
}
