import { describe, expect, it } from "vitest";
import type { IssueOccurrence } from "@sift/storage";
import { serializeEvent } from "./event.js";

const issue = { title: "Issue title", platform: "python" };

function stored(payload: Record<string, unknown>): IssueOccurrence {
  return {
    id: "4f2c1a9e8b7d4c3fa1e2d3c4b5a69788",
    projectId: 1,
    issueId: 7,
    eventId: "9a8b7c6d5e4f40318293a4b5c6d7e8f9",
    type: 1001,
    fingerprint: ["0cc175b9c0f1b6a831c399e269772661"],
    detectionTime: new Date("2026-11-27T11:30:00Z"),
    eventTime: null,
    payload,
    receivedAt: new Date("2026-11-27T11:30:01Z"),
    event: null,
  };
}

const base = {
  id: "4f2c1a9e-8b7d-4c3f-a1e2-d3c4b5a69788",
  project_id: 1,
  event_id: "9a8b7c6d5e4f40318293a4b5c6d7e8f9",
  fingerprint: ["a"],
  issue_title: "Slow DB Query",
  subtitle: "SELECT 1",
  type: 1001,
  detection_time: "2026-11-27T11:30:00Z",
};

/** What occurrences stored before the payload became the message as it arrived (the validated form). */
const validated = {
  ...base,
  id: "4f2c1a9e8b7d4c3fa1e2d3c4b5a69788",
  detection_time: 1795779000,
  resource_id: null,
  evidence_data: null,
  evidence_display: [],
  is_buffered_spans: false,
};

describe("serializeEvent", () => {
  it("reads a payload stored as it arrived the same as one stored in validated form", () => {
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [
        { ...base, payload_type: "occurrence", level: "", culprit: null, priority: 75, assignee: 42, x: 1 },
        { ...validated, level: "info", culprit: "", initial_issue_priority: 75, assignee: "42" },
      ],
      [base, { ...validated, level: "info", culprit: "", initial_issue_priority: null, assignee: null }],
      [
        { ...base, level: "error", culprit: "/checkout", initial_issue_priority: 50, assignee: "" },
        { ...validated, level: "error", culprit: "/checkout", initial_issue_priority: 50, assignee: null },
      ],
    ];
    for (const [arrived, before] of cases) {
      expect(serializeEvent(stored(arrived), issue)).toEqual(serializeEvent(stored(before), issue));
    }
    expect(serializeEvent(stored(cases[0]![0]), issue).occurrence).toMatchObject({
      level: "info",
      culprit: "",
      priority: 75,
      assignee: "42",
      evidenceData: {},
      evidenceDisplay: [],
    });
  });
});
