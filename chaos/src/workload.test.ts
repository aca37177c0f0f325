import { describe, expect, it } from "vitest";
import { expectAuditable } from "./test/decoded.js";
import { generateStream } from "./workload.js";

const now = new Date("2026-11-27T12:00:00Z");
const stream = generateStream({
  count: 4_000,
  resendRatio: 0.05,
  projects: [1, 2, 3],
  fingerprints: 300,
  seed: 11,
  now,
  eventsPerProject: 20,
});
const bounds = { now, maxAgeSeconds: 90 * 86_400, maxFutureSeconds: 86_400 };

describe("the valid message stream", () => {
  it("has the distinct messages asked for plus 5% resends of earlier ids, each after its original", () => {
    expect(stream.messages.filter((m) => !m.resend)).toHaveLength(4_000);
    expect(stream.messages.filter((m) => m.resend)).toHaveLength(200);
    const firstAt = new Map<string, number>();
    stream.messages.forEach((m, i) => {
      if (!m.resend) {
        expect(firstAt.has(m.id)).toBe(false);
        firstAt.set(m.id, i);
      }
    });
    stream.messages.forEach((m, i) => {
      if (m.resend) expect(firstAt.get(m.id)).toBeLessThan(i);
    });
  });

  it("every message is valid, keyed as Sift's producer keys it, and its id is the audit's", () => {
    for (const m of stream.messages) expectAuditable(m, bounds);
  });

  it("is mostly a type without noise gate, with some noise-gated types, status changes and lookups", () => {
    const types = new Map<number, number>();
    for (const m of stream.messages) {
      const t = (JSON.parse(m.value) as { type?: number }).type;
      if (t !== undefined) types.set(t, (types.get(t) ?? 0) + 1);
    }
    expect(types.get(4001)! / stream.messages.length).toBeGreaterThan(0.5);
    expect(types.get(1006)).toBeGreaterThan(0);
    expect(types.get(1009)).toBeGreaterThan(0);
    expect(stream.mix.status_change).toBeGreaterThan(0);
    expect(stream.mix.lookup).toBeGreaterThan(0);
    const stored = new Set(stream.events.map((e) => e.eventId));
    for (const m of stream.messages) {
      const p = JSON.parse(m.value) as { event?: unknown; event_id?: string; payload_type: string };
      if (p.payload_type === "occurrence" && !p.event) expect(stored.has(p.event_id!)).toBe(true);
    }
  });
});
