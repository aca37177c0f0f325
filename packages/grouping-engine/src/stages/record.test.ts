import { describe, expect, it } from "vitest";
import { occurrenceRow, serialiseOccurrence, storedResult } from "./record.js";
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

  it("stores the occurrence in the wire form, without its event", () => {
    const occ = occurrence({ fingerprint: ["a"], priority: 75 });
    expect(serialiseOccurrence(occ)).toEqual({
      id: occ.id,
      project_id: 1,
      event_id: occ.eventId,
      fingerprint: ["a"],
      issue_title: "Checkout failed",
      subtitle: "card declined",
      resource_id: null,
      evidence_data: null,
      evidence_display: [],
      type: 1,
      detection_time: occ.detectionTime.getTime() / 1000,
      level: "error",
      culprit: "/api/checkout",
      initial_issue_priority: 75,
      assignee: null,
      is_buffered_spans: false,
    });
  });
});
