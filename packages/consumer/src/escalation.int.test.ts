import { describe, expect, it } from "vitest";
import {
  ActivityType,
  GroupHistoryStatus,
  GroupInboxReason,
  GroupStatus,
  GroupSubStatus,
  PriorityLevel,
} from "@sift/schemas";
import { useHarness } from "./test/harness.js";
import { occurrence, statusChange } from "./test/generate.js";
import { activitiesOf, historyOf, issueFor, newProject } from "./test/queries.js";

const MONDAY = Date.parse("2026-11-23T00:00:00Z");
const HOUR = 3_600_000;
const FINGERPRINT = ["steady"];

const h = await useHarness({ now: "2026-11-23T00:30:00Z" });

/** `n` occurrences in hour `hour` after Monday 00:00, processed in one batch with the clock in that hour. */
async function feed(p: number, hour: number, n: number, fromMinute = 0): Promise<void> {
  const start = MONDAY + hour * HOUR;
  h.clock.set(new Date(start + 59 * 60_000));
  const messages = Array.from({ length: n }, (_, i) =>
    occurrence({
      projectId: p,
      fingerprint: FINGERPRINT,
      time: new Date(start + fromMinute * 60_000 + Math.floor((i * 1000) / Math.max(n, 1))),
    }),
  );
  await h.process(messages);
}

describe("an issue archived until escalating", () => {
  it("after a week of 10 events an hour, escalates in the hour its count passes 60, not before", async () => {
    const p = await newProject(h.db, h.organizationId);
    await feed(p, 0, 10);
    await h.process([
      statusChange({
        projectId: p,
        fingerprint: FINGERPRINT,
        status: GroupStatus.IGNORED,
        substatus: GroupSubStatus.UNTIL_ESCALATING,
      }),
    ]);
    const id = (await issueFor(h.db, p, "steady"))!.id;
    const state = async () => {
      const row = (await issueFor(h.db, p, "steady"))!;
      return [row.status, row.substatus];
    };

    // A new issue (less than a week of hours): its limit is 10 × its busiest hour, 100 a day.
    for (let hour = 1; hour < 168; hour++) {
      await feed(p, hour, 10);
      expect(await state(), `hour ${hour}`).toEqual([GroupStatus.IGNORED, GroupSubStatus.UNTIL_ESCALATING]);
    }
    expect(
      (await h.db("issue_forecasts").where({ issue_id: id }).first<{ limits: number[] }>())!.limits,
    ).toEqual(Array(14).fill(100));

    // Next Monday: 168 hours of 10 → limit 10 + 5 × 10 = 60; 60 events this hour stay archived.
    await feed(p, 168, 60);
    expect(await state()).toEqual([GroupStatus.IGNORED, GroupSubStatus.UNTIL_ESCALATING]);
    expect(
      (await h.db("issue_forecasts").where({ issue_id: id }).first<{ limits: number[] }>())!.limits,
    ).toEqual(Array(14).fill(60));

    await feed(p, 168, 1, 30);
    expect(await state()).toEqual([GroupStatus.UNRESOLVED, GroupSubStatus.ESCALATING]);
    const escalated = (await activitiesOf(h.db, id)).filter((a) => a.type === ActivityType.SET_ESCALATING);
    expect(escalated.map((a) => a.data)).toEqual([{ forecast: 60, hour_count: 61 }]);
    // The escalation's history row, then the priority it raised (low → medium).
    expect((await historyOf(h.db, id)).slice(-2)).toEqual([
      GroupHistoryStatus.ESCALATING,
      GroupHistoryStatus.PRIORITY_MEDIUM,
    ]);
    expect((await issueFor(h.db, p, "steady"))!.priority).toBe(PriorityLevel.MEDIUM);
    expect((await h.db("issue_inbox").where({ issue_id: id }).first()).reason).toBe(
      GroupInboxReason.ESCALATING,
    );
  }, 120_000);
});
