import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Knex } from "knex";
import {
  ActivityType,
  GroupHistoryStatus,
  GroupInboxReason,
  GroupStatus,
  GroupSubStatus,
  PriorityLevel,
  ResolutionStatus,
  ResolutionType,
} from "@sift/schemas";
import {
  addToInbox,
  createOrganization,
  createProject,
  getOrCreateReleases,
  insertActivities,
  migrateToLatest,
  upsertSnoozes,
} from "@sift/storage";
import type { LockedIssueState } from "@sift/storage";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";

import { applyTransitions } from "./apply.js";
import { planIssueCreated } from "./issue-created.js";
import { planRegression, resolutionActivityIdent } from "./regression.js";
import { planSnoozeExpired } from "./snooze.js";
import { planStatusChange } from "./status-change.js";
import type { IssueRef, Transition } from "./transition.js";

const NOW = new Date("2026-06-01T12:00:00.000Z");

let testDb: TestDatabase;
let db: Knex;
let seq = 0;
let scope: { organizationId: number; projectId: number };

beforeAll(async () => {
  testDb = await testDatabase({ prefix: "lifecycle", migrate: async (d) => void (await migrateToLatest(d)) });
  db = testDb.db;
  const org = await createOrganization(db, "acme");
  const project = await createProject(db, { organizationId: org.id, slug: "web" });
  scope = { organizationId: org.id, projectId: project.id };
});

afterAll(async () => {
  await testDb?.destroy();
});

async function insertIssue(fields: { status: number; substatus: number | null; activeAt?: Date }) {
  seq += 1;
  const [row] = await db("issues")
    .insert({
      organization_id: scope.organizationId,
      project_id: scope.projectId,
      short_id: seq,
      type: 1,
      status: fields.status,
      substatus: fields.substatus,
      priority: PriorityLevel.LOW,
      first_seen: new Date("2026-05-01T00:00:00Z"),
      last_seen: new Date("2026-05-30T00:00:00Z"),
      active_at: fields.activeAt ?? new Date("2026-05-01T00:00:00Z"),
    })
    .returning<{ id: number | string }[]>("id");
  return { id: Number(row!.id), ...scope };
}

function locked(ref: IssueRef, status: number, substatus: number | null): LockedIssueState {
  return { ...ref, status, substatus, priority: PriorityLevel.LOW, priorityLockedAt: null, data: {} };
}

const apply = (transitions: Transition[]) => db.transaction((trx) => applyTransitions(trx, transitions));
const activities = (issueId: number) =>
  db("activities")
    .where({ issue_id: issueId })
    .orderBy("id")
    .select<{ type: number; data: unknown; ident: string | null; datetime: Date }[]>(
      "type",
      "data",
      "ident",
      "datetime",
    );
const history = (issueId: number) =>
  db("issue_history").where({ issue_id: issueId }).orderBy("id").select("status", "release_id");
const issueRow = (issueId: number) =>
  db("issues").where({ id: issueId }).first<{
    status: number;
    substatus: number | null;
    priority: number;
    resolved_at: Date | null;
    active_at: Date;
  }>();
const inbox = (issueId: number) => db("issue_inbox").where({ issue_id: issueId }).select("reason");

