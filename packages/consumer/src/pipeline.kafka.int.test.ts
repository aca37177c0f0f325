import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ActivityType,
  GroupHistoryStatus,
  GroupInboxReason,
  GroupStatus,
  GroupSubStatus,
  ResolutionType,
  hashFingerprintElement,
} from "@sift/schemas";
import { setOrganizationFeature } from "@sift/storage";
import { listFixtures, loadFixtureText } from "@sift/testkit";
import { createHarness, newId } from "./test/harness.js";
import type { Harness } from "./test/harness.js";
import { startKafkaHarness } from "./test/kafka-harness.js";
import type { KafkaHarness } from "./test/kafka-harness.js";
import { at, occurrence, statusChange } from "./test/generate.js";
import { activitiesOf, historyOf, issueFor, newProject, outcomeOf, resolveIssue } from "./test/queries.js";

let h: Harness;
let k: KafkaHarness;

beforeAll(async () => {
  h = await createHarness();
  k = await startKafkaHarness(h);
});
afterAll(async () => {
  await k?.stop();
  await h?.destroy();
});

const T0 = "2026-11-27T11:00:00Z";

describe("the three event paths", () => {
  it("an inline event is saved as a generic event and opens a new issue with the type's defaults", async () => {
    const p = await newProject(h.db, h.organizationId);
    const msg = occurrence({
      projectId: p,
      fingerprint: ["inline-path"],
      type: 1010,
      title: "N+1 API Call",
      subtitle: "GET /api/items/{id}",
      culprit: "/orders",
      level: "warning",
      time: at(T0),
    });
    const [outcome] = await k.send([msg]);
    expect(outcome!.kind).toBe("occurrence");
    if (outcome!.kind !== "occurrence" || outcome!.result.status !== "stored") throw new Error("not stored");
    expect(outcome!.result).toMatchObject({ outcome: "grouped", isNew: true });
    const issue = (await issueFor(h.db, p, "inline-path"))!;
    expect(issue).toMatchObject({
      short_id: 1,
      type: 1010,
      status: GroupStatus.UNRESOLVED,
      substatus: GroupSubStatus.NEW,
      priority: 25,
      level: 30,
      title: "N+1 API Call",
      culprit: "/orders",
      times_seen: 1,
    });
    expect(issue.data.metadata).toMatchObject({
      title: "N+1 API Call",
      value: "GET /api/items/{id}",
      initial_priority: 25,
    });
    expect(issue.message).toBe("N+1 API Call GET /api/items/{id} /orders");
    expect(issue.first_seen.toISOString()).toBe("2026-11-27T11:00:00.000Z");
    const event = await h.db("events").where({ project_id: p }).first();
    expect(event.data.metadata).toEqual({ title: "N+1 API Call" });
    expect(event.data.level).toBe("warning");
    const inbox = await h.db("issue_inbox").where({ issue_id: issue.id }).first();
    expect(inbox.reason).toBe(GroupInboxReason.NEW);
  });

  it("buffered spans build the event in memory and store no event", async () => {
    const p = await newProject(h.db, h.organizationId);
    const [outcome] = await k.send([
      occurrence({ projectId: p, fingerprint: ["buffered"], path: "buffered", time: at(T0) }),
    ]);
    expect(outcomeOf(outcome!)).toBe("grouped");
    expect(await h.db("events").where({ project_id: p }).count("* as n").first()).toEqual({ n: 0 });
    const row = (await h.db("occurrences").where({ project_id: p }).first()) as {
      outcome: string;
      event_time: Date;
    };
    expect(row.outcome).toBe("grouped");
    expect(row.event_time.toISOString()).toBe("2026-11-27T11:00:00.000Z");
  });

  it("a lookup finds the stored event; a missing one is dead-lettered with EVENT_NOT_FOUND", async () => {
    const p = await newProject(h.db, h.organizationId);
    const eventId = newId();
    const first = occurrence({
      projectId: p,
      fingerprint: ["first"],
      eventId,
      time: at(T0),
      release: "api@1.0.0",
    });
    const lookup = occurrence({
      projectId: p,
      fingerprint: ["lookup"],
      eventId,
      path: "lookup",
      time: at(T0, 60),
    });
    const missing = occurrence({ projectId: p, fingerprint: ["lookup"], path: "lookup", time: at(T0, 60) });
    expect((await k.send([first])).map(outcomeOf)).toEqual(["grouped"]);
    expect((await k.send([lookup, missing])).map(outcomeOf)).toEqual(["grouped", "invalid:EVENT_NOT_FOUND"]);
    const issue = (await issueFor(h.db, p, "lookup"))!;
    // The looked-up event's time and release are the issue's.
    expect(issue.first_seen.toISOString()).toBe("2026-11-27T11:00:00.000Z");
    expect(issue.first_release_id).not.toBeNull();
    const letters = await k.deadLetters(1);
    const letter = letters.find((l) => l.value === JSON.stringify(missing))!;
    expect(letter.headers["sift-error-code"]).toBe("EVENT_NOT_FOUND");
    expect(letter.headers["sift-error-message"]).toBe(
      `Failed to lookup event(${String(missing.event_id)}) for project_id(${p})`,
    );
  });
});

