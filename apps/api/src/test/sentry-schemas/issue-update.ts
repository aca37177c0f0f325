// Sentry's answers to a bulk issue update: `updateOrganizationIssues` and `updateProjectIssues` (whose
// document requires `isPublic`, `status` and `statusDetails`).
//
// As in issue.ts, where Sentry's serializer and its document disagree these follow the serializer:
// `statusDetails.inCommit` is the serialized commit, `assignedTo` is null after unassigning, and
// `inbox` is null after a resolve or an ignore (the issue left the inbox).
import { z } from "zod";
import { sentryAssignee } from "./issue.js";

const statusDetails = z.object({
  inNextRelease: z.boolean().optional(),
  inRelease: z.string().optional(),
  inCommit: z.object({ id: z.string() }).optional(),
  ignoreDuration: z.int().optional(),
  ignoreCount: z.int().optional(),
  ignoreWindow: z.int().optional(),
  ignoreUserCount: z.int().optional(),
  ignoreUserWindow: z.int().optional(),
});

export const sentryBulkUpdate = z.object({
  assignedTo: sentryAssignee.nullable().optional(),
  discard: z.boolean().optional(),
  hasSeen: z.boolean().optional(),
  inbox: z.boolean().nullable().optional(),
  isBookmarked: z.boolean().optional(),
  isPublic: z.boolean().optional(),
  isSubscribed: z.boolean().optional(),
  merge: z.object({ parent: z.string(), children: z.array(z.string()) }).optional(),
  priority: z.string().optional(),
  shareId: z.string().optional(),
  status: z.string().optional(),
  statusDetails: statusDetails.optional(),
  subscriptionDetails: z
    .object({ disabled: z.boolean().optional(), reason: z.string().optional() })
    .optional(),
  substatus: z.string().optional(),
});

export const sentryProjectBulkUpdate = sentryBulkUpdate.extend({
  isPublic: z.boolean(),
  status: z.enum(["resolved", "unresolved", "ignored"]),
  statusDetails,
});
