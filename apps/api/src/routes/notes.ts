import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { addNote, editNote, findNote, listNotes, planNote, removeNote } from "@sift/lifecycle";
import { SubscriptionReason, setIssueSubscriptions } from "@sift/storage";
import { zodRoutes } from "../context.js";
import type { ApiContext } from "../context.js";
import { userIdOf } from "../http/auth.js";
import { notFound } from "../http/errors.js";
import { activityUsers } from "../issues/activity-users.js";
import { ISSUE_PREFIXES, issueListRoutes, issueOfPath } from "./issue-paths.js";
import { serializeActivity } from "../serializers/event.js";
import { activitySchema, noContent } from "../serializers/schemas.js";

const noteId = z
  .string()
  .regex(/^\d{1,15}$/, "A note id is a number.")
  .describe("the note's activity id");
const noteBody = z.looseObject({
  text: z.string().describe("the comment (not empty, at most 10,000 characters)"),
  mentions: z.array(z.string()).optional().describe("accepted and ignored (Sift has no user mentions)"),
});
const noteSchema = activitySchema.describe(
  "an activity of type `note` with `data.text`; `user` is its signed-in author (null for a token)",
);
const TAGS = ["Notes"];

/** Sentry's group notes: an issue's comments are its `note` activities. */
export function noteRoutes(ctx: ApiContext) {
  return zodRoutes((app) => {
    /** A signed-in user edits and deletes only their own notes (404 otherwise, as Sentry); a token any. */
    const requireOwnNote = async (req: FastifyRequest, issueId: number, noteId: number): Promise<void> => {
      const userId = userIdOf(req.auth!);
      if (userId === null) return;
      const note = await findNote(ctx.db, issueId, noteId);
      if (note === null || note.userId !== userId) throw notFound();
    };
    issueListRoutes(app, ctx, {
      path: "notes",
      name: "Notes",
      doc: {
        tags: TAGS,
        summary: "List an issue's notes",
        description: "Newest first; `per_page` ≤ 100, `cursor`.",
      },
      response: z.array(noteSchema).describe("a page of notes, newest first"),
      load: (issue, window) => listNotes(ctx.db, issue.id, window),
      body: async (_issue, shown) => {
        const users = await activityUsers(ctx.db, shown);
        return shown.map((a) => serializeActivity(a, users));
      },
    });
    for (const prefix of ISSUE_PREFIXES) {
      const noteParams = prefix.params.extend({ noteId });
      app.post(
        `${prefix.path}/notes/`,
        {
          schema: {
            tags: TAGS,
            operationId: `create${prefix.id}IssueNote`,
            summary: "Add a note to an issue",
            params: prefix.params,
            body: noteBody,
            response: { 201: noteSchema },
          },
        },
        async (req, reply) => {
          const issue = await issueOfPath(ctx, req, req.params);
          const userId = userIdOf(req.auth!);
          const note = planNote(issue, req.body.text, ctx.clock.now(), userId);
          const id = await ctx.db.transaction(async (trx) => {
            const added = await addNote(trx, note);
            // As in Sentry, commenting subscribes the author (unless they unsubscribed).
            if (userId !== null)
              await setIssueSubscriptions(trx, {
                userId,
                issueIds: [issue.id],
                active: true,
                reason: SubscriptionReason.COMMENT,
                explicit: false,
                now: note.at,
              });
            return added;
          });
          const users = await activityUsers(ctx.db, [{ userId }]);
          return reply
            .code(201)
            .send(serializeActivity({ id, ...note.activity!, datetime: note.at, userId }, users));
        },
      );
      app.put(
        `${prefix.path}/notes/:noteId/`,
        {
          schema: {
            tags: TAGS,
            operationId: `update${prefix.id}IssueNote`,
            summary: "Edit a note",
            params: noteParams,
            body: noteBody,
            response: { 200: noteSchema },
          },
        },
        async (req) => {
          const issue = await issueOfPath(ctx, req, req.params);
          await requireOwnNote(req, issue.id, Number(req.params.noteId));
          const edited = await ctx.db.transaction((trx) =>
            editNote(trx, issue.id, Number(req.params.noteId), req.body.text),
          );
          if (edited === null) throw notFound();
          return serializeActivity(edited, await activityUsers(ctx.db, [edited]));
        },
      );
      app.delete(
        `${prefix.path}/notes/:noteId/`,
        {
          schema: {
            tags: TAGS,
            operationId: `delete${prefix.id}IssueNote`,
            summary: "Delete a note",
            params: noteParams,
            response: { 204: noContent("deleted") },
          },
        },
        async (req, reply) => {
          const issue = await issueOfPath(ctx, req, req.params);
          await requireOwnNote(req, issue.id, Number(req.params.noteId));
          const removed = await ctx.db.transaction((trx) =>
            removeNote(trx, issue.id, Number(req.params.noteId)),
          );
          if (!removed) throw notFound();
          return reply.code(204).send();
        },
      );
    }
  });
}
