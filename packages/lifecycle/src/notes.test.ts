import { describe, expect, it } from "vitest";
import { ActivityType } from "@sift/schemas";
import { InvalidTransitionError } from "./errors.js";
import { MAX_NOTE_LENGTH, planNote } from "./notes.js";

const issue = { id: 7, organizationId: 1, projectId: 2 };
const at = new Date("2026-11-20T12:00:00.000Z");

describe("planNote", () => {
  it("plans one note activity with the text and the author, and changes nothing else", () => {
    expect(planNote(issue, "It was DNS", at, null)).toEqual({
      issue,
      at,
      activity: { type: ActivityType.NOTE, data: { text: "It was DNS" }, userId: null },
      history: [],
    });
  });

  it("refuses an empty text and one longer than the limit", () => {
    expect(() => planNote(issue, " \n", at, null)).toThrow(InvalidTransitionError);
    expect(() => planNote(issue, "x".repeat(MAX_NOTE_LENGTH + 1), at, null)).toThrow(
      `A note is at most ${MAX_NOTE_LENGTH} characters long`,
    );
    expect(planNote(issue, "x".repeat(MAX_NOTE_LENGTH), at, 3).activity?.userId).toBe(3);
  });
});
