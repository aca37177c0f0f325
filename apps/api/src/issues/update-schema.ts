import { SUBSTATUS_STRINGS } from "@sift/schemas";
import { z } from "zod";

const count = z.int().min(0).max(2_147_483_647);
/** Windows are minutes, at most a week. */
const window = z.int().min(0).max(10_080);

const ignoreFields = {
  ignoreDuration: count.optional(),
  ignoreCount: count.optional(),
  ignoreWindow: window.optional(),
  ignoreUserCount: count.optional(),
  ignoreUserWindow: window.optional(),
};

export const statusDetailsSchema = z.object({
  inRelease: z.string().trim().min(1).max(250).optional(),
  inNextRelease: z.boolean().optional(),
  inUpcomingRelease: z.boolean().optional(),
  inCommit: z
    .object({ commit: z.string().trim().min(1).max(64), repository: z.string().trim().min(1).max(200) })
    .optional(),
  ignoreUntilEscalating: z.boolean().optional(),
  ...ignoreFields,
});

export type StatusDetailsInput = z.output<typeof statusDetailsSchema>;

const SUBSTATUS_NAMES = Object.keys(SUBSTATUS_STRINGS) as [string, ...string[]];

/** The PUT body of the issue routes; unknown fields are ignored. */
export const issueUpdateBodySchema = z.object({
  status: z.enum(["resolved", "unresolved", "ignored", "resolvedInNextRelease", "muted"]).optional(),
  substatus: z.enum(SUBSTATUS_NAMES).nullable().optional(),
  statusDetails: statusDetailsSchema.optional(),
  ...ignoreFields,
  snoozeDuration: count.nullable().optional(),
  assignedTo: z.string().trim().max(200).nullable().optional(),
  assignedBy: z.string().max(200).optional(),
  integration: z.string().max(200).optional(),
  priority: z
    .preprocess((v) => (typeof v === "string" ? v.toLowerCase() : v), z.enum(["low", "medium", "high"]))
    .optional(),
  inbox: z.boolean().optional(),
  hasSeen: z.boolean().optional(),
  isBookmarked: z.boolean().optional(),
  isPublic: z.boolean().optional(),
  isSubscribed: z.boolean().optional(),
  /** DRF's BooleanField: Sentry's clients send `1`. */
  merge: z
    .preprocess(
      (v) =>
        v === 1 || v === "1" || v === "true" ? true : v === 0 || v === "0" || v === "false" ? false : v,
      z.boolean(),
    )
    .optional(),
  discard: z.boolean().optional(),
});

export type IssueUpdateBody = z.output<typeof issueUpdateBodySchema>;
