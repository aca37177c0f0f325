import type { Knex } from "knex";
import { ActivityType } from "@sift/schemas";
import { deleteActivity, listActivitiesOfType, updateActivityData } from "@sift/storage";
import type { ActivityRecord } from "@sift/storage";

import { applyAll } from "./apply.js";
import { InvalidTransitionError } from "./errors.js";
import { transition } from "./transition.js";
import type { IssueRef, Transition } from "./transition.js";

type Trx = Knex.Transaction;
type Conn = Knex | Trx;

/** Longest note text accepted, in characters. */
export const MAX_NOTE_LENGTH = 10_000;

/** A note's text as given; throws InvalidTransitionError when empty or too long. */
export function noteText(text: string): string {
  if (text.trim() === "") throw new InvalidTransitionError("A note needs some text.", { field: "text" });
  if (text.length > MAX_NOTE_LENGTH)
    throw new InvalidTransitionError(
      `A note is at most ${MAX_NOTE_LENGTH} characters long (this one has ${text.length}).`,
      { field: "text" },
    );
  return text;
}

/** A note on an issue: a NOTE activity `{ text }` by `userId` (null for a token). */
export function planNote(issue: IssueRef, text: string, at: Date, userId: number | null): Transition {
  return transition(issue, at, { type: ActivityType.NOTE, data: { text: noteText(text) }, userId });
}

/** Applies a planned note; answers its activity id. */
export async function addNote(trx: Trx, note: Transition): Promise<number> {
  const { activityIds } = await applyAll(trx, [note]);
  return activityIds.get(note)!;
}

/** One note of an issue, or null. */
export async function findNote(db: Conn, issueId: number, noteId: number): Promise<ActivityRecord | null> {
  const [row] = await listActivitiesOfType(db, issueId, ActivityType.NOTE, { limit: 1, id: noteId });
  return row ?? null;
}

/** An issue's notes, newest first. */
export function listNotes(
  db: Conn,
  issueId: number,
  page: { limit: number; offset: number },
): Promise<ActivityRecord[]> {
  return listActivitiesOfType(db, issueId, ActivityType.NOTE, page);
}

/** Replaces a note's text (other data it carries is kept); answers the edited note, or null. */
export async function editNote(
  trx: Trx,
  issueId: number,
  noteId: number,
  text: string,
): Promise<ActivityRecord | null> {
  const note = await findNote(trx, issueId, noteId);
  if (note === null) return null;
  const data = { ...note.data, text: noteText(text) };
  await updateActivityData(trx, [{ id: note.id, data }]);
  return { ...note, data };
}

/** Deletes a note; false when the issue has no such note. */
export function removeNote(trx: Trx, issueId: number, noteId: number): Promise<boolean> {
  return deleteActivity(trx, issueId, ActivityType.NOTE, noteId);
}
