import { describe, expect, it } from "vitest";
import {
  ActivityType,
  GroupHistoryStatus,
  GroupInboxReason,
  GroupStatus,
  GroupSubStatus,
  ResolutionStatus,
  ResolutionType,
} from "@sift/schemas";
import { addOrganizationMember, createTeam, createUser } from "@sift/storage";
import { backendPid, waitForLockWaiter } from "@sift/testkit";
import { newId } from "./test/generate.js";
import type { OccurrenceSpec } from "./test/generate.js";
import { issueRow, useApiHarness } from "./test/harness.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let counter = 0;

const h = await useApiHarness();

/** A fresh issue in `projectId` with `count` occurrences, `minutesAgo` ago; returns its id and fingerprint. */
async function newIssue(
  options: { projectId?: number; count?: number; release?: string; minutesAgo?: number; type?: number } = {},
): Promise<{ id: number; fingerprint: string }> {
  counter += 1;
  const fingerprint = `upd-${counter}`;
  const projectId = options.projectId ?? 1;
  const base = h.clock.now().getTime() - (options.minutesAgo ?? 60) * MINUTE;
  await h.ingest(
    Array.from({ length: options.count ?? 1 }, (_, i) => ({
      projectId,
      fingerprint,
      time: new Date(base + i * 1000),
      release: options.release ?? null,
      type: options.type,
    })),
  );
  const row = await issueRow(h.db, projectId, fingerprint);
  return { id: row!.id, fingerprint };
}

async function occur(fingerprint: string, extra: Partial<OccurrenceSpec> = {}): Promise<void> {
  h.clock.advance(10_000);
  await h.ingest([{ projectId: 1, fingerprint, time: h.clock.now(), ...extra }]);
}

/** What a bulk answer without a status says of an unresolved issue. */
const UNRESOLVED = { status: "unresolved", statusDetails: {}, isPublic: false };

const put = (id: number, body: unknown, path = "/api/0/organizations/acme/issues/") =>
  h.request("PUT", `${path}?id=${id}`, { body });

async function state(id: number) {
  const row = (await h.db("issues").where({ id }).first()) as {
    status: number;
    substatus: number | null;
    priority: number | null;
    priority_locked_at: Date | null;
    resolved_at: Date | null;
    times_seen: number;
    assignee_user_id: number | null;
    assignee_team_id: number | null;
  };
  const activities = (await h.db("activities").where({ issue_id: id }).orderBy("id")) as {
    type: number;
    data: Record<string, unknown>;
    ident: string | null;
  }[];
  const history = (
    (await h.db("issue_history").where({ issue_id: id }).orderBy("id")) as { status: number }[]
  ).map((r) => r.status);
  const inbox = (await h.db("issue_inbox").where({ issue_id: id }).first()) as { reason: number } | undefined;
  const resolution = (await h.db("issue_resolutions").where({ issue_id: id }).first()) as
    | {
        type: number | null;
        status: number;
        release_id: number | null;
        current_release_version: string | null;
      }
    | undefined;
  const snooze = (await h.db("snoozes").where({ issue_id: id }).first()) as
    | {
        count: number | null;
        window: number | null;
        until: Date | null;
        state: Record<string, unknown> | null;
      }
    | undefined;
  return { ...row, activities, history, inbox, resolution, snooze };
}

