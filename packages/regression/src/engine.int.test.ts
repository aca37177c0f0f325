import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Knex } from "knex";
import {
  ActivityType,
  GroupCategory,
  GroupHistoryStatus,
  GroupInboxReason,
  GroupStatus,
  GroupSubStatus,
  GroupTypeRegistry,
  ResolutionStatus,
  ResolutionType,
  silentLogger,
} from "@sift/schemas";
import {
  createOrganization,
  createProject,
  getOrCreateReleases,
  insertActivities,
  migrateToLatest,
} from "@sift/storage";
import type { Organization, Project, Release } from "@sift/storage";
import { backendPid, testDatabase, waitForLockWaiter } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";

import { resolutionActivityIdent } from "@sift/lifecycle";

import { createRegressionEngine } from "./index.js";
import type { RegressionCandidate, RegressionEngine } from "./index.js";

const NOW = new Date("2026-06-01T12:00:00.000Z");
const at = (isoTime: string): Date => new Date(`2026-06-01T${isoTime}Z`);
const day = (n: number): Date => new Date(Date.UTC(2026, 4, n));
const seconds = (date: Date, s: number): Date => new Date(date.getTime() + s * 1000);

const ERROR_TYPE = 1;
const NO_AUTO_RESOLVE_TYPE = 9001;

const types = new GroupTypeRegistry();
types.register({ id: ERROR_TYPE, slug: "error", description: "Error", category: GroupCategory.ERROR });
types.register({
  id: NO_AUTO_RESOLVE_TYPE,
  slug: "no_auto_resolve",
  description: "No auto-resolve",
  category: GroupCategory.PERFORMANCE,
  enableAutoResolve: false,
});

let testDb: TestDatabase;
let db: Knex;
let engine: RegressionEngine;
let seq = 0;

beforeAll(async () => {
  testDb = await testDatabase({
    prefix: "regression",
    migrate: async (d) => void (await migrateToLatest(d)),
  });
  db = testDb.db;
  engine = createRegressionEngine({ clock: { now: () => NOW }, logger: silentLogger, types });
});

afterAll(async () => {
  await testDb?.destroy();
});

interface Scope {
  org: Organization;
  project: Project;
}

async function scope(): Promise<Scope> {
  seq += 1;
  const org = await createOrganization(db, `org-${seq}`);
  const project = await createProject(db, { organizationId: org.id, slug: `project-${seq}` });
  return { org, project };
}

interface IssueSeed {
  status?: number;
  substatus?: number | null;
  lastSeen?: Date;
  activeAt?: Date;
  type?: number;
}

type SeededIssue = RegressionCandidate["issue"];

async function insertIssue(s: Scope, seed: IssueSeed = {}): Promise<SeededIssue> {
  seq += 1;
  const issue = {
    organizationId: s.org.id,
    projectId: s.project.id,
    type: seed.type ?? ERROR_TYPE,
    status: seed.status ?? GroupStatus.RESOLVED,
    substatus: seed.substatus ?? null,
    lastSeen: seed.lastSeen ?? at("10:00:00"),
    activeAt: seed.activeAt ?? at("09:00:00"),
  };
  const [row] = await db("issues")
    .insert({
      organization_id: issue.organizationId,
      project_id: issue.projectId,
      short_id: seq,
      type: issue.type,
      status: issue.status,
      substatus: issue.substatus,
      first_seen: day(1),
      last_seen: issue.lastSeen,
      active_at: issue.activeAt,
    })
    .returning<{ id: number }[]>("id");
  return { id: Number(row!.id), ...issue };
}

async function releases(s: Scope, entries: [version: string, dateAdded: Date][]): Promise<Release[]> {
  const byVersion = await getOrCreateReleases(
    db,
    s.org.id,
    entries.map(([version, seenAt]) => ({ version, seenAt, projectId: s.project.id })),
  );
  return entries.map(([version]) => byVersion.get(version)!);
}

