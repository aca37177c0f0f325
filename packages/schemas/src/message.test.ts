import { describe, expect, it } from "vitest";
import { listFixtures, loadFixtureText } from "@sift/testkit";
import {
  decodeMessage,
  InvalidPayloadError,
  groupTypes,
  readStoredOccurrence,
  receiveMessage,
  receiveParsedMessage,
} from "./index.js";
import type { DecodeOptions } from "./index.js";

const options: DecodeOptions = {
  types: groupTypes,
  bounds: { now: new Date("2026-11-27T12:00:00Z"), maxFutureSeconds: 86_400, maxAgeSeconds: 90 * 86_400 },
};

function rejection(raw: string | Buffer): InvalidPayloadError {
  try {
    decodeMessage(raw, options);
  } catch (error) {
    if (error instanceof InvalidPayloadError) return error;
    throw error;
  }
  throw new Error("expected the message to be rejected");
}

const base = {
  id: "4f2c1a9e8b7d4c3fa1e2d3c4b5a69788",
  project_id: 1,
  event_id: "9a8b7c6d5e4f40318293a4b5c6d7e8f9",
  fingerprint: ["fp"],
  issue_title: "t",
  subtitle: "s",
  type: 1006,
  detection_time: 1795779000,
  evidence_display: [],
};

/** The smallest event `base` may carry. */
const baseEvent = { event_id: base.event_id, project_id: 1, platform: "python", timestamp: 1795779000 };

