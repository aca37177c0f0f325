import { describe, expect, it } from "vitest";
import { isRetryable } from "@sift/schemas";
import { createDb, createTeam } from "@sift/storage";
import { loadFixture } from "@sift/testkit";
import { at, occurrence } from "./test/generate.js";
import { newId, useHarness } from "./test/harness.js";
import { issueFor, newProject } from "./test/queries.js";

const h = await useHarness();

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

describe("assignees named by an occurrence", () => {
  it("an occurrence with assignee #team-slug gets that team assigned", async () => {
    const p = await newProject(h.db, h.organizationId);
    const team = await createTeam(h.db, { organizationId: h.organizationId, slug: "payments-oncall" });
    await h.process([
      occurrence({
        projectId: p,
        fingerprint: ["team-slug"],
        assignee: "#payments-oncall",
        time: at("2026-11-27T11:00:00Z"),
      }),
      occurrence({
        projectId: p,
        fingerprint: ["no-such-team"],
        assignee: "#nobody",
        time: at("2026-11-27T11:00:00Z"),
      }),
    ]);
    expect(await issueFor(h.db, p, "team-slug")).toMatchObject({
      assignee_team_id: team.id,
      assignee_user_id: null,
    });
    expect(await issueFor(h.db, p, "no-such-team")).toMatchObject({
      assignee_team_id: null,
      assignee_user_id: null,
    });
  });
});

describe("a Postgres outage", () => {
  it("fails the batch as retryable instead of dead-lettering its messages", async () => {
    const deadDb = createDb({ url: "postgres://postgres@127.0.0.1:1/sift", poolMax: 1 });
    const pipeline = h.pipelineOn(deadDb);
    const messages = ["outage-a", "outage-b"].map((f) => ({
      value: JSON.stringify(occurrence({ projectId: 1, fingerprint: [f], time: at("2026-11-27T11:00:00Z") })),
    }));
    try {
      const failure = await pipeline.processor.processIsolating(messages).then(
        (outcomes) => outcomes,
        (error: unknown) => error,
      );
      expect(Array.isArray(failure)).toBe(false);
      expect(isRetryable(failure)).toBe(true);
    } finally {
      await deadDb.destroy();
    }
  });
});
