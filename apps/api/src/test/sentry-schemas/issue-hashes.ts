import { z } from "zod";
import { sentryEventBase } from "./issue-events.js";

/**
 * Sentry's `GET …/issues/{issue_id}/hashes/` (`listOrganizationIssueHashes` of Sentry's published OpenAPI
 * document, getsentry/sentry-api-schema 0.272.0), written field by field: each hash with its latest
 * event (the event fields, or an object or null) and Seer's merge fields.
 */
export const sentryIssueHashes = z.array(
  z.object({
    id: z.string(),
    latestEvent: z.union([sentryEventBase, z.record(z.string(), z.unknown()).nullable()]),
    mergedBySeer: z.boolean(),
    seerMatchDistance: z.number().nullable(),
  }),
);