describe("fixtures", () => {
  it("accepts every valid fixture", () => {
    const names = listFixtures("valid");
    expect(names).toHaveLength(5);
    for (const name of names) {
      const decoded = decodeMessage(loadFixtureText(name), options);
      expect(decoded.projectId).toBe(1);
      expect(decoded.id).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it.each([
    ["bad-uuid.json", "INVALID_UUID", "id"],
    ["no-event-id.json", "MISSING_EVENT_ID", "event_id"],
    ["not-json.txt", "INVALID_JSON", ""],
    ["project-mismatch.json", "PROJECT_MISMATCH", "event.project_id"],
    ["unknown-type.json", "UNKNOWN_GROUP_TYPE", "type"],
  ])("rejects invalid/%s with %s at %j", (name, code, path) => {
    const error = rejection(loadFixtureText(`invalid/${name}`));
    expect(error.code).toBe(code);
    expect(error.path).toBe(path);
  });

  it("normalises the inline-event fixture", () => {
    const decoded = decodeMessage(loadFixtureText("valid/occurrence-inline-event.json"), options);
    if (decoded.payloadType !== "occurrence") throw new Error("expected an occurrence");
    expect(decoded.type).toBe(1006);
    expect(decoded.level).toBe("info");
    expect(decoded.culprit).toBe("/api/orders");
    expect(decoded.detectionTime.toISOString()).toBe("2026-11-27T11:30:00.250Z");
    expect(decoded.eventTime?.toISOString()).toBe("2026-11-27T11:30:00.000Z");
    expect(decoded.event?.release).toBe("backend@2.4.0");
    expect(decoded.event?.user).toEqual({ id: "user-42", email: "ada@example.com" });
    expect(decoded.eventSchema).toBe("current");
    expect(decoded.isBufferedSpans).toBe(false);
  });

  it("keeps the message as it arrived, less its inline event, as the occurrence's payload", () => {
    const text = loadFixtureText("valid/occurrence-inline-event.json");
    const received = receiveMessage(text, options);
    expect(received.text).toBe(text);
    if (received.message.payloadType !== "occurrence") throw new Error("expected an occurrence");
    const { event: _event, ...arrived } = JSON.parse(text) as Record<string, unknown>;
    expect(received.message.payload).toEqual(arrived);
    expect(readStoredOccurrence(received.message.payload)).toEqual({
      level: received.message.level,
      culprit: received.message.culprit,
      priority: received.message.priority,
      assignee: received.message.assignee,
    });
  });

  it("validates a message parsed already with the same checks", () => {
    const text = JSON.stringify({
      ...base,
      evidence_data: { deep: JSON.parse("[".repeat(70) + "]".repeat(70)) },
    });
    expect(() => receiveParsedMessage(text, JSON.parse(text), options)).toThrow(
      "JSON nesting deeper than 64 levels",
    );
    const big = JSON.stringify({ ...base, subtitle: "x".repeat(1_100_000) });
    expect(() => receiveParsedMessage(big, JSON.parse(big), options)).toThrow(/the limit is 1048576/);
    const ok = JSON.stringify(base);
    expect(receiveParsedMessage(ok, JSON.parse(ok), options)).toEqual(receiveMessage(ok, options));
  });

  it("reads the lookup fixture's hyphenated ids and ISO detection time", () => {
    const decoded = decodeMessage(loadFixtureText("valid/occurrence-lookup-event.json"), options);
    if (decoded.payloadType !== "occurrence") throw new Error("expected an occurrence");
    expect(decoded.id).toBe("0c6d75ac396941e0bc4b33c2ff7f3657");
    expect(decoded.eventId).toBe("b6e6e7d9e58240fd81015666e96eb038");
    expect(decoded.event).toBeNull();
    expect(decoded.level).toBe("warning");
  });

  it("decodes status changes with their hashed fingerprint", () => {
    const decoded = decodeMessage(loadFixtureText("valid/status-change-archive-forever.json"), options);
    if (decoded.payloadType !== "status_change") throw new Error("expected a status change");
    expect(decoded.newStatus).toBe(2);
    expect(decoded.newSubstatus).toBe(5);
    expect(decoded.fingerprint).toEqual(["slow-db:/checkout"]);
    expect(decoded.fingerprintHashes).toEqual(["54253784d00f25bedd3187c14238332a"]);
  });
});

describe("field validation", () => {
  it.each([
    ["fatal", "fatal"],
    ["sample", "sample"],
    [null, "info"],
    ["", "info"],
    [undefined, "info"],
  ])("level %j becomes %s", (level, expected) => {
    const decoded = decodeMessage(JSON.stringify({ ...base, level }), options);
    if (decoded.payloadType !== "occurrence") throw new Error("expected an occurrence");
    expect(decoded.level).toBe(expected);
  });

  it("refuses a level outside the six names", () => {
    const error = rejection(JSON.stringify({ ...base, level: "critical" }));
    expect(error.code).toBe("INVALID_LEVEL");
    expect(error.path).toBe("level");
  });

  it.each([
    [1795779000, "2026-11-27T11:30:00.000Z"],
    [1795779000.5, "2026-11-27T11:30:00.500Z"],
    ["2026-11-27T11:30:00Z", "2026-11-27T11:30:00.000Z"],
    ["2026-11-27T11:30:00", "2026-11-27T11:30:00.000Z"],
    ["2026-11-27T13:30:00+02:00", "2026-11-27T11:30:00.000Z"],
    ["2026-11-27T06:00:00.123-05:30", "2026-11-27T11:30:00.123Z"],
  ])("detection_time %j is %s", (detectionTime, iso) => {
    const decoded = decodeMessage(JSON.stringify({ ...base, detection_time: detectionTime }), options);
    if (decoded.payloadType !== "occurrence") throw new Error("expected an occurrence");
    expect(decoded.detectionTime.toISOString()).toBe(iso);
  });

  it.each([
    ["yesterday", "INVALID_DETECTION_TIME"],
    ["2026-02-31T00:00:00Z", "INVALID_DETECTION_TIME"],
    [1e300, "INVALID_DETECTION_TIME"],
    [1895779000, "TIMESTAMP_IN_FUTURE"],
    [1000000000, "TIMESTAMP_TOO_OLD"],
  ])("detection_time %j is refused with %s", (detectionTime, code) => {
    const error = rejection(JSON.stringify({ ...base, detection_time: detectionTime }));
    expect(error.code).toBe(code);
    expect(error.path).toBe("detection_time");
  });

  it.each([
    { field: "subtitle", takes: "a string" },
    { field: "detection_time", takes: "several types (number or string)" },
  ] as const)("names a missing field that takes $takes as missing", ({ field }) => {
    const { [field]: _missing, ...rest } = base;
    const error = rejection(JSON.stringify(rest));
    expect(error.code).toBe("MISSING_FIELD");
    expect(error.path).toBe(field);
    expect(error.message).toBe(`Missing required field "${field}"`);
  });

  it("names a field of the wrong type", () => {
    const error = rejection(JSON.stringify({ ...base, project_id: "1" }));
    expect(error.code).toBe("INVALID_FIELD");
    expect(error.path).toBe("project_id");
    expect(error.message).toContain("received string");
  });

  it("says which types a several-typed field takes and what it received", () => {
    const wrong = rejection(JSON.stringify({ ...base, detection_time: true }));
    expect(wrong.code).toBe("INVALID_FIELD");
    expect(wrong.message).toBe('Invalid field "detection_time": expected number or string, received boolean');
    const overflow = rejection(JSON.stringify({ ...base, detection_time: "X" }).replace('"X"', "1e400"));
    expect(overflow.message).toBe(
      'Invalid field "detection_time": expected number or string, received a number out of range',
    );
    const assignee = rejection(JSON.stringify({ ...base, assignee: 1.5 }));
    expect(assignee.message).toBe('Invalid field "assignee": expected string or int, received number');
  });

  it("refuses an unknown payload_type", () => {
    const error = rejection(JSON.stringify({ ...base, payload_type: "merge" }));
    expect(error.code).toBe("INVALID_PAYLOAD_TYPE");
  });

  it("refuses an empty fingerprint", () => {
    expect(rejection(JSON.stringify({ ...base, fingerprint: [] })).path).toBe("fingerprint");
  });

  it("refuses a priority that is not 25, 50 or 75", () => {
    const error = rejection(JSON.stringify({ ...base, initial_issue_priority: 30 }));
    expect(error.code).toBe("INVALID_PRIORITY");
  });

  it("accepts the later `priority` name", () => {
    const decoded = decodeMessage(JSON.stringify({ ...base, priority: 75 }), options);
    if (decoded.payloadType !== "occurrence") throw new Error("expected an occurrence");
    expect(decoded.priority).toBe(75);
  });

  it("refuses oversized, non-UTF-8, NUL-bearing and too-deep messages", () => {
    expect(rejection(JSON.stringify({ ...base, subtitle: "x".repeat(1_100_000) })).code).toBe(
      "MESSAGE_TOO_LARGE",
    );
    expect(rejection(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])).code).toBe("INVALID_ENCODING");
    const nul = rejection(JSON.stringify({ ...base, issue_title: "a\u0000b" }));
    expect(nul.path).toBe("issue_title");
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect(rejection(JSON.stringify({ ...base, evidence_data: deep })).code).toBe("PAYLOAD_TOO_DEEP");
  });

  it("refuses a lone surrogate whether escaped or raw, naming its field", () => {
    const escaped = JSON.stringify({ ...base, issue_title: "x" }).replace('"x"', '"a\\ud800b"');
    expect(rejection(escaped)).toMatchObject({ code: "INVALID_ENCODING", path: "issue_title" });
    const raw = JSON.stringify({ ...base, subtitle: "x" }).replace('"x"', '"a\ud800b"');
    expect(rejection(raw)).toMatchObject({ code: "INVALID_ENCODING", path: "subtitle" });
  });

  it("refuses a NUL in a key, and accepts text that only looks like an escape", () => {
    const key = JSON.stringify({ ...base, evidence_data: { "a\u0000": 1 } });
    expect(rejection(key)).toMatchObject({ code: "INVALID_FIELD", path: "evidence_data.a\u0000" });
    const literal = decodeMessage(JSON.stringify({ ...base, issue_title: "C:\\u0000 and \\ud800" }), options);
    if (literal.payloadType !== "occurrence") throw new Error("expected an occurrence");
    expect(literal.issueTitle).toBe("C:\\u0000 and \\ud800");
  });

  it("accepts nesting just under the limit and brackets inside strings", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 62; i++) deep = { d: deep };
    const brackets = "{[".repeat(100);
    const decoded = decodeMessage(
      JSON.stringify({ ...base, evidence_data: deep, subtitle: brackets }),
      options,
    );
    if (decoded.payloadType !== "occurrence") throw new Error("expected an occurrence");
    expect(decoded.subtitle).toBe(brackets);
    let tooDeep: unknown = 1;
    for (let i = 0; i < 64; i++) tooDeep = [tooDeep];
    expect(rejection(JSON.stringify({ ...base, evidence_data: tooDeep })).code).toBe("PAYLOAD_TOO_DEEP");
  });

  it("takes the event id from the event when the top level has none", () => {
    const { event_id: _e, ...rest } = base;
    const event = {
      event_id: "9a8b7c6d-5e4f-4031-8293-a4b5c6d7e8f9",
      project_id: 1,
      platform: "python",
      timestamp: 1795779000,
      received: "2026-11-27T11:30:01Z",
      tags: {},
    };
    const decoded = decodeMessage(JSON.stringify({ ...rest, event }), options);
    if (decoded.payloadType !== "occurrence") throw new Error("expected an occurrence");
    expect(decoded.eventId).toBe("9a8b7c6d5e4f40318293a4b5c6d7e8f9");
  });

  it("refuses differing occurrence and event ids", () => {
    const event = {
      event_id: "00000000000000000000000000000001",
      project_id: 1,
      platform: "p",
      timestamp: 1795779000,
    };
    const error = rejection(JSON.stringify({ ...base, event }));
    expect(error.code).toBe("EVENT_ID_MISMATCH");
    expect(error.message).toBe("IssueOccurrence must have the same event_id as the passed Event");
  });

  it("falls back to the legacy event schema, and refuses what both refuse", () => {
    const legacy = {
      event_id: base.event_id,
      project_id: 1,
      platform: "python",
      timestamp: "2026-11-27T11:30:00Z",
      tags: {},
      breadcrumbs: [{ message: "legacy list form" }],
    };
    const decoded = decodeMessage(JSON.stringify({ ...base, event: legacy }), options);
    if (decoded.payloadType !== "occurrence") throw new Error("expected an occurrence");
    expect(decoded.eventSchema).toBe("legacy");

    const noTimestamp = { event_id: base.event_id, project_id: 1, platform: "python", tags: {} };
    const error = rejection(JSON.stringify({ ...base, event: noTimestamp }));
    expect(error.code).toBe("INVALID_EVENT");
    expect(error.path).toBe("event.timestamp");

    const badTags = { ...noTimestamp, timestamp: 1795779000, tags: "tagged" };
    expect(rejection(JSON.stringify({ ...base, event: badTags })).path).toBe("event.tags");
  });

  it("keeps only the event keys the reference keeps", () => {
    const event = {
      ...baseEvent,
      title: "dropped",
      fingerprint: ["dropped"],
      environment: "prod",
    };
    const decoded = decodeMessage(JSON.stringify({ ...base, event }), options);
    if (decoded.payloadType !== "occurrence") throw new Error("expected an occurrence");
    expect(decoded.event).not.toHaveProperty("title");
    expect(decoded.event).not.toHaveProperty("fingerprint");
    expect(decoded.event?.environment).toBe("prod");
    expect(decoded.event?.level).toBe("info");
  });

  it("keeps an error event's exception, message, fingerprint and grouping metadata too", () => {
    const event = {
      ...baseEvent,
      platform: "node",
      exception: { values: [{ type: "TypeError", value: "x" }] },
      logentry: { formatted: "x" },
      fingerprint: ["{{ default }}"],
      metadata: { type: "TypeError" },
      errors: [{ type: "invalid_data", name: "user" }],
      unknown_key: 1,
    };
    const decoded = decodeMessage(JSON.stringify({ ...base, type: 1, event }), options);
    if (decoded.payloadType !== "occurrence") throw new Error("expected an occurrence");
    expect(decoded.event).toMatchObject({
      exception: event.exception,
      logentry: event.logentry,
      fingerprint: event.fingerprint,
      metadata: event.metadata,
      errors: event.errors,
    });
    expect(decoded.event).not.toHaveProperty("unknown_key");
  });
});