describe("applyTransitions", () => {
  it("writes each planned change's issue columns, inbox, snooze, history and exactly one activity", async () => {
    const snoozed = await insertIssue({
      status: GroupStatus.IGNORED,
      substatus: GroupSubStatus.UNTIL_CONDITION_MET,
    });
    const snooze = {
      issueId: snoozed.id,
      until: new Date("2026-06-01T11:00:00Z"),
      count: null,
      window: null,
      userCount: null,
      userWindow: null,
      state: null,
    };
    await upsertSnoozes(db, [{ ...snooze, actorId: null, createdAt: NOW }]);
    const created = await insertIssue({ status: GroupStatus.UNRESOLVED, substatus: GroupSubStatus.NEW });
    const ignored = await insertIssue({ status: GroupStatus.IGNORED, substatus: GroupSubStatus.FOREVER });
    const escalated = planStatusChange(
      locked(ignored, GroupStatus.IGNORED, GroupSubStatus.FOREVER),
      { newStatus: GroupStatus.UNRESOLVED, newSubstatus: GroupSubStatus.ESCALATING },
      NOW,
    );
    const escalatedId = escalated.issue.id;

    const transitions = [
      planSnoozeExpired(snoozed, snooze, NOW),
      ...planIssueCreated(created, NOW),
      ...escalated.transitions,
    ];
    expect(await apply(transitions)).toEqual(transitions);

    expect(await issueRow(snoozed.id)).toMatchObject({
      status: GroupStatus.UNRESOLVED,
      substatus: GroupSubStatus.ESCALATING,
    });
    expect(await db("snoozes").where({ issue_id: snoozed.id })).toEqual([]);
    expect(await inbox(snoozed.id)).toEqual([{ reason: GroupInboxReason.ESCALATING }]);
    expect(await activities(snoozed.id)).toEqual([
      expect.objectContaining({ type: ActivityType.SET_ESCALATING, datetime: NOW }),
    ]);
    expect(await history(snoozed.id)).toEqual([{ status: GroupHistoryStatus.ESCALATING, release_id: null }]);

    expect(await activities(created.id)).toEqual([
      { type: ActivityType.FIRST_SEEN, data: {}, ident: null, datetime: NOW },
    ]);
    expect(await inbox(created.id)).toEqual([{ reason: GroupInboxReason.NEW }]);

    expect(await issueRow(escalatedId)).toMatchObject({
      substatus: GroupSubStatus.ESCALATING,
      priority: PriorityLevel.MEDIUM,
    });
    expect((await activities(escalatedId)).map((a) => a.type)).toEqual([
      ActivityType.SET_ESCALATING,
      ActivityType.SET_PRIORITY,
    ]);
    expect(await history(escalatedId)).toEqual([
      { status: GroupHistoryStatus.ESCALATING, release_id: null },
      { status: GroupHistoryStatus.PRIORITY_MEDIUM, release_id: null },
    ]);
  });

  it("a later change of the same issue wins: escalated then resolved ends resolved and out of the inbox", async () => {
    const ref = await insertIssue({ status: GroupStatus.IGNORED, substatus: GroupSubStatus.FOREVER });
    await addToInbox(db, [{ ...ref, issueId: ref.id, reason: GroupInboxReason.MANUAL, dateAdded: NOW }]);
    const first = planStatusChange(
      locked(ref, GroupStatus.IGNORED, GroupSubStatus.FOREVER),
      { newStatus: GroupStatus.UNRESOLVED, newSubstatus: GroupSubStatus.ESCALATING },
      NOW,
    );
    const second = planStatusChange(
      first.issue,
      { newStatus: GroupStatus.RESOLVED, newSubstatus: null },
      NOW,
    );
    await apply([...first.transitions, ...second.transitions]);
    expect(await issueRow(ref.id)).toMatchObject({
      status: GroupStatus.RESOLVED,
      substatus: null,
      priority: PriorityLevel.MEDIUM,
      resolved_at: NOW,
    });
    expect(await inbox(ref.id)).toEqual([]);
    expect((await activities(ref.id)).map((a) => a.type)).toEqual([
      ActivityType.SET_ESCALATING,
      ActivityType.SET_PRIORITY,
      ActivityType.SET_RESOLVED,
    ]);
  });

  it("a regression that wins the compare-and-set drops the resolution and back-fills its activity", async () => {
    const ref = await insertIssue({ status: GroupStatus.RESOLVED, substatus: null });
    const byVersion = await getOrCreateReleases(db, scope.organizationId, [
      { version: "web@1.0.0", seenAt: new Date("2026-05-01T00:00:00Z"), projectId: scope.projectId },
    ]);
    const release = byVersion.get("web@1.0.0")!;
    await db("issue_resolutions").insert({
      issue_id: ref.id,
      type: ResolutionType.IN_NEXT_RELEASE,
      status: ResolutionStatus.PENDING,
      release_id: release.id,
      datetime: new Date("2026-05-20T00:00:00Z"),
    });
    await insertActivities(db, [
      {
        projectId: ref.projectId,
        issueId: ref.id,
        type: ActivityType.SET_RESOLVED_IN_RELEASE,
        ident: resolutionActivityIdent(ref.id),
        data: { version: "" },
        datetime: new Date("2026-05-20T00:00:00Z"),
      },
    ]);
    const date = new Date("2026-06-01T11:00:00Z");
    const t = planRegression(
      ref,
      {
        date,
        eventId: "e".repeat(32),
        release: { id: release.id, version: "web@1.1.0" },
        followsSemver: true,
      },
      NOW,
    );
    expect(await apply([t])).toEqual([t]);

    expect(await issueRow(ref.id)).toMatchObject({
      status: GroupStatus.UNRESOLVED,
      substatus: GroupSubStatus.REGRESSED,
      active_at: date,
    });
    expect(await db("issue_resolutions").where({ issue_id: ref.id })).toEqual([]);
    expect((await activities(ref.id)).map((a) => a.data)).toEqual([
      { version: "web@1.1.0" },
      {
        event_id: "e".repeat(32),
        version: "web@1.1.0",
        follows_semver: true,
        resolved_in_version: "web@1.1.0",
      },
    ]);
    expect(await history(ref.id)).toEqual([{ status: GroupHistoryStatus.REGRESSED, release_id: release.id }]);
    expect(await inbox(ref.id)).toEqual([{ reason: GroupInboxReason.REGRESSION }]);
  });

  it("a regression within 5 s of active_at loses the compare-and-set and writes nothing", async () => {
    const date = new Date("2026-06-01T11:00:00Z");
    const ref = await insertIssue({
      status: GroupStatus.RESOLVED,
      substatus: null,
      activeAt: new Date(date.getTime() - 3000),
    });
    const t = planRegression(
      ref,
      { date, eventId: "f".repeat(32), release: null, followsSemver: false },
      NOW,
    );
    expect(await apply([t])).toEqual([]);
    expect(await issueRow(ref.id)).toMatchObject({ status: GroupStatus.RESOLVED });
    expect(await activities(ref.id)).toEqual([]);
    expect(await history(ref.id)).toEqual([]);
    expect(await inbox(ref.id)).toEqual([]);
  });

  it("costs the same number of statements for one transition as for twenty", async () => {
    const statements = async (n: number): Promise<number> => {
      const transitions: Transition[] = [];
      for (let i = 0; i < n; i++) {
        const ref = await insertIssue({ status: GroupStatus.IGNORED, substatus: GroupSubStatus.FOREVER });
        const plan = planStatusChange(
          locked(ref, GroupStatus.IGNORED, GroupSubStatus.FOREVER),
          { newStatus: GroupStatus.UNRESOLVED, newSubstatus: GroupSubStatus.ESCALATING },
          NOW,
        );
        transitions.push(...plan.transitions, ...planIssueCreated(ref, NOW));
      }
      let count = 0;
      const onQuery = (): void => {
        count += 1;
      };
      await db.transaction(async (trx) => {
        db.on("query", onQuery);
        try {
          await applyTransitions(trx, transitions);
        } finally {
          db.off("query", onQuery);
        }
      });
      return count;
    };
    const one = await statements(1);
    expect(await statements(20)).toBe(one);
    // issues, inbox, activities, history.
    expect(one).toBe(4);
  });
});