async function resolve(
  issueId: number,
  fields: { type: number | null; releaseId: number | null; currentReleaseVersion?: string; datetime?: Date },
): Promise<void> {
  await db("issue_resolutions").insert({
    issue_id: issueId,
    type: fields.type,
    status:
      fields.type === ResolutionType.IN_NEXT_RELEASE ? ResolutionStatus.PENDING : ResolutionStatus.RESOLVED,
    release_id: fields.releaseId,
    current_release_version: fields.currentReleaseVersion ?? null,
    datetime: fields.datetime ?? day(20),
  });
}

async function resolvedInActivity(
  issue: SeededIssue,
  data: Record<string, unknown>,
  datetime: Date,
): Promise<number> {
  const [id] = await insertActivities(db, [
    {
      projectId: issue.projectId,
      issueId: issue.id,
      type: ActivityType.SET_RESOLVED_IN_RELEASE,
      ident: resolutionActivityIdent(issue.id),
      data,
      datetime,
    },
  ]);
  return id!;
}

let eventSeq = 0;
function candidate(
  issue: SeededIssue,
  fields: { eventTime: Date; release: Release | null; resolveAgeHours?: number },
): RegressionCandidate {
  eventSeq += 1;
  return {
    issue,
    resolveAgeHours: fields.resolveAgeHours ?? 0,
    eventTime: fields.eventTime,
    eventId: eventSeq.toString(16).padStart(32, "0"),
    release: fields.release && {
      id: fields.release.id,
      version: fields.release.version,
      dateAdded: fields.release.dateAdded,
    },
  };
}

function run(candidates: RegressionCandidate[]) {
  return db.transaction((trx) => engine.handleRegressions(trx, candidates));
}

interface IssueRow {
  status: number;
  substatus: number | null;
  active_at: Date;
  last_seen: Date;
}

async function issueRow(id: number): Promise<IssueRow> {
  const row = await db("issues")
    .where({ id })
    .first<IssueRow | undefined>("status", "substatus", "active_at", "last_seen");
  return row!;
}

async function activitiesOf(
  issueId: number,
  type: number,
): Promise<{ id: number; data: Record<string, unknown> }[]> {
  return db("activities")
    .where({ issue_id: issueId, type })
    .orderBy("id")
    .select<{ id: number; data: Record<string, unknown> }[]>("id", "data");
}

async function historyOf(issueId: number): Promise<{ status: number; release_id: number | null }[]> {
  return db("issue_history")
    .where({ issue_id: issueId })
    .orderBy("id")
    .select<{ status: number; release_id: number | null }[]>("status", "release_id");
}

async function inboxOf(issueId: number): Promise<{ reason: number } | undefined> {
  return db("issue_inbox").where({ issue_id: issueId }).first<{ reason: number } | undefined>("reason");
}

async function hasResolutionRow(issueId: number): Promise<boolean> {
  return (await db("issue_resolutions").where({ issue_id: issueId }).first("issue_id")) !== undefined;
}

async function expectUntouched(issue: SeededIssue): Promise<void> {
  const row = await issueRow(issue.id);
  expect(row.status).toBe(issue.status);
  expect(row.substatus).toBe(issue.substatus);
  expect(row.active_at).toEqual(issue.activeAt);
  expect(row.last_seen).toEqual(issue.lastSeen);
  expect(await activitiesOf(issue.id, ActivityType.SET_REGRESSION)).toEqual([]);
  expect(await historyOf(issue.id)).toEqual([]);
  expect(await inboxOf(issue.id)).toBeUndefined();
}

/**
 * An issue resolved in the release after web@1.0.0 (with its older resolved-in activity), and web@1.1.0,
 * the release that regresses it.
 */
