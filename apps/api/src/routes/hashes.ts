import { z } from "zod";
import { unmergeIssueHashes } from "@sift/grouping-engine";
import {
  listIssueHashes,
  listIssueOccurrences,
  lockIssueHashes,
  lockIssuesForUpdate,
  withTransaction,
} from "@sift/storage";
import { zodRoutes } from "../context.js";
import type { ApiContext } from "../context.js";
import { badRequest, notFound } from "../http/errors.js";
import { repeatedParam } from "../http/params.js";
import { ISSUE_PREFIXES, issueListRoutes, issueOfPath } from "./issue-paths.js";
import { serializeEvent } from "../serializers/event.js";
import { issueEventSchema, noContent } from "../serializers/schemas.js";

const TAGS = ["Hashes"];
const unmergeQuery = z.looseObject({ id: repeatedParam });

/** The hashes of `?id=` (repeatable), each 32 hexadecimal characters; 400 otherwise. */
function hashesOf(ids: readonly string[]): string[] {
  for (const id of ids)
    if (!/^[0-9a-f]{32}$/.test(id)) throw badRequest(`Invalid hash: ${JSON.stringify(id.slice(0, 64))}`);
  return [...ids];
}

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
  return zodRoutes((app) => {
    issueListRoutes(app, ctx, {
      path: "hashes",
      name: "Hashes",
      doc: {
        tags: TAGS,
        summary: "List an issue's hashes",
        description:
          "Its fingerprint hashes in hash order, each with its latest event; `per_page` ≤ 100, `cursor`.",
      },
      response: z.array(issueHashSchema).describe("a page of hashes"),
      load: (issue, window) => listIssueHashes(ctx.db, issue.id, window),
      body: async (issue, shown) => {
        const body = [];
        for (const hash of shown) {
          const [latest] = await listIssueOccurrences(ctx.db, issue.id, { limit: 1, hash });
          body.push({
            id: hash,
            latestEvent: latest ? serializeEvent(latest, issue) : null,
            mergedBySeer: false,
            seerMatchDistance: null,
          });
        }
        return body;
      },
    });
    for (const prefix of ISSUE_PREFIXES) {
      app.delete(
        `${prefix.path}/hashes/`,
        {
          schema: {
            tags: TAGS,
            operationId: `unmerge${prefix.id}IssueHashes`,
            summary: "Unmerge hashes into a new issue",
            description:
              "`id` (repeatable): the hashes to move. They move to a new issue with the occurrences they " +
              "grouped (an occurrence goes with the first of its hashes that the issue has), and the " +
              "counts, hourly stats, environments, releases, users and tag values follow them exactly. " +
              "Done when the answer comes: 202 (Sentry's status), or 204 when none of the hashes is the " +
              "issue's; 400 for every hash of the issue (one must stay).",
            params: prefix.params,
            querystring: unmergeQuery,
            response: { 202: noContent("unmerged"), 204: noContent("none of the hashes is the issue's") },
          },
        },
        async (req, reply) => {
          const issue = await issueOfPath(ctx, req, req.params);
          const hashes = hashesOf(req.query.id);
          const result = await withTransaction(ctx.db, async (trx) => {
            // As a merge: the hashes are locked before the issue, in the order ingest takes them.
            await lockIssueHashes(trx, [issue.id]);
            const [locked] = await lockIssuesForUpdate(trx, issue.organizationId, [issue.id]);
            if (!locked) throw notFound();
            return unmergeIssueHashes(trx, { issue: locked, hashes, now: ctx.clock.now() });
          });
          return reply.code(result ? 202 : 204).send();
        },
      );
    }
  });
}
