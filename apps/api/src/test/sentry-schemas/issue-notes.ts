import { z } from "zod";

/**
 * Sentry's issue notes (`…/issues/{id}/notes/`, its group notes endpoint). Sentry's published OpenAPI
 * document (getsentry/sentry-api-schema 0.272.0) has no operation for them; the endpoint answers its
 * activity serializer's shape for `note` activities, which this follows field by field: the author (a
 * user, or null), the Sentry app (null), `type: "note"`, `data.text` and the creation date.
 */
export const sentryIssueNote = z.object({
  id: z.string(),
  user: z.record(z.string(), z.unknown()).nullable(),
  sentry_app: z.record(z.string(), z.unknown()).nullable(),
  type: z.literal("note"),
  data: z.looseObject({ text: z.string() }),
  dateCreated: z.iso.datetime({ offset: true }),
});

export const sentryIssueNotes = z.array(sentryIssueNote);
