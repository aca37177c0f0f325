import { z } from "zod";

/**
 * Sentry's issue tag responses, written field by field after `getOrganizationIssueTag` and
 * `listOrganizationIssueTagValues` of Sentry's published OpenAPI document (getsentry/sentry-api-schema
 * 0.272.0). The document has no operation for the list of an issue's tags (`…/issues/{id}/tags/`);
 * Sentry's endpoint answers an array of the same tag-key objects, so the list is checked as that.
 */

export const sentryIssueTagValue = z.object({
  query: z.string().nullable().optional(),
  key: z.string(),
  name: z.string(),
  value: z.string().nullable(),
  count: z.number().int().nullable(),
  lastSeen: z.string().nullable(),
  firstSeen: z.string().nullable(),
});

export const sentryIssueTag = z.object({
  uniqueValues: z.number().int().nullable().optional(),
  totalValues: z.number().int().nullable().optional(),
  topValues: z.array(sentryIssueTagValue).nullable().optional(),
  key: z.string(),
  name: z.string(),
});

export const sentryIssueTagValues = z.array(sentryIssueTagValue);

export const sentryIssueTags = z.array(sentryIssueTag);
