import { describe, expect, it } from "vitest";
import { ActivityType, GroupInboxReason, GroupStatus, GroupSubStatus } from "@sift/schemas";
import { useHarness } from "./test/harness.js";
import { at, occurrence } from "./test/generate.js";
import { activitiesOf, issueFor, newProject, outcomeOf } from "./test/queries.js";

const h = await useHarness();

async function ignoredIssue(fingerprint: string, snooze: Record<string, unknown>) {
  const p = await newProject(h.db, h.organizationId);
  await h.process([
    occurrence({ projectId: p, fingerprint: [fingerprint], time: at("2026-11-27T11:00:00Z") }),
  ]);
  const issue = (await issueFor(h.db, p, fingerprint))!;
  await h
    .db("issues")
    .where({ id: issue.id })
    .update({ status: GroupStatus.IGNORED, substatus: GroupSubStatus.UNTIL_CONDITION_MET });
  await h.db("snoozes").insert({ issue_id: issue.id, ...snooze });
  return { p, id: issue.id };
}

describe("snoozed issues", () => {
  it("stay ignored until the occurrence count is reached, then escalate", async () => {
    const { p, id } = await ignoredIssue("snooze-count", {
      count: 3,
      state: JSON.stringify({ times_seen: 1 }),
    });
    const send = (s: number) =>
      h.process([
        occurrence({ projectId: p, fingerprint: ["snooze-count"], time: at("2026-11-27T11:00:00Z", s) }),
      ]);
    expect((await send(10)).map(outcomeOf)).toEqual(["grouped"]);
    await send(20);
    expect((await issueFor(h.db, p, "snooze-count"))!.status).toBe(GroupStatus.IGNORED);
    await send(30);
    const issue = (await issueFor(h.db, p, "snooze-count"))!;
    expect([issue.status, issue.substatus, issue.times_seen]).toEqual([
      GroupStatus.UNRESOLVED,
      GroupSubStatus.ESCALATING,
      4,
    ]);
    expect(await h.db("snoozes").where({ issue_id: id }).first()).toBeUndefined();
    expect((await activitiesOf(h.db, id)).map((a) => a.type)).toEqual([
      ActivityType.FIRST_SEEN,
      ActivityType.SET_ESCALATING,
    ]);
    expect((await h.db("issue_inbox").where({ issue_id: id }).first()).reason).toBe(
      GroupInboxReason.ESCALATING,
    );
  });

  it("lift when their date has passed", async () => {
    const { p } = await ignoredIssue("snooze-until", { until: new Date("2026-11-27T11:30:00Z") });
    await h.process([
      occurrence({ projectId: p, fingerprint: ["snooze-until"], time: at("2026-11-27T11:10:00Z") }),
    ]);
    expect((await issueFor(h.db, p, "snooze-until"))!.status).toBe(GroupStatus.UNRESOLVED);
  });

  it("count within their window", async () => {
    // The issue's first occurrence arrives two hours before the ones that count.
    h.clock.set("2026-11-27T10:00:00Z");
    const { p } = await ignoredIssue("snooze-window", { count: 2, window: 60 });
    h.clock.set("2026-11-27T12:00:00Z");
    await h.process([
      occurrence({ projectId: p, fingerprint: ["snooze-window"], time: at("2026-11-27T11:40:00Z") }),
    ]);
    expect((await issueFor(h.db, p, "snooze-window"))!.status).toBe(GroupStatus.IGNORED);
    await h.process([
      occurrence({ projectId: p, fingerprint: ["snooze-window"], time: at("2026-11-27T11:41:00Z") }),
    ]);
    expect((await issueFor(h.db, p, "snooze-window"))!.status).toBe(GroupStatus.UNRESOLVED);
  });

  it("forever-ignored issues stay ignored and still count", async () => {
    const p = await newProject(h.db, h.organizationId);
    await h.process([
      occurrence({ projectId: p, fingerprint: ["forever"], time: at("2026-11-27T11:00:00Z") }),
    ]);
    const issue = (await issueFor(h.db, p, "forever"))!;
    await h
      .db("issues")
      .where({ id: issue.id })
      .update({ status: GroupStatus.IGNORED, substatus: GroupSubStatus.FOREVER });
    await h.process([
      occurrence({ projectId: p, fingerprint: ["forever"], time: at("2026-11-27T11:05:00Z") }),
    ]);
    const after = (await issueFor(h.db, p, "forever"))!;
    expect([after.status, after.times_seen]).toEqual([GroupStatus.IGNORED, 2]);
  });
});
