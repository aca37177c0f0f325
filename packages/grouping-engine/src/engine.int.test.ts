import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ActivityType,
  GroupInboxReason,
  GroupStatus,
  GroupSubStatus,
  decodeOccurrence,
  groupTypes,
  silentLogger,
} from "@sift/schemas";
import type { Occurrence } from "@sift/schemas";
import {
  addOrganizationMember,
  createOrganization,
  createProject,
  createUser,
  migrateToLatest,
  setOrganizationFeature,
} from "@sift/storage";
import type { Db } from "@sift/storage";
import { createRegressionEngine } from "@sift/regression";
import { mutableClock, testDatabase, testRedis } from "@sift/testkit";
import type { MutableClock, TestDatabase, TestRedis } from "@sift/testkit";
import { createGroupingEngine } from "./engine.js";
import type { GroupingEngine } from "./engine.js";
import type { OccurrenceResult } from "./batch.js";
import { testEngineOptions } from "./test/options.js";

const NOW = "2026-11-27T12:00:00Z";
const ERROR = 1; // no noise gate, no creation quota
const N_PLUS_ONE_API = 1010; // no noise gate, 5 new issues per hour
const N_PLUS_ONE = 1006; // performance: the 3rd occurrence creates the issue
const DEAD_CLICK = 5001; // unreleased: needs the organisation's ingest feature

let database: TestDatabase;
let redis: TestRedis;
let db: Db;
let clock: MutableClock;
let engine: GroupingEngine;
let organizationId: number;
const PROJECT = 1;
let lastProject = PROJECT;

/** A project of its own, so that a test's new issues do not count against another's quota. */
async function newProject(): Promise<number> {
  lastProject += 1;
  await createProject(db, { organizationId, slug: `p${lastProject}`, id: lastProject });
  return lastProject;
}

beforeAll(async () => {
  database = await testDatabase({ migrate: async (d) => void (await migrateToLatest(d)) });
  redis = await testRedis();
  db = database.db;
  clock = mutableClock(NOW);
  const org = await createOrganization(db, "acme");
  organizationId = org.id;
  await createProject(db, { organizationId, slug: "web", id: PROJECT });
  const regression = createRegressionEngine({ clock, logger: silentLogger, types: groupTypes });
  engine = createGroupingEngine({ ...testEngineOptions(db, redis, clock), regression });
});
afterAll(async () => {
  await redis.destroy();
  await database.destroy();
});

interface Spec {
  fingerprint: string[];
  type?: number;
  projectId?: number;
  id?: string;
  eventId?: string;
  /** Inline event fields; `false` sends no event (it is looked up by id). */
  event?: Record<string, unknown> | false;
  at?: string;
  assignee?: string;
}

function occurrence(spec: Spec): Occurrence {
  const eventId = spec.eventId ?? randomUUID().replaceAll("-", "");
  const at = spec.at ?? "2026-11-27T11:30:00Z";
  const message: Record<string, unknown> = {
    payload_type: "occurrence",
    id: spec.id ?? randomUUID().replaceAll("-", ""),
    project_id: spec.projectId ?? PROJECT,
    event_id: eventId,
    fingerprint: spec.fingerprint,
    issue_title: "Something broke",
    subtitle: "in the orders endpoint",
    culprit: "/api/orders",
    resource_id: null,
    evidence_data: {},
    evidence_display: [],
    type: spec.type ?? ERROR,
    detection_time: new Date(at).getTime() / 1000,
    level: "error",
    assignee: spec.assignee ?? null,
  };
  if (spec.event !== false) {
    message.event = {
      event_id: eventId,
      project_id: spec.projectId ?? PROJECT,
      platform: "python",
      timestamp: at,
      release: "backend@2.4.0",
      environment: "production",
      ...spec.event,
    };
  }
  return decodeOccurrence(message, {
    types: groupTypes,
    bounds: { now: clock.now(), maxAgeSeconds: 90 * 86_400, maxFutureSeconds: 86_400 },
  });
}

async function run(occurrences: readonly Occurrence[]): Promise<OccurrenceResult[]> {
  const receivedAt = clock.now();
  const { results, effects } = await db.transaction((trx) =>
    engine.processOccurrences(
      trx,
      occurrences.map((o) => ({ occurrence: o, receivedAt })),
    ),
  );
  await engine.afterCommit(effects);
  return results;
}