describe("issues", () => {
  it("a second occurrence updates the aggregate", async () => {
    const p = await newProject(h.db, h.organizationId);
    await k.send([
      occurrence({ projectId: p, fingerprint: ["agg"], time: at(T0, 60), subtitle: "first", level: "info" }),
    ]);
    await k.send([
      occurrence({
        projectId: p,
        fingerprint: ["agg"],
        time: at(T0, 120),
        subtitle: "second",
        level: "error",
        culprit: "/b",
      }),
      occurrence({
        projectId: p,
        fingerprint: ["agg"],
        time: at(T0, 0),
        subtitle: "second",
        level: "error",
        culprit: "/b",
        user: { id: "u1" },
      }),
    ]);
    const issue = (await issueFor(h.db, p, "agg"))!;
    expect(issue.times_seen).toBe(3);
    expect(issue.first_seen.toISOString()).toBe("2026-11-27T11:00:00.000Z");
    expect(issue.last_seen.toISOString()).toBe("2026-11-27T11:02:00.000Z");
    expect(issue.level).toBe(40);
    expect(issue.culprit).toBe("/b");
    expect(issue.data.metadata.value).toBe("second");
    expect(issue.user_count).toBe(1);
    const stats = await h.db("issue_stats_hourly").where({ issue_id: issue.id }).select("hour", "count");
    expect(stats.map((s: { hour: Date; count: number }) => [s.hour.toISOString(), s.count])).toEqual([
      ["2026-11-27T11:00:00.000Z", 3],
    ]);
  });

  it("the noise gate lets the third N+1 occurrence within 24 h create the issue; earlier ones are noise_gated", async () => {
    const p = await newProject(h.db, h.organizationId);
    const msgs = [0, 1, 2, 3].map((i) =>
      occurrence({ projectId: p, fingerprint: ["n+1"], type: 1006, time: at(T0, i) }),
    );
    expect((await k.send(msgs.slice(0, 2))).map(outcomeOf)).toEqual(["noise_gated", "noise_gated"]);
    expect(await issueFor(h.db, p, "n+1")).toBeUndefined();
    expect((await k.send(msgs.slice(2))).map(outcomeOf)).toEqual(["grouped", "grouped"]);
    const issue = (await issueFor(h.db, p, "n+1"))!;
    expect(issue.times_seen).toBe(2);
    const stored = await h
      .db("occurrences")
      .where({ project_id: p })
      .orderBy("detection_time")
      .select("outcome", "issue_id");
    expect(stored).toEqual([
      { outcome: "noise_gated", issue_id: null },
      { outcome: "noise_gated", issue_id: null },
      { outcome: "grouped", issue_id: issue.id },
      { outcome: "grouped", issue_id: issue.id },
    ]);
  });

  it("the creation quota refuses the sixth new issue of a type in an hour, and frees up after it", async () => {
    const p = await newProject(h.db, h.organizationId);
    const msgs = [1, 2, 3, 4, 5, 6].map((i) =>
      occurrence({ projectId: p, fingerprint: [`quota-${i}`], type: 1010, time: at(T0) }),
    );
    // Six fingerprints land on several partitions, so which one comes sixth is up to the consumer.
    const outcomes = (await k.send(msgs)).map(outcomeOf);
    expect([...outcomes].sort()).toEqual([...Array<string>(5).fill("grouped"), "rate_limited"]);
    const refused = outcomes.indexOf("rate_limited");
    const fingerprint = `quota-${refused + 1}`;
    expect(await issueFor(h.db, p, fingerprint)).toBeUndefined();
    const others = msgs.map((_, i) => `quota-${i + 1}`).filter((f) => f !== fingerprint);
    const shortIds = await Promise.all(others.map(async (f) => (await issueFor(h.db, p, f))?.short_id));
    expect(shortIds.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(await h.db("issues").where({ project_id: p }).count("* as n").first()).toEqual({ n: 5 });
    const retry = occurrence({ projectId: p, fingerprint: [fingerprint], type: 1010, time: at(T0, 10) });
    expect((await k.send([retry])).map(outcomeOf)).toEqual(["rate_limited"]);
    h.clock.advance(3601_000);
    try {
      const later = occurrence({ projectId: p, fingerprint: [fingerprint], type: 1010, time: at(T0, 20) });
      expect((await k.send([later])).map(outcomeOf)).toEqual(["grouped"]);
    } finally {
      h.clock.advance(-3601_000);
    }
    expect((await issueFor(h.db, p, fingerprint))?.short_id).toBe(6);
  });

  it("the feature gate drops an unreleased type until the organisation enables it", async () => {
    const p = await newProject(h.db, h.organizationId);
    const gated = occurrence({ projectId: p, fingerprint: ["regression-exp"], type: 1017, time: at(T0) });
    expect((await k.send([gated])).map(outcomeOf)).toEqual(["feature_disabled"]);
    expect(await h.db("events").where({ project_id: p }).count("* as n").first()).toEqual({ n: 0 });
    await setOrganizationFeature(h.db, h.organizationId, "performance-duration-regression-ingest", true);
    try {
      const allowed = occurrence({ projectId: p, fingerprint: ["regression-exp"], type: 1017, time: at(T0) });
      expect((await k.send([allowed])).map(outcomeOf)).toEqual(["grouped"]);
    } finally {
      await setOrganizationFeature(h.db, h.organizationId, "performance-duration-regression-ingest", false);
    }
  });

  it("assigns a new issue to an organisation member named by the occurrence", async () => {
    const p = await newProject(h.db, h.organizationId);
    const [user] = (await h
      .db("users")
      .insert({ email: "ada@example.com", username: "ada" })
      .returning("id")) as { id: number }[];
    await h.db("organization_members").insert({ organization_id: h.organizationId, user_id: user!.id });
    await k.send([
      occurrence({ projectId: p, fingerprint: ["assigned"], assignee: "ada@example.com", time: at(T0) }),
      occurrence({ projectId: p, fingerprint: ["not-a-member"], assignee: "user:999999", time: at(T0) }),
    ]);
    expect((await issueFor(h.db, p, "assigned"))?.assignee_user_id).toBe(user!.id);
    expect((await issueFor(h.db, p, "not-a-member"))?.assignee_user_id).toBeNull();
  });
});

describe("exactly once", () => {
  it("a replayed occurrence id changes nothing, in the same batch or later", async () => {
    const p = await newProject(h.db, h.organizationId);
    const msg = occurrence({ projectId: p, fingerprint: ["replay"], time: at(T0) });
    expect((await k.send([msg, JSON.stringify(msg) + " "])).map(outcomeOf)).toEqual(["grouped", "replayed"]);
    expect((await k.send([JSON.stringify(msg) + "  "])).map(outcomeOf)).toEqual(["replayed"]);
    const issue = (await issueFor(h.db, p, "replay"))!;
    expect(issue.times_seen).toBe(1);
    expect(await h.db("occurrences").where({ project_id: p }).count("* as n").first()).toEqual({ n: 1 });
  });

  it("dead-letters invalid messages with their reason while valid neighbours are processed", async () => {
    const p = await newProject(h.db, h.organizationId);
    const invalid = listFixtures("invalid").map((name) => loadFixtureText(name));
    const before = occurrence({ projectId: p, fingerprint: ["neighbour-a"], time: at(T0) });
    const after = occurrence({ projectId: p, fingerprint: ["neighbour-b"], time: at(T0) });
    const outcomes = await k.send([before, ...invalid, after]);
    expect(outcomes.map(outcomeOf)).toEqual([
      "grouped",
      "invalid:INVALID_UUID",
      "invalid:MISSING_EVENT_ID",
      "invalid:INVALID_JSON",
      "invalid:PROJECT_MISMATCH",
      "invalid:UNKNOWN_GROUP_TYPE",
      "grouped",
    ]);
    const letters = await k.deadLetters(6);
    for (const text of invalid) {
      const letter = letters.find((l) => l.value === text);
      expect(letter, text).toBeDefined();
      expect(letter!.headers["sift-original-topic"]).toBe(k.kafka.topic);
      expect(Number(letter!.headers["sift-original-offset"])).toBeGreaterThanOrEqual(0);
      expect(letter!.headers["sift-error-message"]).not.toBe("");
    }
    expect(letters.find((l) => l.value === invalid[0])!.headers["sift-error-code"]).toBe("INVALID_UUID");
  });
});

describe("status changes", () => {
  async function issueWith(fingerprint: string, type = 1010): Promise<{ p: number; id: number }> {
    const p = await newProject(h.db, h.organizationId);
    await k.send([occurrence({ projectId: p, fingerprint: [fingerprint], type, time: at(T0) })]);
    return { p, id: (await issueFor(h.db, p, fingerprint))!.id };
  }
  let resend = 0;
  const send = async (
    p: number,
    fingerprint: string,
    status: number,
    substatus: number | null,
    id?: string,
  ) => {
    // A replay is the same message again; trailing spaces keep the harness's bookkeeping apart.
    resend += 1;
    const text =
      JSON.stringify(statusChange({ projectId: p, fingerprint: [fingerprint], status, substatus, id })) +
      " ".repeat(resend);
    return outcomeOf((await k.send([text]))[0]!);
  };

  it("resolve: status, activity and history, once per id; resolving again is a no-op", async () => {
    const { p, id } = await issueWith("sc-resolve");
    const scId = newId();
    expect(await send(p, "sc-resolve", GroupStatus.RESOLVED, null, scId)).toBe("applied");
    expect(await send(p, "sc-resolve", GroupStatus.RESOLVED, null, scId)).toBe("replayed");
    expect(await send(p, "sc-resolve", GroupStatus.RESOLVED, null)).toBe("no_op");
    const issue = (await issueFor(h.db, p, "sc-resolve"))!;
    expect([issue.status, issue.substatus]).toEqual([GroupStatus.RESOLVED, null]);
    expect((await activitiesOf(h.db, id)).map((a) => a.type)).toEqual([
      ActivityType.FIRST_SEEN,
      ActivityType.SET_RESOLVED,
    ]);
    expect(await historyOf(h.db, id)).toEqual([GroupHistoryStatus.RESOLVED]);
    expect(await h.db("issue_inbox").where({ issue_id: id }).first()).toBeUndefined();
  });

  it("substatus rules: missing, unexpected, invalid and unsupported changes are recorded no-ops", async () => {
    const { p, id } = await issueWith("sc-rules");
    expect(await send(p, "sc-rules", GroupStatus.IGNORED, null)).toBe("missing_substatus");
    expect(await send(p, "sc-rules", GroupStatus.UNRESOLVED, null)).toBe("missing_substatus");
    expect(await send(p, "sc-rules", GroupStatus.RESOLVED, GroupSubStatus.FOREVER)).toBe(
      "unexpected_substatus",
    );
    expect(await send(p, "sc-rules", GroupStatus.IGNORED, GroupSubStatus.ESCALATING)).toBe(
      "invalid_substatus",
    );
    // Already exactly that: the no-op rule comes first.
    expect(await send(p, "sc-rules", GroupStatus.UNRESOLVED, GroupSubStatus.NEW)).toBe("no_op");
    expect(await send(p, "sc-rules", GroupStatus.PENDING_DELETION, null)).toBe("unsupported_status");
    expect(await send(p, "sc-rules-unknown", GroupStatus.RESOLVED, null)).toBe("group_not_found");
    const issue = (await issueFor(h.db, p, "sc-rules"))!;
    expect([issue.status, issue.substatus]).toEqual([GroupStatus.UNRESOLVED, GroupSubStatus.NEW]);
    expect((await activitiesOf(h.db, id)).map((a) => a.type)).toEqual([ActivityType.FIRST_SEEN]);
    const outcomes = await h.db("status_changes").where({ project_id: p }).count("* as n").first();
    expect(outcomes).toEqual({ n: 7 });
    expect(await send(p, "sc-rules", GroupStatus.IGNORED, GroupSubStatus.FOREVER)).toBe("applied");
    expect(await send(p, "sc-rules", GroupStatus.UNRESOLVED, GroupSubStatus.NEW)).toBe("invalid_substatus");
  });

  it("ignore forever, escalate (only from ignored, with a priority bump), then ongoing resets the priority", async () => {
    const { p, id } = await issueWith("sc-cycle");
    expect(await send(p, "sc-cycle", GroupStatus.UNRESOLVED, GroupSubStatus.ESCALATING)).toBe("no_op");
    expect(await send(p, "sc-cycle", GroupStatus.IGNORED, GroupSubStatus.FOREVER)).toBe("applied");
    expect(await send(p, "sc-cycle", GroupStatus.UNRESOLVED, GroupSubStatus.ESCALATING)).toBe("applied");
    let issue = (await issueFor(h.db, p, "sc-cycle"))!;
    expect([issue.status, issue.substatus, issue.priority]).toEqual([
      GroupStatus.UNRESOLVED,
      GroupSubStatus.ESCALATING,
      50,
    ]);
    expect((await h.db("issue_inbox").where({ issue_id: id }).first()).reason).toBe(
      GroupInboxReason.ESCALATING,
    );
    expect(await send(p, "sc-cycle", GroupStatus.UNRESOLVED, GroupSubStatus.ONGOING)).toBe("applied");
    issue = (await issueFor(h.db, p, "sc-cycle"))!;
    expect([issue.status, issue.substatus, issue.priority]).toEqual([
      GroupStatus.UNRESOLVED,
      GroupSubStatus.ONGOING,
      25,
    ]);
    const activities = await activitiesOf(h.db, id);
    expect(activities.map((a) => a.type)).toEqual([
      ActivityType.FIRST_SEEN,
      ActivityType.SET_IGNORED,
      ActivityType.SET_ESCALATING,
      ActivityType.SET_PRIORITY,
      ActivityType.AUTO_SET_ONGOING,
      ActivityType.SET_PRIORITY,
    ]);
    expect(activities[3]!.data).toEqual({ priority: "medium", reason: "escalating" });
    expect(activities[5]!.data).toEqual({ priority: "low", reason: "ongoing" });
    expect(await historyOf(h.db, id)).toEqual([
      GroupHistoryStatus.ARCHIVED_FOREVER,
      GroupHistoryStatus.ESCALATING,
      GroupHistoryStatus.PRIORITY_MEDIUM,
      GroupHistoryStatus.UNRESOLVED,
      GroupHistoryStatus.PRIORITY_LOW,
    ]);
  });

  it("unresolve as ongoing and as regressed from resolved", async () => {
    const { p, id } = await issueWith("sc-unresolve");
    await send(p, "sc-unresolve", GroupStatus.RESOLVED, null);
    expect(await send(p, "sc-unresolve", GroupStatus.UNRESOLVED, GroupSubStatus.ONGOING)).toBe("applied");
    await send(p, "sc-unresolve", GroupStatus.RESOLVED, null);
    expect(await send(p, "sc-unresolve", GroupStatus.UNRESOLVED, GroupSubStatus.REGRESSED)).toBe("applied");
    expect((await activitiesOf(h.db, id)).map((a) => a.type)).toEqual([
      ActivityType.FIRST_SEEN,
      ActivityType.SET_RESOLVED,
      ActivityType.SET_UNRESOLVED,
      ActivityType.SET_RESOLVED,
      ActivityType.SET_REGRESSION,
    ]);
    expect(await historyOf(h.db, id)).toEqual([
      GroupHistoryStatus.RESOLVED,
      GroupHistoryStatus.UNRESOLVED,
      GroupHistoryStatus.RESOLVED,
      GroupHistoryStatus.REGRESSED,
    ]);
  });

  it("the fixtures' status changes apply to the fixtures' issues", async () => {
    const nPlusOne = JSON.parse(loadFixtureText("valid/occurrence-inline-event.json")) as Record<
      string,
      unknown
    >;
    const event = nPlusOne.event as Record<string, unknown>;
    const copies = [0, 1, 2].map(() => {
      const eventId = newId();
      return { ...nPlusOne, id: newId(), event_id: eventId, event: { ...event, event_id: eventId } };
    });
    await k.send(copies);
    const resolve = loadFixtureText("valid/status-change-resolve.json");
    expect((await k.send([resolve])).map(outcomeOf)).toEqual(["applied"]);
    const issue = (await issueFor(h.db, 1, String((nPlusOne.fingerprint as string[])[0])))!;
    expect(issue.status).toBe(GroupStatus.RESOLVED);
    const archive = loadFixtureText("valid/status-change-archive-forever.json");
    // Its fingerprint (slow DB query, noise gate 100) has no issue yet.
    expect((await k.send([archive])).map(outcomeOf)).toEqual(["group_not_found"]);
  });

  it("a status change after an occurrence in the same batch is applied after it, and before the next", async () => {
    const p = await newProject(h.db, h.organizationId);
    const fp = ["same-batch"];
    const outcomes = await k.send([
      occurrence({ projectId: p, fingerprint: fp, time: at(T0) }),
      statusChange({ projectId: p, fingerprint: fp, status: GroupStatus.RESOLVED, substatus: null }),
      occurrence({ projectId: p, fingerprint: fp, time: at(T0, 60) }),
    ]);
    expect(outcomes.map(outcomeOf)).toEqual(["grouped", "applied", "grouped"]);
    const issue = (await issueFor(h.db, p, "same-batch"))!;
    // Resolved by the status change, then regressed by the later occurrence.
    expect([issue.status, issue.substatus, issue.times_seen]).toEqual([
      GroupStatus.UNRESOLVED,
      GroupSubStatus.REGRESSED,
      2,
    ]);
    expect(k.batches().some((size) => size >= 3)).toBe(true);
  });
});

describe("regressions", () => {
  /** A resolved issue of a new project, first seen at T0 in `release`, after `earlierReleases` were made. */
  async function resolvedIssue(
    fingerprint: string,
    release: string | null,
    resolution?: { type: number | null; releaseVersion?: string; currentReleaseVersion?: string },
    earlierReleases: string[] = [],
  ): Promise<{ p: number; id: number }> {
    const p = await newProject(h.db, h.organizationId);
    await releases(p, earlierReleases);
    await k.send([occurrence({ projectId: p, fingerprint: [fingerprint], time: at(T0), release })]);
    const issue = (await issueFor(h.db, p, fingerprint))!;
    await resolveIssue(h.db, issue, { organizationId: h.organizationId, ...(resolution ?? {}) });
    return { p, id: issue.id };
  }
  async function regressedBy(
    p: number,
    fingerprint: string,
    release: string | null,
    seconds = 600,
  ): Promise<boolean> {
    const [o] = await k.send([
      occurrence({ projectId: p, fingerprint: [fingerprint], time: at(T0, seconds), release }),
    ]);
    if (o!.kind !== "occurrence" || o!.result.status !== "stored") throw new Error("not stored");
    const issue = (await issueFor(h.db, p, fingerprint))!;
    expect(issue.status === GroupStatus.UNRESOLVED).toBe(o!.result.isRegression);
    return o!.result.isRegression;
  }
  /** Create releases in order through events of another fingerprint (date_added = first event time). */
  async function releases(p: number, versions: string[]): Promise<void> {
    for (const [i, version] of versions.entries()) {
      await k.send([
        occurrence({
          projectId: p,
          fingerprint: ["release-maker"],
          time: at(T0, -3600 + i * 60),
          release: version,
        }),
      ]);
    }
  }

  it("a resolved issue regresses on a new occurrence, with activity, history and inbox", async () => {
    const { p, id } = await resolvedIssue("reg-plain", null);
    expect(await regressedBy(p, "reg-plain", null)).toBe(true);
    const issue = (await issueFor(h.db, p, "reg-plain"))!;
    expect(issue.substatus).toBe(GroupSubStatus.REGRESSED);
    expect(issue.active_at.toISOString()).toBe("2026-11-27T11:10:00.000Z");
    const event = (await h
      .db("occurrences")
      .where({ project_id: p })
      .orderBy("detection_time", "desc")
      .first()) as { event_id: string };
    const activities = await activitiesOf(h.db, id);
    expect(activities.at(-1)).toEqual({
      type: ActivityType.SET_REGRESSION,
      data: { event_id: event.event_id.replaceAll("-", ""), version: "" },
      ident: null,
    });
    expect(await historyOf(h.db, id)).toEqual([GroupHistoryStatus.REGRESSED]);
    expect((await h.db("issue_inbox").where({ issue_id: id }).first()).reason).toBe(
      GroupInboxReason.REGRESSION,
    );
  });

  it("an occurrence within 5 s of the issue's activity does not regress it", async () => {
    const { p } = await resolvedIssue("reg-guard", null);
    expect(await regressedBy(p, "reg-guard", null, 3)).toBe(false);
    expect((await issueFor(h.db, p, "reg-guard"))!.status).toBe(GroupStatus.RESOLVED);
  });

  it("resolved in a semver release: the same and newer releases regress, older ones do not", async () => {
    const { p: p1 } = await resolvedIssue("reg-semver-same", "app@2.0.0", {
      type: ResolutionType.IN_RELEASE,
      releaseVersion: "app@2.0.0",
    });
    expect(await regressedBy(p1, "reg-semver-same", "app@2.0.0")).toBe(true);
    const { p: p2 } = await resolvedIssue("reg-semver-old", "app@2.0.0", {
      type: ResolutionType.IN_RELEASE,
      releaseVersion: "app@2.0.0",
    });
    await releases(p2, ["app@1.9.0"]);
    expect(await regressedBy(p2, "reg-semver-old", "app@1.9.0")).toBe(false);
    expect(await regressedBy(p2, "reg-semver-old", "app@2.1.0", 1200)).toBe(true);
  });

  it.each([
    {
      does: "resolved in a date-ordered release: an older release does not regress, a newer one does",
      fingerprint: "reg-date",
      release: "build-bbb",
      resolution: { type: ResolutionType.IN_RELEASE, releaseVersion: "build-bbb" },
      earlierReleases: ["build-aaa", "build-bbb", "build-ccc"],
      kept: "build-aaa",
      regressing: "build-ccc",
    },
    {
      does: "resolved in the next release: the current release does not regress, a newer one does",
      fingerprint: "reg-next",
      release: "web@1.0.0",
      resolution: {
        type: ResolutionType.IN_NEXT_RELEASE,
        releaseVersion: "web@1.0.0",
        currentReleaseVersion: "web@1.0.0",
      },
      earlierReleases: [],
      kept: "web@1.0.0",
      regressing: "web@1.0.1",
    },
  ])("$does", async ({ fingerprint, release, resolution, earlierReleases, kept, regressing }) => {
    const { p } = await resolvedIssue(fingerprint, release, resolution, earlierReleases);
    expect(await regressedBy(p, fingerprint, kept)).toBe(false);
    expect(await regressedBy(p, fingerprint, regressing, 1200)).toBe(true);
  });

  it("a resolution with no release on the event never regresses", async () => {
    const { p } = await resolvedIssue("reg-norelease", "svc@1.0.0", {
      type: ResolutionType.IN_RELEASE,
      releaseVersion: "svc@1.0.0",
    });
    expect(await regressedBy(p, "reg-norelease", null)).toBe(false);
  });

  it("a pending commit fix keeps the issue resolved until the commit is released", async () => {
    const { p, id } = await resolvedIssue("reg-commit", null);
    const [repo] = (await h
      .db("repositories")
      .insert({ organization_id: h.organizationId, name: `repo-${p}` })
      .returning("id")) as { id: number }[];
    const [commit] = (await h
      .db("commits")
      .insert({ organization_id: h.organizationId, repository_id: repo!.id, key: "abc123" })
      .returning("id")) as { id: number }[];
    await h.db("issue_commit_links").insert({ issue_id: id, commit_id: commit!.id, relationship: 1 });
    expect(await regressedBy(p, "reg-commit", null)).toBe(false);
    await releases(p, ["svc@9.0.0"]);
    const release = await h
      .db("releases")
      .where({ organization_id: h.organizationId, version: "svc@9.0.0" })
      .first();
    await h.db("release_commits").insert({ release_id: release.id, commit_id: commit!.id });
    expect(await regressedBy(p, "reg-commit", null, 1200)).toBe(true);
  });
});

it("hashes each fingerprint element once", async () => {
  const p = await newProject(h.db, h.organizationId);
  await k.send([occurrence({ projectId: p, fingerprint: ["touch-id"], time: at(T0) })]);
  const hash = await h.db("issue_hashes").where({ project_id: p }).first();
  expect(hash.hash).toBe(hashFingerprintElement("touch-id"));
  expect(hash.hash).toBe("85345ea2b9abf72d3d7a39737524235c");
});
