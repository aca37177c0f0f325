// Building blocks of the response schemas of Sentry's published OpenAPI document (sentry-api-schema
// 0.272.0), written here field by field for Sift's tests: a field the document requires is required,
// an optional one optional, a nullable one nullable. Unknown fields are allowed, as in the document
// (its objects do not forbid additional properties).
import { z } from "zod";

/** `"type": "string", "format": "date-time"`. */
export const dateTime = z.iso.datetime({ offset: true });

/** `EventTypeEnum`: the type of an issue and of an event. */
export const eventType = z.enum([
  "default",
  "error",
  "csp",
  "nel",
  "hpkp",
  "expectct",
  "expectstaple",
  "transaction",
  "generic",
  "feedback",
]);

/** Sentry's avatar object: every field optional. */
export const avatar = z.object({
  avatarType: z.string().optional(),
  avatarUuid: z.string().nullable().optional(),
  avatarUrl: z.string().nullable().optional(),
});

/** `{"id", "name", "slug"}`, a team as projects list them. */
export const teamRef = z.object({ id: z.string(), name: z.string(), slug: z.string() });

/** Parses `value` with `schema`, failing the test with every mismatch (path and message). */
export function expectSentryShape(schema: z.ZodType, value: unknown): void {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`not Sentry's documented shape:\n${z.prettifyError(result.error)}`);
}
