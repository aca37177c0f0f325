import { describe, expect, it, vi } from "vitest";
import { groupTypes, receiveMessage } from "@sift/schemas";
import { loadFixtureText } from "@sift/testkit";
import { useHarness } from "./test/harness.js";
import type { MessageOutcome } from "./processor.js";

const h = await useHarness();

describe("batch processor", () => {
  it("processes a message its producer decoded without parsing it again", async () => {
    const text = loadFixtureText("valid/occurrence-inline-event.json");
    const received = receiveMessage(text, {
      types: groupTypes,
      bounds: { now: h.clock.now(), maxAgeSeconds: 90 * 86_400, maxFutureSeconds: 86_400 },
    });
    const parse = vi.spyOn(JSON, "parse");
    let calls: unknown[][];
    let outcomes: MessageOutcome[];
    try {
      outcomes = await h.pipeline.processor.processIsolating([{ received }]);
    } finally {
      calls = [...parse.mock.calls];
      parse.mockRestore();
    }
    expect(outcomes.map((o) => o.kind)).toEqual(["occurrence"]);
    expect(calls.filter(([arg]) => typeof arg === "string" && arg.includes(received.message.id))).toEqual([]);
    const stored = (await h.db("occurrences").where({ id: received.message.id }).first()) as {
      payload: Record<string, unknown>;
    };
    const { event: _event, ...arrived } = JSON.parse(text) as Record<string, unknown>;
    expect(stored.payload).toEqual(arrived);
  });
});
