import { SUBSTATUS_STRINGS } from "@sift/schemas";
import { z } from "zod";

const count = z.int().min(0).max(2_147_483_647);
/** Windows are minutes, at most a week. */
const window = z.int().min(0).max(10_080);

const TRUE_VALUES = new Set<unknown>(["t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE"]);
const FALSE_VALUES = new Set<unknown>(["f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE"]);
for (const v of ["on", "On", "ON", "1", 1]) TRUE_VALUES.add(v);
for (const v of ["off", "Off", "OFF", "0", 0]) FALSE_VALUES.add(v);

/**
 * A boolean as Sentry's serializers (Django REST framework's BooleanField) take it: `true`/`false`, or
 * `"true"`, `"false"`, `"1"`, `0`, `"yes"`, `"off"` … Anything else is a 400.
 */
const flag = z
  .preprocess(
    (v) => (TRUE_VALUES.has(v) ? true : FALSE_VALUES.has(v) ? false : v),
    z.boolean({ error: "Must be a valid boolean." }),
  )
  .describe('a boolean, or as Sentry also accepts `"true"`, `"false"`, `"1"`, `0`, `"yes"`, `"off"` …');

const ignoreFields = {
  ignoreDuration: count.optional(),
  ignoreCount: count.optional(),
  ignoreWindow: window.optional(),
  ignoreUserCount: count.optional(),
  ignoreUserWindow: window.optional(),
};

export const statusDetailsSchema = z.object({
  inRelease: z.string().trim().min(1).max(250).optional(),
  inNextRelease: flag.optional(),
  inUpcomingRelease: flag.optional(),
  inCommit: z
    .object({ commit: z.string().trim().min(1).max(64), repository: z.string().trim().min(1).max(200) })
    .optional(),
  ignoreUntilEscalating: flag.optional(),
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
  inbox: flag.optional(),
  hasSeen: flag.optional(),
  isBookmarked: flag.optional(),
  isPublic: flag.optional(),
  isSubscribed: flag.optional(),
  /** Sentry's clients send `1`. */
  merge: flag.optional(),
  discard: flag.optional(),
});

export type IssueUpdateBody = z.output<typeof issueUpdateBodySchema>;
