import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFixture } from "@sift/testkit";
import { createHarness, newId } from "./test/harness.js";
import type { Harness } from "./test/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.destroy();
});

describe("direct processing smoke", () => {
  it("creates an N+1 issue on the third occurrence", async () => {
    const fixture = loadFixture("valid/occurrence-inline-event.json") as Record<string, unknown>;
    const event = fixture.event as Record<string, unknown>;
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      const id = newId();
      const eventId = newId();
      outcomes.push(
        ...(await h.process([{ ...fixture, id, event_id: eventId, event: { ...event, event_id: eventId } }])),
      );
    }
    expect(
      outcomes.map((o) =>
        o.kind === "occurrence" && o.result.status === "stored" ? o.result.outcome : o.kind,
      ),
    ).toEqual(["noise_gated", "noise_gated", "grouped"]);
    const issues = await h.db("issues").select("*");
    expect(issues).toHaveLength(1);
    expect(issues[0].short_id).toBe(1);
    expect(issues[0].priority).toBe(25);
    expect(issues[0].title).toBe("N+1 Query");
  });
});
