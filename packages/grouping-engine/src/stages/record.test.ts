import { describe, expect, it } from "vitest";
import { occurrenceRow, storedResult } from "./record.js";
import { RECEIVED_AT, occurrence, work } from "../test/work.js";

describe("record", () => {
  it("links only grouped occurrences to their issue, and keeps the event time only with an event", () => {
    const grouped = work(occurrence(), {
      outcome: "grouped",
      issueId: 7,
      event: {},
      creator: true,
      isNew: true,
    });
    const mismatch = work(occurrence(), { outcome: "category_mismatch", issueId: 7 });
    expect(occurrenceRow(grouped)).toMatchObject({
      issueId: 7,
      outcome: "grouped",
      eventTime: grouped.eventTime,
      fingerprint: grouped.occ.fingerprintHashes,
      receivedAt: RECEIVED_AT,
    });
    expect(occurrenceRow(mismatch)).toMatchObject({
      issueId: null,
      outcome: "category_mismatch",
      eventTime: null,
    });
    expect(storedResult(grouped)).toEqual({
      status: "stored",
      outcome: "grouped",
      issueId: 7,
      isNew: true,
      isRegression: false,
    });
    expect(storedResult(mismatch)).toMatchObject({ issueId: null, isNew: false });
  });

  it("stores the occurrence's payload as the message arrived", () => {
    const payload = {
      id: "0C6D75AC-3969-41E0-BC4B-33C2FF7F3657",
      detection_time: "2026-11-27T11:30:00Z",
      x: 1,
    };
    expect(occurrenceRow(work(occurrence({ payload }))).payload).toBe(payload);
  });
});