async function seedResolved(): Promise<{ issue: SeededIssue; release: Release; olderActivity: number }> {
  const s = await scope();
  const [r1, r2] = await releases(s, [
    ["web@1.0.0", day(1)],
    ["web@1.1.0", day(2)],
  ]);
  const issue = await insertIssue(s);
  await resolve(issue.id, {
    type: ResolutionType.IN_NEXT_RELEASE,
    releaseId: r1!.id,
    currentReleaseVersion: "web@1.0.0",
  });
  const olderActivity = await resolvedInActivity(issue, { version: "" }, day(3));
  return { issue, release: r2!, olderActivity };
}

describe("handleRegressions", () => {
  it("an event from a newer release regresses an issue resolved in next release and records it all", async () => {
    const { issue, release: r2, olderActivity } = await seedResolved();
    const latestActivity = await resolvedInActivity(
      issue,
      { version: "", current_release_version: "web@1.0.0" },
      day(4),
    );

    const c = candidate(issue, { eventTime: at("11:00:00"), release: r2! });
    const results = await run([c]);

    expect(results.get(issue.id)).toEqual({ issueId: issue.id, regressed: true, date: at("11:00:00") });
    expect(await issueRow(issue.id)).toEqual({
      status: GroupStatus.UNRESOLVED,
      substatus: GroupSubStatus.REGRESSED,
      active_at: at("11:00:00"),
      last_seen: at("11:00:00"),
    });
    expect(await hasResolutionRow(issue.id)).toBe(false);
    const resolvedIn = await activitiesOf(issue.id, ActivityType.SET_RESOLVED_IN_RELEASE);
    expect(resolvedIn).toEqual([
      { id: olderActivity, data: { version: "" } },
      { id: latestActivity, data: { version: "web@1.1.0", current_release_version: "web@1.0.0" } },
    ]);
    expect((await activitiesOf(issue.id, ActivityType.SET_REGRESSION)).map((a) => a.data)).toEqual([
      { event_id: c.eventId, version: "web@1.1.0", follows_semver: true, resolved_in_version: "web@1.1.0" },
    ]);
    expect(await historyOf(issue.id)).toEqual([{ status: GroupHistoryStatus.REGRESSED, release_id: r2!.id }]);
    expect(await inboxOf(issue.id)).toEqual({ reason: GroupInboxReason.REGRESSION });
  });

  it("resolved in next release: an event from that same release does not regress", async () => {
    const s = await scope();
    const [r1] = await releases(s, [["web@1.0.0", day(1)]]);
    const issue = await insertIssue(s);
    await resolve(issue.id, {
      type: ResolutionType.IN_NEXT_RELEASE,
      releaseId: r1!.id,
      currentReleaseVersion: "web@1.0.0",
    });

    const results = await run([candidate(issue, { eventTime: at("11:00:00"), release: r1! })]);

    expect(results.get(issue.id)).toEqual({ issueId: issue.id, regressed: false, date: null });
    await expectUntouched(issue);
    expect(await hasResolutionRow(issue.id)).toBe(true);
  });

  it("resolved in release: the same release regresses, an older one never reopens the issue", async () => {
    const s = await scope();
    // The older version's release row is added last: the semver order, not the date, decides.
    const [resolvedIn, older] = await releases(s, [
      ["web@2.0.0", day(1)],
      ["web@1.9.0", day(5)],
    ]);
    const reopened = await insertIssue(s);
    const kept = await insertIssue(s);
    for (const issue of [reopened, kept]) {
      await resolve(issue.id, { type: ResolutionType.IN_RELEASE, releaseId: resolvedIn!.id });
      await resolvedInActivity(issue, { version: "web@2.0.0" }, day(6));
    }

    const results = await run([
      candidate(reopened, { eventTime: at("11:00:00"), release: resolvedIn! }),
      candidate(kept, { eventTime: at("11:00:00"), release: older! }),
    ]);

    expect(results.get(reopened.id)?.regressed).toBe(true);
    expect(results.get(kept.id)?.regressed).toBe(false);
    await expectUntouched(kept);
    expect(await hasResolutionRow(kept.id)).toBe(true);

    expect(await hasResolutionRow(reopened.id)).toBe(false);
    // A resolved-in activity with a version keeps it.
    expect(
      (await activitiesOf(reopened.id, ActivityType.SET_RESOLVED_IN_RELEASE)).map((a) => a.data),
    ).toEqual([{ version: "web@2.0.0" }]);
    expect((await activitiesOf(reopened.id, ActivityType.SET_REGRESSION)).map((a) => a.data)).toEqual([
      expect.objectContaining({
        version: "web@2.0.0",
        follows_semver: true,
        resolved_in_version: "web@2.0.0",
      }),
    ]);
  });

  it("a deleted resolution release falls back to the resolution's date", async () => {
    const s = await scope();
    const [doomed, before, after] = await releases(s, [
      ["build-a", day(1)],
      ["build-b", day(4)],
      ["build-c", day(6)],
    ]);
    const fromOlder = await insertIssue(s);
    const fromNewer = await insertIssue(s);
    for (const issue of [fromOlder, fromNewer]) {
      await resolve(issue.id, { type: ResolutionType.IN_RELEASE, releaseId: doomed!.id, datetime: day(5) });
    }
    await db("releases").where({ id: doomed!.id }).delete();
    expect(
      await db("issue_resolutions").whereIn("issue_id", [fromOlder.id, fromNewer.id]).pluck("release_id"),
    ).toEqual([null, null]);

    const newer = candidate(fromNewer, { eventTime: at("11:00:00"), release: after! });
    const results = await run([candidate(fromOlder, { eventTime: at("11:00:00"), release: before! }), newer]);

    expect(results.get(fromOlder.id)?.regressed).toBe(false);
    await expectUntouched(fromOlder);
    expect(results.get(fromNewer.id)?.regressed).toBe(true);
    expect(await hasResolutionRow(fromNewer.id)).toBe(false);
    // No resolved-in activity was found: the regression activity has no semver keys.
    expect((await activitiesOf(fromNewer.id, ActivityType.SET_REGRESSION)).map((a) => a.data)).toEqual([
      { event_id: newer.eventId, version: "build-c" },
    ]);
  });

  it("a resolved issue without release regresses at max(event time, last_seen)", async () => {
    const s = await scope();
    const issue = await insertIssue(s, { lastSeen: at("10:00:00"), activeAt: at("08:00:00") });
    const c = candidate(issue, { eventTime: at("09:30:00"), release: null });

    const results = await run([c]);

    expect(results.get(issue.id)).toEqual({ issueId: issue.id, regressed: true, date: at("10:00:00") });
    expect(await issueRow(issue.id)).toMatchObject({ active_at: at("10:00:00"), last_seen: at("10:00:00") });
    expect((await activitiesOf(issue.id, ActivityType.SET_REGRESSION)).map((a) => a.data)).toEqual([
      { event_id: c.eventId, version: "" },
    ]);
    expect(await historyOf(issue.id)).toEqual([{ status: GroupHistoryStatus.REGRESSED, release_id: null }]);
    expect(await inboxOf(issue.id)).toEqual({ reason: GroupInboxReason.REGRESSION });
  });

  it("an event without release never regresses an issue that has a resolution", async () => {
    const s = await scope();
    const [r1] = await releases(s, [["web@1.0.0", day(1)]]);
    const issue = await insertIssue(s);
    await resolve(issue.id, { type: ResolutionType.IN_RELEASE, releaseId: r1!.id });

    const results = await run([candidate(issue, { eventTime: at("11:00:00"), release: null })]);

    expect(results.get(issue.id)?.regressed).toBe(false);
    await expectUntouched(issue);
  });

  it("an event within 5 s of active_at does not regress; one 6 s later does", async () => {
    const s = await scope();
    const activeAt = at("10:00:00");
    const within = await insertIssue(s, { lastSeen: activeAt, activeAt });
    const beyond = await insertIssue(s, { lastSeen: activeAt, activeAt });

    const results = await run([
      candidate(within, { eventTime: seconds(activeAt, 5), release: null }),
      candidate(beyond, { eventTime: seconds(activeAt, 6), release: null }),
    ]);

    expect(results.get(within.id)?.regressed).toBe(false);
    await expectUntouched(within);
    expect(results.get(beyond.id)).toEqual({
      issueId: beyond.id,
      regressed: true,
      date: seconds(activeAt, 6),
    });
    expect((await issueRow(beyond.id)).status).toBe(GroupStatus.UNRESOLVED);
  });

  it("a committed but unreleased fix blocks regression; a released one does not", async () => {
    const s = await scope();
    const [shipped] = await releases(s, [["web@1.0.0", day(1)]]);
    const [repo] = await db("repositories")
      .insert({ organization_id: s.org.id, name: "acme/web" })
      .returning<{ id: number }[]>("id");
    const commit = async (key: string): Promise<number> => {
      const [row] = await db("commits")
        .insert({ organization_id: s.org.id, repository_id: repo!.id, key })
        .returning<{ id: number }[]>("id");
      return Number(row!.id);
    };
    const released = await commit("aaa");
    const unreleased = await commit("bbb");
    await db("release_commits").insert({ release_id: shipped!.id, commit_id: released });

    const pending = await insertIssue(s);
    const fixedAndShipped = await insertIssue(s);
    // `pending`'s latest link is the unreleased commit; `fixedAndShipped`'s latest is the released one.
    await db("issue_commit_links").insert([
      { issue_id: pending.id, commit_id: released, datetime: day(1) },
      { issue_id: pending.id, commit_id: unreleased, datetime: day(2) },
      { issue_id: fixedAndShipped.id, commit_id: unreleased, datetime: day(1) },
      { issue_id: fixedAndShipped.id, commit_id: released, datetime: day(2) },
    ]);

    const results = await run([
      candidate(pending, { eventTime: at("11:00:00"), release: null }),
      candidate(fixedAndShipped, { eventTime: at("11:00:00"), release: null }),
    ]);

    expect(results.get(pending.id)?.regressed).toBe(false);
    await expectUntouched(pending);
    expect(results.get(fixedAndShipped.id)?.regressed).toBe(true);
  });

  it("auto-resolve by age: an old unresolved issue regresses, ignored issues and types without auto-resolve do not", async () => {
    const s = await scope();
    const old = new Date(NOW.getTime() - 48 * 3_600_000);
    const ongoing = { status: GroupStatus.UNRESOLVED, substatus: GroupSubStatus.ONGOING, activeAt: old };
    const aged = await insertIssue(s, { ...ongoing, lastSeen: old });
    const recent = await insertIssue(s, { ...ongoing, lastSeen: new Date(NOW.getTime() - 3_600_000) });
    const ignored = await insertIssue(s, {
      status: GroupStatus.IGNORED,
      substatus: GroupSubStatus.FOREVER,
      lastSeen: old,
      activeAt: old,
    });
    const noAuto = await insertIssue(s, { ...ongoing, type: NO_AUTO_RESOLVE_TYPE, lastSeen: old });

    const results = await run(
      [aged, recent, ignored, noAuto].map((issue) =>
        candidate(issue, { eventTime: NOW, release: null, resolveAgeHours: 24 }),
      ),
    );

    expect(results.get(aged.id)).toEqual({ issueId: aged.id, regressed: true, date: NOW });
    expect(await issueRow(aged.id)).toMatchObject({
      status: GroupStatus.UNRESOLVED,
      substatus: GroupSubStatus.REGRESSED,
    });
    for (const issue of [recent, ignored, noAuto]) {
      expect(results.get(issue.id)?.regressed).toBe(false);
      await expectUntouched(issue);
    }
  });

  it("a batch costs the same number of queries for one regressing issue as for twenty", async () => {
    const s = await scope();
    const [r1, r2] = await releases(s, [
      ["web@1.0.0", day(1)],
      ["web@1.1.0", day(2)],
    ]);
    const seedBatch = async (n: number): Promise<RegressionCandidate[]> => {
      const batch: RegressionCandidate[] = [];
      for (let i = 0; i < n; i++) {
        const issue = await insertIssue(s);
        await resolve(issue.id, {
          type: ResolutionType.IN_NEXT_RELEASE,
          releaseId: r1!.id,
          currentReleaseVersion: "web@1.0.0",
        });
        await resolvedInActivity(issue, { version: "" }, day(3));
        batch.push(candidate(issue, { eventTime: at("11:00:00"), release: r2! }));
      }
      return batch;
    };
    const countQueries = async (batch: RegressionCandidate[]): Promise<number> => {
      let count = 0;
      const onQuery = (): void => {
        count += 1;
      };
      const results = await db.transaction(async (trx) => {
        db.on("query", onQuery);
        try {
          return await engine.handleRegressions(trx, batch);
        } finally {
          db.off("query", onQuery);
        }
      });
      expect([...results.values()].every((r) => r.regressed)).toBe(true);
      return count;
    };

    const one = await countQueries(await seedBatch(1));
    const twenty = await countQueries(await seedBatch(20));
    expect(twenty).toBe(one);
    expect(one).toBeLessThanOrEqual(10);
  });
});