describe("resolve", () => {
  it("answers with the validated body and computed fields, and a new occurrence regresses the issue", async () => {
    const { id, fingerprint } = await newIssue();
    const res = await put(id, { status: "resolved" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "resolved", statusDetails: {}, inbox: null, isPublic: false });
    let s = await state(id);
    expect(s.status).toBe(GroupStatus.RESOLVED);
    expect(s.substatus).toBeNull();
    expect(s.resolved_at).not.toBeNull();
    expect(s.inbox).toBeUndefined();
    expect(s.activities.map((a) => a.type)).toEqual([ActivityType.FIRST_SEEN, ActivityType.SET_RESOLVED]);
    expect(s.history).toEqual([GroupHistoryStatus.RESOLVED]);

    await occur(fingerprint);
    s = await state(id);
    expect(s.status).toBe(GroupStatus.UNRESOLVED);
    expect(s.substatus).toBe(GroupSubStatus.REGRESSED);
    expect(s.inbox?.reason).toBe(GroupInboxReason.REGRESSION);
    const listed = await h.request("GET", "/api/0/organizations/acme/issues/?query=is:regressed");
    expect(listed.json<{ id: string }[]>().map((i) => Number(i.id))).toContain(id);
  });

  it("in a release: an event of an older release does not regress, a newer one does", async () => {
    await newIssue({ release: "web@0.9.0", minutesAgo: 300 });
    const { id, fingerprint } = await newIssue({ release: "web@1.0.0", minutesAgo: 200 });
    await newIssue({ release: "web@1.1.0", minutesAgo: 100 });
    const res = await put(id, { status: "resolved", statusDetails: { inRelease: "web@1.0.0" } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: "resolved",
      statusDetails: { inRelease: "web@1.0.0" },
      inbox: null,
    });
    let s = await state(id);
    expect(s.resolution).toMatchObject({
      type: ResolutionType.IN_RELEASE,
      status: ResolutionStatus.RESOLVED,
    });
    expect(s.activities.at(-1)).toMatchObject({
      type: ActivityType.SET_RESOLVED_IN_RELEASE,
      ident: String(id),
      data: { version: "web@1.0.0" },
    });
    expect(s.history.at(-1)).toBe(GroupHistoryStatus.SET_RESOLVED_IN_RELEASE);
    const details = await h.request("GET", `/api/0/issues/${id}/`);
    expect(details.json()).toMatchObject({ status: "resolved", statusDetails: { inRelease: "web@1.0.0" } });

    await occur(fingerprint, { release: "web@0.9.0" });
    expect((await state(id)).status).toBe(GroupStatus.RESOLVED);
    await occur(fingerprint, { release: "web@1.1.0" });
    s = await state(id);
    expect(s.status).toBe(GroupStatus.UNRESOLVED);
    expect(s.substatus).toBe(GroupSubStatus.REGRESSED);
    expect(s.activities.at(-1)).toMatchObject({
      type: ActivityType.SET_REGRESSION,
      data: { version: "web@1.1.0" },
    });
  });

  it("in the next release (semver): covered until a newer release, then the activity is back-filled", async () => {
    const { id, fingerprint } = await newIssue({ release: "web@2.0.0", minutesAgo: 50 });
    const res = await put(id, { status: "resolvedInNextRelease" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: "resolved",
      statusDetails: { inNextRelease: true },
      inbox: null,
    });
    let s = await state(id);
    expect(s.resolution).toMatchObject({
      type: ResolutionType.IN_RELEASE,
      status: ResolutionStatus.RESOLVED,
      current_release_version: "web@2.0.0",
    });
    expect(s.activities.at(-1)).toMatchObject({
      type: ActivityType.SET_RESOLVED_IN_RELEASE,
      ident: String(id),
      data: { version: "", current_release_version: "web@2.0.0" },
    });

    await occur(fingerprint, { release: "web@2.0.0" });
    expect((await state(id)).status).toBe(GroupStatus.RESOLVED);
    await occur(fingerprint, { release: "web@2.0.1" });
    s = await state(id);
    expect(s.substatus).toBe(GroupSubStatus.REGRESSED);
    expect(s.resolution).toBeUndefined();
    const resolvedIn = s.activities.find((a) => a.type === ActivityType.SET_RESOLVED_IN_RELEASE)!;
    expect(resolvedIn.data).toEqual({ version: "web@2.0.1", current_release_version: "web@2.0.0" });
    expect(s.activities.at(-1)).toMatchObject({
      type: ActivityType.SET_REGRESSION,
      data: { version: "web@2.0.1", follows_semver: true, resolved_in_version: "web@2.0.1" },
    });
  });

  it("in the next release (date-ordered versions): pending until a release after the current one", async () => {
    const { id, fingerprint } = await (async () => {
      counter += 1;
      const fp = `upd-dated-${counter}`;
      await h.ingest([
        { projectId: 2, fingerprint: fp, time: new Date(h.clock.now().getTime() - HOUR), release: "4f9c2e1" },
      ]);
      return { id: (await issueRow(h.db, 2, fp))!.id, fingerprint: fp };
    })();
    const res = await h.request("PUT", `/api/0/organizations/acme/issues/?id=${id}`, {
      body: { status: "resolved", statusDetails: { inNextRelease: true } },
    });
    expect(res.statusCode, res.body).toBe(200);
    let s = await state(id);
    expect(s.resolution).toMatchObject({
      type: ResolutionType.IN_NEXT_RELEASE,
      status: ResolutionStatus.PENDING,
      current_release_version: "4f9c2e1",
    });
    h.clock.advance(10_000);
    await h.ingest([{ projectId: 2, fingerprint, time: h.clock.now(), release: "4f9c2e1" }]);
    expect((await state(id)).status).toBe(GroupStatus.RESOLVED);
    h.clock.advance(10_000);
    await h.ingest([{ projectId: 2, fingerprint, time: h.clock.now(), release: "b71d0aa" }]);
    s = await state(id);
    expect(s.substatus).toBe(GroupSubStatus.REGRESSED);
  });

  it("in a commit: links the commit; a pending commit fix suppresses regressions", async () => {
    const { id, fingerprint } = await newIssue();
    // A commit that ships in no release: added with one release, then replaced in it.
    let res = await h.request("POST", "/api/0/organizations/acme/releases/", {
      body: {
        version: "web@9.0.0",
        projects: ["web"],
        commits: [{ id: "c0ffee01", repository: "acme/web", message: "fix the thing" }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    res = await h.request("PUT", "/api/0/organizations/acme/releases/web@9.0.0/", {
      body: { commits: [{ id: "c0ffee02", repository: "acme/web" }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    res = await put(id, {
      status: "resolved",
      statusDetails: { inCommit: { commit: "c0ffee01", repository: "acme/web" } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: "resolved",
      statusDetails: {
        inCommit: { id: "c0ffee01", message: "fix the thing", repository: { name: "acme/web" } },
      },
      inbox: null,
    });
    let s = await state(id);
    expect(s.resolution).toBeUndefined();
    expect(s.activities.at(-1)?.type).toBe(ActivityType.SET_RESOLVED_IN_COMMIT);
    expect(s.history.at(-1)).toBe(GroupHistoryStatus.SET_RESOLVED_IN_COMMIT);
    expect(await h.db("issue_commit_links").where({ issue_id: id, relationship: 1 })).toHaveLength(1);

    await occur(fingerprint);
    expect((await state(id)).status).toBe(GroupStatus.RESOLVED);

    // The commit ships: the issue is now resolved in that release (the pending-commit rule).
    res = await h.request("POST", "/api/0/organizations/acme/releases/", {
      body: {
        version: "web@9.1.0",
        projects: ["web"],
        commits: [{ id: "c0ffee01", repository: "acme/web" }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    s = await state(id);
    expect(s.resolution).toMatchObject({
      type: ResolutionType.IN_RELEASE,
      status: ResolutionStatus.RESOLVED,
    });
    const details = await h.request("GET", `/api/0/issues/${id}/`);
    expect(details.json()).toMatchObject({ statusDetails: { inRelease: "web@9.1.0" } });
  });

  it.each<[body: unknown, projects: "one" | "two", detail: string]>([
    [
      { status: "resolved", statusDetails: { inRelease: "web@404" } },
      "one",
      "Unable to find a release with the given version.",
    ],
    [
      { status: "resolved", statusDetails: { inRelease: "web@1.0.0" } },
      "two",
      "Cannot set resolved in release for multiple projects.",
    ],
    [
      { status: "resolvedInNextRelease" },
      "two",
      "Cannot set resolved in next release for multiple projects.",
    ],
    [
      { status: "resolved", statusDetails: { inCommit: { commit: "abc", repository: "nope" } } },
      "one",
      "Unable to find the given repository.",
    ],
    [
      { status: "resolved", statusDetails: { inCommit: { commit: "nope", repository: "acme/web" } } },
      "one",
      "Unable to find the given commit.",
    ],
  ])("refuses %j on %s project(s) with the reference's message", async (body, projects, detail) => {
    const { id } = await newIssue();
    const ids = projects === "two" ? [id, (await newIssue({ projectId: 2 })).id] : [id];
    const res = await h.request(
      "PUT",
      `/api/0/organizations/acme/issues/?${ids.map((i) => `id=${i}`).join("&")}`,
      {
        body,
      },
    );
    expect({ status: res.statusCode, detail: res.json<{ detail: string }>().detail }).toEqual({
      status: 400,
      detail,
    });
    // Nothing was changed by the refusal.
    expect((await state(id)).status).toBe(GroupStatus.UNRESOLVED);
  });

  it("in the next release needs a release", async () => {
    const org = await h.createOrg("norel", [{ slug: "bare", id: 77 }]);
    counter += 1;
    await h.ingest([
      { projectId: 77, fingerprint: `bare-${counter}`, time: new Date(h.clock.now().getTime() - MINUTE) },
    ]);
    const issue = await issueRow(h.db, 77, `bare-${counter}`);
    const res = await h.request("PUT", `/api/0/organizations/norel/issues/?id=${issue!.id}`, {
      token: org.tokens.write,
      body: { status: "resolvedInNextRelease" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      detail: "No release data present in the system to form a basis for 'Next Release'",
    });
  });
});

describe("ignore and unresolve", () => {
  it("ignores until a count, and the pipeline lifts it when the count is reached", async () => {
    const { id, fingerprint } = await newIssue({ count: 4 });
    const res = await put(id, { status: "ignored", statusDetails: { ignoreCount: 3 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      status: "ignored",
      statusDetails: { ignoreCount: 3 },
      inbox: null,
      isPublic: false,
    });
    let s = await state(id);
    expect([s.status, s.substatus]).toEqual([GroupStatus.IGNORED, GroupSubStatus.UNTIL_CONDITION_MET]);
    expect(s.snooze).toMatchObject({ count: 3, window: null, state: { times_seen: 4 } });
    expect(s.inbox).toBeUndefined();
    expect(s.activities.at(-1)).toMatchObject({ type: ActivityType.SET_IGNORED, data: { ignoreCount: 3 } });
    expect(s.history.at(-1)).toBe(GroupHistoryStatus.ARCHIVED_UNTIL_CONDITION_MET);
    const details = await h.request("GET", `/api/0/issues/${id}/`);
    expect(details.json()).toMatchObject({
      status: "ignored",
      substatus: "archived_until_condition_met",
      statusDetails: { ignoreCount: 3 },
    });

    await occur(fingerprint);
    await occur(fingerprint);
    s = await state(id);
    expect(s.status).toBe(GroupStatus.IGNORED);
    const remaining = await h.request("GET", `/api/0/issues/${id}/`);
    expect(remaining.json()).toMatchObject({ statusDetails: { ignoreCount: 1 } });
    await occur(fingerprint);
    s = await state(id);
    expect([s.status, s.substatus]).toEqual([GroupStatus.UNRESOLVED, GroupSubStatus.ESCALATING]);
    expect(s.snooze).toBeUndefined();
    expect(s.inbox?.reason).toBe(GroupInboxReason.ESCALATING);
  });

  it("ignores for a duration, for users, until escalating and forever", async () => {
    const { id } = await newIssue({ count: 2 });
    let res = await put(id, { status: "ignored", ignoreDuration: 30 });
    expect(res.statusCode, res.body).toBe(200);
    const until = new Date(h.clock.now().getTime() + 30 * MINUTE).toISOString();
    expect(res.json()).toMatchObject({
      status: "ignored",
      ignoreDuration: 30,
      statusDetails: { ignoreUntil: until },
    });
    expect((await state(id)).snooze?.until?.toISOString()).toBe(until);

    res = await put(id, { status: "ignored", statusDetails: { ignoreUserCount: 5, ignoreUserWindow: 60 } });
    expect(res.json<{ statusDetails: unknown }>().statusDetails).toEqual({
      ignoreUserCount: 5,
      ignoreUserWindow: 60,
    });

    res = await put(id, { status: "ignored", substatus: "archived_until_escalating" });
    expect(res.json()).toEqual({
      status: "ignored",
      substatus: "archived_until_escalating",
      statusDetails: { ignoreUntilEscalating: true },
      inbox: null,
      isPublic: false,
    });
    let s = await state(id);
    expect(s.substatus).toBe(GroupSubStatus.UNTIL_ESCALATING);
    expect(s.snooze).toBeUndefined();

    res = await put(id, { status: "muted" });
    expect(res.json()).toEqual({ status: "muted", statusDetails: {}, inbox: null, isPublic: false });
    s = await state(id);
    expect([s.status, s.substatus]).toEqual([GroupStatus.IGNORED, GroupSubStatus.FOREVER]);
    expect(s.history.at(-1)).toBe(GroupHistoryStatus.ARCHIVED_FOREVER);
  });

  it("unresolves: a recent ignored issue becomes new and returns to the inbox; resolutions go", async () => {
    const { id } = await newIssue();
    await put(id, { status: "ignored" });
    let res = await put(id, { status: "unresolved" });
    expect(res.json()).toEqual({ status: "unresolved", statusDetails: {}, isPublic: false });
    let s = await state(id);
    expect([s.status, s.substatus]).toEqual([GroupStatus.UNRESOLVED, GroupSubStatus.NEW]);
    expect(s.inbox?.reason).toBe(GroupInboxReason.UNIGNORED);
    expect(s.activities.at(-1)?.type).toBe(ActivityType.SET_UNRESOLVED);

    await newIssue({ release: "web@5.0.0" });
    await put(id, { status: "resolved", statusDetails: { inRelease: "web@5.0.0" } });
    expect((await state(id)).resolution).toBeDefined();
    res = await put(id, { status: "unresolved", substatus: "ongoing" });
    expect(res.json()).toEqual({
      status: "unresolved",
      substatus: "ongoing",
      statusDetails: {},
      isPublic: false,
    });
    s = await state(id);
    expect([s.status, s.substatus]).toEqual([GroupStatus.UNRESOLVED, GroupSubStatus.ONGOING]);
    expect(s.resolution).toBeUndefined();
  });
});

describe("priority, assignee and inbox", () => {
  it("locks a priority set by hand, so an escalation does not bump it", async () => {
    const { id, fingerprint } = await newIssue({ type: 1010 });
    expect((await state(id)).priority).toBe(25);
    let res = await put(id, { priority: "low" });
    expect(res.json()).toEqual({ priority: "low", ...UNRESOLVED });
    let s = await state(id);
    expect(s.priority_locked_at).not.toBeNull();
    // Unchanged priority: locked, but no activity.
    expect(s.activities.map((a) => a.type)).toEqual([ActivityType.FIRST_SEEN]);
    res = await put(id, { priority: "HIGH" });
    expect(res.json()).toEqual({ priority: "high", ...UNRESOLVED });
    res = await put(id, { priority: "low" });
    s = await state(id);
    expect(s.priority).toBe(25);
    expect(s.activities.map((a) => a.data)).toEqual([
      {},
      { priority: "high", reason: null },
      { priority: "low", reason: null },
    ]);
    expect(s.history).toEqual([GroupHistoryStatus.PRIORITY_HIGH, GroupHistoryStatus.PRIORITY_LOW]);

    // Ignored until escalating, then escalated by the pipeline: a locked priority stays low.
    await put(id, { status: "ignored", substatus: "archived_until_escalating" });
    await h.pipeline.processor.processBatch([
      {
        value: JSON.stringify({
          payload_type: "status_change",
          id: newId(),
          project_id: 1,
          fingerprint: [fingerprint],
          new_status: 0,
          new_substatus: 2,
        }),
      },
    ]);
    s = await state(id);
    expect([s.status, s.substatus, s.priority]).toEqual([
      GroupStatus.UNRESOLVED,
      GroupSubStatus.ESCALATING,
      25,
    ]);
  });

  it("assigns to members and teams of the organization, and unassigns", async () => {
    const { id } = await newIssue();
    const { user } = await createUser(h.db, { email: "bob@acme.test", username: "bob", name: "Bob" });
    await addOrganizationMember(h.db, h.acme.organization.id, user.id);
    const team = await createTeam(h.db, { organizationId: h.acme.organization.id, slug: "backend" });
    const { user: stranger } = await createUser(h.db, { email: "eve@else.test" });

    let res = await put(id, { assignedTo: "bob" });
    expect(res.json()).toEqual({
      assignedTo: { type: "user", id: String(user.id), name: "Bob", email: "bob@acme.test" },
      ...UNRESOLVED,
    });
    res = await put(id, { assignedTo: `user:${user.id}` });
    expect(res.statusCode).toBe(200);
    res = await put(id, { assignedTo: `team:${team.id}` });
    expect(res.json()).toEqual({
      assignedTo: { type: "team", id: String(team.id), name: "backend" },
      ...UNRESOLVED,
    });
    const details = await h.request("GET", `/api/0/issues/${id}/`);
    expect(details.json()).toMatchObject({ assignedTo: { type: "team", name: "backend" } });
    const search = await h.request("GET", `/api/0/organizations/acme/issues/?query=assigned:%23backend`);
    expect(search.json<{ id: string }[]>().map((i) => Number(i.id))).toEqual([id]);

    res = await put(id, { assignedTo: "" });
    expect(res.json()).toEqual({ assignedTo: null, ...UNRESOLVED });
    const s = await state(id);
    expect([s.assignee_user_id, s.assignee_team_id]).toEqual([null, null]);
    expect(s.activities.map((a) => a.type)).toEqual([
      ActivityType.FIRST_SEEN,
      ActivityType.ASSIGNED,
      ActivityType.ASSIGNED,
      ActivityType.UNASSIGNED,
    ]);
    expect(s.history).toEqual([
      GroupHistoryStatus.ASSIGNED,
      GroupHistoryStatus.ASSIGNED,
      GroupHistoryStatus.UNASSIGNED,
    ]);

    for (const assignedTo of ["eve@else.test", `user:${stranger.id}`, "nobody"]) {
      res = await put(id, { assignedTo });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ detail: "Cannot assign to non-team member" });
    }
    res = await put(id, { assignedTo: "team:999999" });
    expect(res.json()).toEqual({ detail: "Cannot assign to a team without access to the project" });
  });

  it("adds to and removes from the inbox; echoes flags Sift does not store", async () => {
    const { id } = await newIssue();
    let res = await put(id, { inbox: false });
    expect(res.json()).toEqual({ inbox: false, ...UNRESOLVED });
    let s = await state(id);
    expect(s.inbox).toBeUndefined();
    expect(s.history).toEqual([GroupHistoryStatus.REVIEWED]);
    res = await put(id, {
      inbox: true,
      hasSeen: true,
      isBookmarked: true,
      isPublic: false,
      isSubscribed: true,
    });
    expect(res.json()).toEqual({
      inbox: true,
      hasSeen: true,
      isBookmarked: true,
      isPublic: false,
      isSubscribed: true,
      subscriptionDetails: { reason: "unknown" },
      status: "unresolved",
      statusDetails: {},
    });
    s = await state(id);
    expect(s.inbox?.reason).toBe(GroupInboxReason.MANUAL);
    const listed = await h.request("GET", `/api/0/organizations/acme/issues/?group=${id}&expand=inbox`);
    expect(listed.json<{ inbox: { reason: number } }[]>()[0]!.inbox.reason).toBe(GroupInboxReason.MANUAL);
  });
});

describe("selection and validation", () => {
  it("updates by query, the default query when `query` is absent, and answers 204 when nothing matches", async () => {
    const low = await newIssue({ type: 1010 });
    const high = await newIssue();
    // No `query`: the default (unresolved, high or medium) applies, so the low-priority issue stays.
    let res = await h.request("PUT", "/api/0/projects/acme/web/issues/", { body: { inbox: false } });
    expect(res.statusCode).toBe(200);
    expect((await state(high.id)).inbox).toBeUndefined();
    expect((await state(low.id)).inbox).toBeDefined();
    res = await h.request(
      "PUT",
      `/api/0/projects/acme/web/issues/?query=${encodeURIComponent("issue.priority:low is:unresolved")}`,
      {
        body: { status: "ignored" },
      },
    );
    expect(res.statusCode).toBe(200);
    expect((await state(low.id)).status).toBe(GroupStatus.IGNORED);
    expect((await state(high.id)).status).not.toBe(GroupStatus.IGNORED);
    res = await h.request("PUT", "/api/0/organizations/acme/issues/?query=times_seen:>100000", {
      body: { status: "resolved" },
    });
    expect(res.statusCode).toBe(204);
    res = await h.request("PUT", "/api/0/organizations/acme/issues/?id=987654321", {
      body: { status: "resolved" },
    });
    expect(res.statusCode).toBe(204);
  });

  it("refuses more than 1,000 ids in one request", async () => {
    const many = Array.from({ length: 1001 }, (_, i) => i + 1).join(",");
    const res = await h.request("PUT", `/api/0/organizations/acme/issues/?id=${many}`, {
      body: { inbox: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ detail: "Too many issue ids: at most 1000 per request" });
  });

  it("a single update answers with the whole updated issue", async () => {
    const { id } = await newIssue();
    const res = await h.request("PUT", `/api/0/organizations/acme/issues/${id}/`, {
      body: { status: "resolved", priority: "medium" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: String(id),
      status: "resolved",
      priority: "medium",
      shortId: expect.stringMatching(/^WEB-/),
    });
    expect(res.json<{ priorityLockedAt: string | null }>().priorityLockedAt).not.toBeNull();
  });

  it.each<[unknown, string]>([
    [{ merge: true }, "Merging needs two or more issues."],
    [{ discard: true }, "Discarding issues is not supported by Sift"],
    [{ status: "sleeping" }, 'Invalid field "status"'],
    [{ priority: "urgent" }, 'Invalid field "priority"'],
    [{ statusDetails: { ignoreWindow: 20_000 } }, 'Invalid field "statusDetails.ignoreWindow"'],
    [{ ignoreCount: -1 }, 'Invalid field "ignoreCount"'],
    [{ inbox: "maybe" }, 'Invalid field "inbox"'],
    [{ status: "resolved", substatus: "ongoing" }, "'ongoing' is not a substatus of status 'resolved'"],
    [{ substatus: "archived_forever" }, 'a substatus needs a "status"'],
    [[1, 2], "Invalid"],
  ])("400 for %j", async (body, message) => {
    const { id } = await newIssue();
    const res = await put(id, body);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ detail: string }>().detail).toContain(message);
    expect((await state(id)).status).toBe(GroupStatus.UNRESOLVED);
  });
});

describe("concurrency with the pipeline", () => {
  it("waits for the row lock held by an ingest transaction, and loses neither write", async () => {
    const { id } = await newIssue({ count: 2 });
    const trx = await h.db.transaction();
    try {
      await trx("issues").where({ id }).forUpdate().select("id");
      const holder = await backendPid(trx);
      const pending = put(id, { status: "resolved" });
      // The request's transaction is now queued behind the row lock, and has not written.
      await waitForLockWaiter(h.db, holder);
      expect((await state(id)).status).toBe(GroupStatus.UNRESOLVED);
      await trx("issues").where({ id }).increment("times_seen", 5);
      await trx.commit();
      const res = await pending;
      expect(res.statusCode).toBe(200);
    } catch (error) {
      await trx.rollback().catch(() => undefined);
      throw error;
    }
    const s = await state(id);
    expect(s.status).toBe(GroupStatus.RESOLVED);
    expect(Number(s.times_seen)).toBe(7);
  });
});