const outcomes = (results: readonly OccurrenceResult[]): string[] =>
  results.map((r) => (r.status === "stored" ? r.outcome : r.status === "invalid" ? r.error.code : r.status));

interface IssueRow {
  id: number;
  short_id: number;
  status: number;
  substatus: number | null;
  times_seen: number;
  user_count: number;
  type: number;
  title: string;
  first_seen: Date;
  last_seen: Date;
  assignee_user_id: number | null;
}

async function issueOf(fingerprint: string, projectId = PROJECT): Promise<IssueRow | undefined> {
  const hash = occurrence({ fingerprint: [fingerprint], projectId }).fingerprintHashes[0]!;
  return (await db("issues")
    .join("issue_hashes", "issue_hashes.issue_id", "issues.id")
    .where({ "issue_hashes.project_id": projectId, "issue_hashes.hash": hash })
    .first("issues.*")) as IssueRow | undefined;
}

async function count(table: string, where: Record<string, unknown>): Promise<number> {
  const row = (await db(table).where(where).count({ n: "*" }).first()) as { n: string };
  return Number(row.n);
}

describe("grouping engine", () => {
  it("creates one issue for a new fingerprint and groups the batch's other occurrences into it", async () => {
    const results = await run([
      occurrence({ fingerprint: ["fresh"], event: { user: { id: "u1" } } }),
      occurrence({ fingerprint: ["fresh"], event: { user: { id: "u2" } }, at: "2026-11-27T11:40:00Z" }),
      occurrence({ fingerprint: ["fresh"], event: { user: { id: "u1" } }, at: "2026-11-27T10:50:00Z" }),
    ]);
    expect(outcomes(results)).toEqual(["grouped", "grouped", "grouped"]);
    const issue = (await issueOf("fresh"))!;
    expect(results.map((r) => r.status === "stored" && [r.issueId, r.isNew, r.isRegression])).toEqual([
      [issue.id, true, false],
      [issue.id, false, false],
      [issue.id, false, false],
    ]);
    expect(issue).toMatchObject({
      short_id: 1,
      status: GroupStatus.UNRESOLVED,
      substatus: GroupSubStatus.NEW,
      times_seen: 3,
      user_count: 2,
      title: "Something broke",
    });
    expect(issue.first_seen).toEqual(new Date("2026-11-27T10:50:00Z"));
    expect(issue.last_seen).toEqual(new Date("2026-11-27T11:40:00Z"));
    expect(await count("issue_inbox", { issue_id: issue.id, reason: GroupInboxReason.NEW })).toBe(1);
    expect(await count("issue_environments", { issue_id: issue.id })).toBe(1);
    expect(await count("issue_releases", { issue_id: issue.id })).toBe(1);
    const hours = await db("issue_stats_hourly").where({ issue_id: issue.id }).orderBy("hour").pluck("count");
    expect(hours).toEqual([1, 2]);
    expect(await count("occurrences", { issue_id: issue.id, outcome: "grouped" })).toBe(3);
  });

  it("adds a later batch to the existing issue without creating another", async () => {
    const results = await run([occurrence({ fingerprint: ["fresh"], event: { user: { id: "u3" } } })]);
    const issue = (await issueOf("fresh"))!;
    expect(results).toEqual([
      { status: "stored", outcome: "grouped", issueId: issue.id, isNew: false, isRegression: false },
    ]);
    expect([issue.times_seen, issue.user_count]).toEqual([4, 3]);
    expect(await count("issues", { project_id: PROJECT })).toBe(1);
  });

  it("commits a batch's new release and environment at once: a concurrent batch naming them does not wait", async () => {
    const projectId = await newProject();
    const event = { release: "backend@9.9.0", environment: "canary" };
    const receivedAt = clock.now();
    const items = (fingerprint: string) => [
      { occurrence: occurrence({ fingerprint: [fingerprint], projectId, event }), receivedAt },
    ];
    const first = await db.transaction();
    const second = await db.transaction();
    try {
      await engine.processOccurrences(first, items("release-first"));
      // The first batch's transaction is still open; the release and environment are already there.
      const release = await db("releases").where({
        organization_id: organizationId,
        version: "backend@9.9.0",
      });
      expect(release).toHaveLength(1);
      expect(await count("environments", { organization_id: organizationId, name: "canary" })).toBe(1);
      // Waiting on the first batch's locks would fail this statement after 2 s instead of hanging.
      await second.raw("SET LOCAL lock_timeout = '2s'");
      const { results } = await engine.processOccurrences(second, items("release-second"));
      expect(outcomes(results)).toEqual(["grouped"]);
      await second.commit();
      await first.commit();
    } finally {
      if (!second.isCompleted()) await second.rollback();
      if (!first.isCompleted()) await first.rollback();
    }
    const versions = await db("issue_releases")
      .join("releases", "releases.id", "issue_releases.release_id")
      .join("issues", "issues.id", "issue_releases.issue_id")
      .where({ "issues.project_id": projectId })
      .pluck("releases.version");
    expect(versions).toEqual(["backend@9.9.0", "backend@9.9.0"]);
  });

  it("passes the noise gate on the third occurrence of a performance fingerprint", async () => {
    const first = await run([
      occurrence({ fingerprint: ["noisy"], type: N_PLUS_ONE }),
      occurrence({ fingerprint: ["noisy"], type: N_PLUS_ONE }),
    ]);
    expect(outcomes(first)).toEqual(["noise_gated", "noise_gated"]);
    expect(await issueOf("noisy")).toBeUndefined();
    const second = await run([
      occurrence({ fingerprint: ["noisy"], type: N_PLUS_ONE }),
      occurrence({ fingerprint: ["noisy"], type: N_PLUS_ONE }),
    ]);
    expect(outcomes(second)).toEqual(["grouped", "grouped"]);
    const issue = (await issueOf("noisy"))!;
    expect([issue.short_id, issue.times_seen, issue.type]).toEqual([2, 2, N_PLUS_ONE]);
    expect(second.map((r) => r.status === "stored" && r.isNew)).toEqual([true, false]);
    expect(await count("occurrences", { outcome: "noise_gated", issue_id: null })).toBe(2);
    // The issue exists, so its noise counter is gone.
    const keys = await redis.redis.keys(`${redis.prefix}grouphash:*`);
    expect(keys.filter((k) => !k.endsWith(":crossed"))).toEqual([]);
  });

  it("creates at most the quota of new issues per type and hour, then again after the window", async () => {
    const p = await newProject();
    const fingerprints = ["q1", "q2", "q3", "q4", "q5", "q6"];
    const quoted = (f: string) => occurrence({ fingerprint: [f], projectId: p, type: N_PLUS_ONE_API });
    const results = await run(fingerprints.map(quoted));
    expect(outcomes(results)).toEqual([
      "grouped",
      "grouped",
      "grouped",
      "grouped",
      "grouped",
      "rate_limited",
    ]);
    expect(await count("issues", { project_id: p })).toBe(5);
    expect(await issueOf("q6", p)).toBeUndefined();
    // A granted fingerprint is not counted twice inside the window.
    expect(outcomes(await run([quoted("q1")]))).toEqual(["grouped"]);
    clock.advance(3_601_000);
    try {
      const later = await run([quoted("q6")]);
      expect(outcomes(later)).toEqual(["grouped"]);
      expect((await issueOf("q6", p))?.short_id).toBe(6);
    } finally {
      clock.set(NOW);
    }
  });

  it("creates every new error issue: errors have no creation quota", async () => {
    const p = await newProject();
    const fingerprints = ["e1", "e2", "e3", "e4", "e5", "e6", "e7"];
    const results = await run(
      fingerprints.map((f) => occurrence({ fingerprint: [f], projectId: p, type: ERROR })),
    );
    expect(outcomes(results)).toEqual(Array<string>(7).fill("grouped"));
    expect(await count("issues", { project_id: p })).toBe(7);
  });

  it("skips replays, in the batch and across batches, without counting them", async () => {
    const p = await newProject();
    const id = randomUUID().replaceAll("-", "");
    const replay = () => occurrence({ fingerprint: ["replayed"], projectId: p, id });
    expect(outcomes(await run([replay(), replay()]))).toEqual(["grouped", "replayed"]);
    expect(outcomes(await run([replay()]))).toEqual(["replayed"]);
    expect((await issueOf("replayed", p))?.times_seen).toBe(1);
  });

  it("refuses unknown projects and missing events, and looks up stored events", async () => {
    const p = await newProject();
    const eventId = randomUUID().replaceAll("-", "");
    const results = await run([
      occurrence({ fingerprint: ["lookup"], projectId: 99 }),
      occurrence({ fingerprint: ["lookup"], projectId: p, event: false }),
      occurrence({ fingerprint: ["lookup"], projectId: p, eventId }),
      occurrence({ fingerprint: ["lookup"], projectId: p, eventId, event: false }),
    ]);
    expect(outcomes(results)).toEqual(["PROJECT_NOT_FOUND", "EVENT_NOT_FOUND", "grouped", "grouped"]);
    expect(await count("events", { event_id: eventId })).toBe(1);
    const later = await run([occurrence({ fingerprint: ["lookup"], projectId: p, eventId, event: false })]);
    expect(outcomes(later)).toEqual(["grouped"]);
    expect((await issueOf("lookup", p))?.times_seen).toBe(3);
  });

  it("records unreleased types as feature_disabled until the organisation enables them", async () => {
    const p = await newProject();
    const click = () => occurrence({ fingerprint: ["click"], projectId: p, type: DEAD_CLICK });
    expect(outcomes(await run([click()]))).toEqual(["feature_disabled"]);
    expect(await issueOf("click", p)).toBeUndefined();
    await setOrganizationFeature(db, organizationId, "replay-click-dead-ingest", true);
    expect(outcomes(await run([click()]))).toEqual(["grouped"]);
    expect(await count("occurrences", { project_id: p, type: DEAD_CLICK })).toBe(2);
    expect(await count("events", { project_id: p })).toBe(1);
  });

  it("keeps occurrences of another category out of an issue, and hashes without an issue", async () => {
    const p = await newProject();
    await run([occurrence({ fingerprint: ["shared"], projectId: p })]);
    const hash = occurrence({ fingerprint: ["orphan"], projectId: p }).fingerprintHashes[0]!;
    await db("issue_hashes").insert({ project_id: p, hash, issue_id: null });
    const results = await run([
      occurrence({ fingerprint: ["shared"], projectId: p, type: N_PLUS_ONE }),
      occurrence({ fingerprint: ["orphan"], projectId: p }),
    ]);
    expect(outcomes(results)).toEqual(["category_mismatch", "hash_without_issue"]);
    expect((await issueOf("shared", p))?.times_seen).toBe(1);
    expect(await count("issues", { project_id: p })).toBe(1);
  });

  it("links a new issue's extra fingerprint hashes, which later group into it", async () => {
    const p = await newProject();
    await run([occurrence({ fingerprint: ["primary", "secondary"], projectId: p })]);
    const issue = (await issueOf("primary", p))!;
    expect(await count("issue_hashes", { issue_id: issue.id })).toBe(2);
    const results = await run([occurrence({ fingerprint: ["secondary"], projectId: p })]);
    expect(results[0]).toMatchObject({ outcome: "grouped", issueId: issue.id, isNew: false });
    expect((await issueOf("secondary", p))?.times_seen).toBe(2);
  });

  it("attaches every free hash of an occurrence that joins an issue by a later hash", async () => {
    const p = await newProject();
    await run([occurrence({ fingerprint: ["a"], projectId: p })]);
    const issue = (await issueOf("a", p))!;
    const joined = await run([occurrence({ fingerprint: ["b", "a"], projectId: p })]);
    expect(joined[0]).toMatchObject({ outcome: "grouped", issueId: issue.id, isNew: false });
    expect(await count("issue_hashes", { issue_id: issue.id })).toBe(2);
    const later = await run([occurrence({ fingerprint: ["b"], projectId: p })]);
    expect(later[0]).toMatchObject({ outcome: "grouped", issueId: issue.id, isNew: false });
    expect(await count("issues", { project_id: p })).toBe(1);
    expect((await issueOf("b", p))?.times_seen).toBe(3);
  });

  it("counts the tag values of an issue's events, adding up across batches", async () => {
    const p = await newProject();
    const tagged = (at: string, event: Record<string, unknown>) =>
      occurrence({ fingerprint: ["tagged"], projectId: p, at, event });
    await run([
      tagged("2026-11-27T11:00:00Z", { user: { id: "u1" }, tags: { browser: "Firefox" } }),
      tagged("2026-11-27T11:10:00Z", { user: { id: "u2" }, tags: { browser: "Chrome" } }),
      tagged("2026-11-27T11:20:00Z", { user: { id: "u1" }, environment: "staging" }),
    ]);
    await run([
      tagged("2026-11-27T10:50:00Z", { user: { id: "u1" }, tags: { browser: "Firefox" } }),
      tagged("2026-11-27T11:40:00Z", { tags: { browser: "Firefox" }, release: "backend@2.5.0" }),
    ]);
    const issue = (await issueOf("tagged", p))!;
    const rows = (await db("issue_tag_values")
      .where({ issue_id: issue.id })
      .orderBy(["key", "value"])
      .select("key", "value", "times_seen", "first_seen", "last_seen")) as {
      key: string;
      value: string;
      times_seen: string;
      first_seen: Date;
      last_seen: Date;
    }[];
    const time = (d: Date) => d.toISOString().slice(11, 16);
    expect(
      rows.map((r) => [r.key, r.value, Number(r.times_seen), time(r.first_seen), time(r.last_seen)]),
    ).toEqual([
      ["browser", "Chrome", 1, "11:10", "11:10"],
      ["browser", "Firefox", 3, "10:50", "11:40"],
      ["environment", "production", 4, "10:50", "11:40"],
      ["environment", "staging", 1, "11:20", "11:20"],
      ["level", "error", 5, "10:50", "11:40"],
      ["release", "backend@2.4.0", 4, "10:50", "11:20"],
      ["release", "backend@2.5.0", 1, "11:40", "11:40"],
      ["user", "id:u1", 3, "10:50", "11:20"],
      ["user", "id:u2", 1, "11:10", "11:10"],
    ]);
    expect(issue.times_seen).toBe(5);
  });

  it("regresses a resolved issue when it is seen again", async () => {
    const p = await newProject();
    const fixed = (at: string) => occurrence({ fingerprint: ["fixed"], projectId: p, at });
    await run([fixed("2026-11-27T11:00:00Z")]);
    const issue = (await issueOf("fixed", p))!;
    await db("issues").where({ id: issue.id }).update({ status: GroupStatus.RESOLVED, substatus: null });
    // Seen again 30 minutes later (regressions within 5 s of active_at are refused).
    const results = await run([fixed("2026-11-27T11:30:00Z"), fixed("2026-11-27T11:31:00Z")]);
    expect(results.map((r) => r.status === "stored" && r.isRegression)).toEqual([true, false]);
    const after = (await issueOf("fixed", p))!;
    expect([after.status, after.substatus, after.times_seen]).toEqual([
      GroupStatus.UNRESOLVED,
      GroupSubStatus.REGRESSED,
      3,
    ]);
  });

  it("assigns a new issue to the member the occurrence names, and records it", async () => {
    const p = await newProject();
    const { user } = await createUser(db, { email: "ada@example.com", username: "ada" });
    await addOrganizationMember(db, organizationId, user.id);
    await run([
      occurrence({ fingerprint: ["assigned"], projectId: p, assignee: "ada@example.com" }),
      occurrence({ fingerprint: ["stranger"], projectId: p, assignee: "nobody@example.com" }),
    ]);
    const assigned = (await issueOf("assigned", p))!;
    expect(assigned.assignee_user_id).toBe(user.id);
    expect((await issueOf("stranger", p))?.assignee_user_id).toBeNull();
    const stranger = (await issueOf("stranger", p))!;
    const activities = await db("activities")
      .where({ project_id: p })
      .orderBy("id")
      .select("issue_id", "type", "data");
    expect(activities).toEqual([
      { issue_id: assigned.id, type: ActivityType.FIRST_SEEN, data: {} },
      {
        issue_id: assigned.id,
        type: ActivityType.ASSIGNED,
        data: { assignee: String(user.id), assigneeType: "user" },
      },
      { issue_id: stranger.id, type: ActivityType.FIRST_SEEN, data: {} },
    ]);
  });
});