describe("concurrent regressors", () => {
  async function expectRegressedOnce(issueId: number): Promise<void> {
    expect(await activitiesOf(issueId, ActivityType.SET_REGRESSION)).toHaveLength(1);
    expect(await historyOf(issueId)).toEqual([
      expect.objectContaining({ status: GroupHistoryStatus.REGRESSED }),
    ]);
    expect(
      await db("issue_inbox").where({ issue_id: issueId }).count<{ count: number }[]>("* as count"),
    ).toEqual([{ count: 1 }]);
    expect(await hasResolutionRow(issueId)).toBe(false);
    expect((await issueRow(issueId)).substatus).toBe(GroupSubStatus.REGRESSED);
  }

  it("the second of two transactions waits for the first and then does not regress again", async () => {
    const { issue, release } = await seedResolved();
    const first = await db.transaction();
    const second = await db.transaction();
    try {
      const firstResult = await engine.handleRegressions(first, [
        candidate(issue, { eventTime: at("11:00:00"), release }),
      ]);
      expect(firstResult.get(issue.id)?.regressed).toBe(true);

      // The second read the same committed state (resolved, resolution present) and now blocks on the row.
      const holder = await backendPid(first);
      let settled = false;
      const secondRun = engine
        .handleRegressions(second, [candidate(issue, { eventTime: at("11:00:02"), release })])
        .finally(() => {
          settled = true;
        });
      await waitForLockWaiter(db, holder);
      expect(settled).toBe(false);

      await first.commit();
      const secondResult = await secondRun;
      await second.commit();
      expect(secondResult.get(issue.id)).toEqual({ issueId: issue.id, regressed: false, date: null });
    } finally {
      if (!first.isCompleted()) await first.rollback();
      if (!second.isCompleted()) await second.rollback();
    }
    await expectRegressedOnce(issue.id);
  });

  it("two transactions racing on the same issue regress it exactly once", async () => {
    const { issue, release } = await seedResolved();
    const results = await Promise.all(
      ["11:00:00", "11:00:01"].map((time) =>
        db.transaction((trx) =>
          engine.handleRegressions(trx, [candidate(issue, { eventTime: at(time), release })]),
        ),
      ),
    );
    expect(results.filter((r) => r.get(issue.id)?.regressed)).toHaveLength(1);
    await expectRegressedOnce(issue.id);
  });
});
