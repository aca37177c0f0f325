import { describe, expect, it } from "vitest";
import { normalizeEvent } from "./normalize.js";
import type { NormalizeContext } from "./normalize.js";

const NOW = new Date("2026-12-01T12:00:00Z");
const ctx = (over: Partial<NormalizeContext> = {}): NormalizeContext => ({
  receivedAt: NOW,
  sentAt: null,
  eventId: null,
  retentionDays: 90,
  clientIp: "203.0.113.9",
  client: "sentry.python/2.1.0",
  ...over,
});
const seconds = (iso: string) => new Date(iso).getTime() / 1000;

describe("normalizeEvent", () => {
  it("fills Relay's defaults for an empty event", () => {
    const event = normalizeEvent({}, ctx());
    expect(event).toMatchObject({
      type: "default",
      timestamp: seconds("2026-12-01T12:00:00Z"),
      platform: "other",
      level: "error",
      logger: "",
      environment: "production",
      tags: [],
      extra: {},
      errors: [],
      sdk: { name: "sentry.python", version: "2.1.0" },
    });
    expect(event.event_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("takes the envelope's event id over the payload's, and a UUID with dashes", () => {
    const id = "4f2c1a9e-8b7d-4c3f-a1e2-d3c4b5a69788";
    expect(normalizeEvent({ event_id: id }, ctx()).event_id).toBe("4f2c1a9e8b7d4c3fa1e2d3c4b5a69788");
    const header = "0123456789abcdef0123456789abcdef";
    expect(normalizeEvent({ event_id: id }, ctx({ eventId: header })).event_id).toBe(header);
  });

  it("reads timestamps as unix seconds or ISO, and replaces future, too old and invalid ones", () => {
    expect(normalizeEvent({ timestamp: "2026-12-01T11:00:00Z" }, ctx()).timestamp).toBe(
      seconds("2026-12-01T11:00:00Z"),
    );
    expect(normalizeEvent({ timestamp: seconds("2026-12-01T11:30:00Z") }, ctx()).timestamp).toBe(
      seconds("2026-12-01T11:30:00Z"),
    );
    const future = normalizeEvent({ timestamp: "2026-12-01T12:05:00Z" }, ctx());
    expect(future.timestamp).toBe(seconds("2026-12-01T12:00:00Z"));
    expect(future.errors).toEqual([
      { type: "future_timestamp", name: "timestamp", value: "2026-12-01T12:05:00Z" },
    ]);
    expect(normalizeEvent({ timestamp: "2026-01-01T00:00:00Z" }, ctx()).errors[0]?.type).toBe(
      "past_timestamp",
    );
    expect(normalizeEvent({ timestamp: "yesterday" }, ctx()).errors[0]).toMatchObject({
      type: "invalid_data",
    });
  });

  it("corrects a clock that is off by more than 55 minutes with the envelope's sent_at", () => {
    // The device's clock is 2 hours behind: it stamped the event 10:59 and sent it at 11:00 (its time).
    const event = normalizeEvent(
      { timestamp: "2026-12-01T09:59:00Z" },
      ctx({ sentAt: new Date("2026-12-01T10:00:00Z") }),
    );
    expect(event.timestamp).toBe(seconds("2026-12-01T11:59:00Z"));
    expect(event.errors).toEqual([{ type: "clock_drift", name: "timestamp", value: 7200 }]);
  });

  it("folds level aliases, drops unknown platforms, cuts long fields with an error", () => {
    const event = normalizeEvent(
      { level: "WARN", platform: "cobol", logger: "x".repeat(70), environment: "" },
      ctx(),
    );
    expect(event).toMatchObject({ level: "warning", platform: "other", environment: "production" });
    expect(event.logger).toHaveLength(64);
    expect(event.errors).toContainEqual({ type: "value_too_long", name: "logger" });
    expect(normalizeEvent({ level: "critical" }, ctx()).level).toBe("fatal");
    expect(normalizeEvent({ level: "loud" }, ctx()).errors).toEqual([
      { type: "invalid_data", name: "level", value: "loud" },
    ]);
  });

  it("takes tags as an object or pairs, drops the server's own and bad ones, moves environment and server_name", () => {
    const fromObject = normalizeEvent(
      { tags: { a: "1", release: "x", "sentry:user": "y", n: 5, empty: "" }, server_name: "web-1" },
      ctx(),
    );
    expect(fromObject.tags).toEqual([
      ["a", "1"],
      ["n", "5"],
      ["server_name", "web-1"],
    ]);
    expect(fromObject.errors).toEqual([
      { type: "invalid_data", name: "tags.empty", reason: "empty, not a string or too long" },
    ]);
    const fromPairs = normalizeEvent(
      { tags: [["a", "1"], ["a", "2"], ["environment", "staging"], "junk"] },
      ctx(),
    );
    expect(fromPairs.tags).toEqual([["a", "1"]]);
    expect(fromPairs.environment).toBe("staging");
  });

  it("keeps the user's identifying fields, the client's address for {{auto}}", () => {
    const event = normalizeEvent(
      { user: { id: 42, email: "ada@example.com", ip_address: "{{auto}}", extra: 1 } },
      ctx(),
    );
    expect(event.user).toEqual({ id: "42", email: "ada@example.com", ip_address: "203.0.113.9" });
    expect(normalizeEvent({ user: "ada" }, ctx()).errors).toEqual([
      { type: "invalid_data", name: "user", reason: "expected an object" },
    ]);
  });

  it("formats a logentry's template with its params and keeps a plain message as formatted", () => {
    expect(
      normalizeEvent({ logentry: { message: "User %s failed %d times", params: ["ada", 3] } }, ctx())
        .logentry,
    ).toEqual({
      message: "User %s failed %d times",
      params: ["ada", 3],
      formatted: "User ada failed 3 times",
    });
    expect(normalizeEvent({ message: "plain" }, ctx()).logentry).toEqual({ formatted: "plain" });
    expect(
      normalizeEvent({ logentry: { message: "Hi {name}", params: { name: "ada" } } }, ctx()).logentry,
    ).toMatchObject({
      formatted: "Hi ada",
    });
  });

  it("reads a bare list of exceptions, moves a lone top-level stack trace into it, and types the event", () => {
    const frames = [{ function: "main", filename: "app.py", lineno: 3 }];
    const event = normalizeEvent(
      { exception: [{ type: "ValueError", value: { bad: 1 } }], stacktrace: { frames } },
      ctx(),
    );
    expect(event.type).toBe("error");
    expect(event.exception).toEqual({
      values: [{ type: "ValueError", value: '{"bad":1}', stacktrace: { frames } }],
    });
    expect(event).not.toHaveProperty("stacktrace");
    expect(normalizeEvent({ exception: { values: [{}] } }, ctx()).errors).toContainEqual({
      type: "invalid_data",
      name: "exception.values.0",
      reason: "an exception needs a type or a value",
    });
  });

  it("keeps the newest 100 breadcrumbs, and the SDK's own errors first", () => {
    const crumbs = Array.from({ length: 150 }, (_, i) => ({ message: `b${i}` }));
    const event = normalizeEvent(
      { breadcrumbs: { values: crumbs }, errors: [{ type: "js_no_source" }] },
      ctx(),
    );
    const kept = (event.breadcrumbs as { values: { message: string }[] }).values;
    expect(kept).toHaveLength(100);
    expect(kept[0]!.message).toBe("b50");
    expect(event.errors[0]).toEqual({ type: "js_no_source" });
  });

  it("never throws on fields of the wrong type, and refuses only a payload that is not an object", () => {
    const garbage = {
      tags: 7,
      request: [],
      contexts: { os: "linux", device: { model: "x" } },
      exception: "boom",
      breadcrumbs: 3,
      threads: true,
      extra: "x",
      fingerprint: [{}],
      sdk: 4,
    };
    const event = normalizeEvent(garbage, ctx());
    expect(event.contexts).toEqual({ device: { model: "x", type: "device" } });
    expect(event.errors.map((e) => e.name)).toEqual([
      "tags",
      "extra",
      "request",
      "contexts.os",
      "breadcrumbs",
      "threads",
      "fingerprint",
      "sdk",
      "exception",
    ]);
    expect(() => normalizeEvent([1], ctx())).toThrow("invalid event: the event is not a JSON object");
  });
});
