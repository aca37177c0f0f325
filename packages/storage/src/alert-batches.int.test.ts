import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import {
  addTeamMember,
  claimRuleFirings,
  countIssueWindows,
  createAlertRule,
  createOrganization,
  createProject,
  createTeam,
  createUser,
  emailDirectory,
  getProjectWebhookConfigs,
  insertDeliveries,
  leaseDueDeliveries,
  listDeliveries,
  listRuleFirings,
  migrateToLatest,
  recordDeliveryOutcomes,
  ruleIssuesCoolingDown,
  setProjectWebhookConfig,
} from "./index.js";

const hex = (n: number) => n.toString(16).padStart(32, "0");
const now = new Date();
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

let t: TestDatabase;
let orgId = 0;
beforeAll(async () => {
  t = await testDatabase({ migrate: async (db) => void (await migrateToLatest(db)) });
  orgId = (await createOrganization(t.db, "acme")).id;
  for (const id of [1, 2, 3]) await createProject(t.db, { organizationId: orgId, slug: `p${id}`, id });
  await t.db.raw(
    `INSERT INTO issues (id, organization_id, project_id, short_id, times_seen, first_seen, last_seen, active_at)
     VALUES (10, ?, 1, 1, 6, now(), now(), now())`,
    [orgId],
  );
  // Issue 10: five grouped occurrences in the last minutes (users u1, u2, u1, none, u3), one noise-gated.
  const users = ["u1", "u2", "u1", null, "u3", "u4"];
  for (const [i, user] of users.entries()) {
    await t.db("events").insert({
      project_id: 1,
      event_id: hex(100 + i),
      timestamp: now,
      data: JSON.stringify(user ? { user: { id: user } } : {}),
    });
    await t.db.raw(
      `INSERT INTO occurrences (project_id, id, issue_id, event_id, type, outcome, fingerprint, detection_time,
                                payload, received_at)
       VALUES (1, ?, 10, ?, 4001, ?, ARRAY[?]::char(32)[], now(), '{}', ?)`,
      [hex(i + 1), hex(100 + i), i === 5 ? "noise_gated" : "grouped", "a".repeat(32), minutesAgo(i)],
    );
  }
});
afterAll(async () => {
  await t.destroy();
});

const rule = (frequency: number) =>
  createAlertRule(
    t.db,
    {
      organizationId: orgId,
      projectId: 1,
      name: `every ${frequency} minutes`,
      environment: null,
      actionMatch: "all",
      filterMatch: "all",
      frequency,
      conditions: [],
      filters: [],
      actions: [],
      owner: null,
    },
    now,
  );

describe("the alert decider's batch statements", () => {
  it("count a window's grouped events and distinct users, stopping at a window's limit", async () => {
    const since = minutesAgo(10);
    const windows = [
      { issueId: 10, from: since, to: null, limit: null },
      { issueId: 10, from: since, to: null, limit: 3 },
      { issueId: 10, from: minutesAgo(3.5), to: minutesAgo(0.5), limit: null },
      { issueId: 11, from: since, to: null, limit: null },
    ];
    expect(await countIssueWindows(t.db, "events", windows)).toEqual([5, 3, 3, 0]);
    expect(await countIssueWindows(t.db, "users", windows)).toEqual([3, 3, 2, 0]);
  });

  it("name the pairs that fired within their rule's frequency", async () => {
    const every30 = await rule(30);
    const every5 = await rule(5);
    const fresh = await rule(60);
    await claimRuleFirings(
      t.db,
      [
        { ruleId: every30.id, issueId: 10 },
        { ruleId: every5.id, issueId: 10 },
      ],
      minutesAgo(10),
    );
    const cooling = await ruleIssuesCoolingDown(
      t.db,
      [every30, every5, fresh].map((r) => ({ ruleId: r.id, issueId: 10 })),
      now,
    );
    expect([...cooling]).toEqual([`${every30.id}:10`]);
  });

  it("list a delivery under each rule it carries, and a rule's firings newest first", async () => {
    const [first, second, silent] = [await rule(1), await rule(1), await rule(1)];
    await t.db.raw(
      `INSERT INTO issues (id, organization_id, project_id, short_id, times_seen, first_seen, last_seen, active_at)
       VALUES (11, ?, 1, 2, 1, now(), now(), now())`,
      [orgId],
    );
    await claimRuleFirings(t.db, [{ ruleId: first.id, issueId: 10 }], minutesAgo(20));
    await claimRuleFirings(
      t.db,
      [
        { ruleId: first.id, issueId: 11 },
        { ruleId: second.id, issueId: 11 },
      ],
      minutesAgo(5),
    );
    const delivery = {
      organizationId: orgId,
      projectId: 1,
      issueId: 11,
      ruleIds: [first.id, second.id],
      activityId: null,
      resource: "alert",
      action: "webhooks",
      target: { url: "https://a.example/hook" },
      payload: { triggering_rules: [first.name, second.name] },
      eventId: null,
    };
    await insertDeliveries(t.db, [{ ...delivery, uuid: hex(2001) }], minutesAgo(5));
    const listed = async (ruleId: number) =>
      (await listDeliveries(t.db, { projectIds: [1], ruleId }, { limit: 10, offset: 0 })).map((d) => [
        d.uuid,
        d.ruleIds,
      ]);
    expect(await listed(second.id)).toEqual([[hex(2001), [first.id, second.id]]]);
    expect(await listed(first.id)).toEqual([[hex(2001), [first.id, second.id]]]);
    expect(await listed(silent.id)).toEqual([]);
    expect(await listRuleFirings(t.db, first.id, 10)).toEqual([
      { issueId: 11, dateAdded: minutesAgo(5) },
      { issueId: 10, dateAdded: minutesAgo(20) },
    ]);
    const lastFired = await t.db("alert_rules").whereIn("id", [first.id, second.id, silent.id]).orderBy("id");
    expect(lastFired.map((r: { last_fired: Date | null }) => r.last_fired)).toEqual([
      minutesAgo(5),
      minutesAgo(5),
      null,
    ]);
    await t
      .db("alert_deliveries")
      .where({ uuid: hex(2001) })
      .delete();
  });

  it("load the webhook plugins and the e-mail recipients of several projects, users and teams at once", async () => {
    await setProjectWebhookConfig(t.db, 1, { urls: ["https://a.example/hook"], enabled: true });
    await setProjectWebhookConfig(t.db, 2, { urls: ["https://b.example/hook"], enabled: false });
    const configs = await getProjectWebhookConfigs(t.db, [1, 2, 3, 1]);
    expect(Object.fromEntries(configs)).toEqual({
      1: { urls: ["https://a.example/hook"], enabled: true },
      2: { urls: ["https://b.example/hook"], enabled: false },
    });
    const ann = (await createUser(t.db, { email: "ann@example.com" })).user;
    const bob = (await createUser(t.db, { email: "bob@example.com" })).user;
    const cid = (await createUser(t.db, { email: "cid@example.com" })).user;
    const team = await createTeam(t.db, { organizationId: orgId, slug: "ops" });
    await addTeamMember(t.db, team.id, bob.id);
    await addTeamMember(t.db, team.id, cid.id);
    const directory = await emailDirectory(t.db, { userIds: [ann.id, ann.id], teamIds: [team.id, 999] });
    expect(Object.fromEntries(directory.users)).toEqual({ [ann.id]: "ann@example.com" });
    expect(Object.fromEntries(directory.teams)).toEqual({
      [team.id]: ["bob@example.com", "cid@example.com"],
    });
  });

  it("record a round's outcomes together: delivered, retried and put back without an attempt", async () => {
    const base = {
      organizationId: orgId,
      projectId: 1,
      issueId: 10,
      ruleIds: [],
      activityId: null,
      resource: "alert",
      action: "webhooks",
      target: {},
      payload: {},
    };
    // The first carries a stored event, the second one that is not stored, the third none.
    const events = [hex(100), hex(999), null];
    await insertDeliveries(
      t.db,
      [1, 2, 3].map((n) => ({ ...base, uuid: hex(1000 + n), eventId: events[n - 1]! })),
      minutesAgo(1),
    );
    const [a, b, c] = await leaseDueDeliveries(t.db, now, 15_000, 10);
    expect([a, b, c].map((d) => [d!.eventId, d!.eventData])).toEqual([
      [hex(100), { user: { id: "u1" } }],
      [hex(999), null],
      [null, null],
    ]);
    const attempt = (deliveryId: number, outcome: string, error: string | null) => ({
      deliveryId,
      attempt: 1,
      startedAt: now,
      durationMs: 12.4,
      statusCode: error ? 503 : 200,
      error,
      outcome,
    });
    const retryAt = new Date(now.getTime() + 10_000);
    await recordDeliveryOutcomes(t.db, [
      {
        deliveryId: a!.id,
        attempt: attempt(a!.id, "delivered", null),
        status: "delivered",
        nextAttemptAt: now,
        finishedAt: now,
      },
      {
        deliveryId: b!.id,
        attempt: attempt(b!.id, "retry", "HTTP 503"),
        status: "pending",
        nextAttemptAt: retryAt,
        finishedAt: null,
      },
      { deliveryId: c!.id, attempt: null, status: "pending", nextAttemptAt: retryAt, finishedAt: null },
    ]);
    const rows = (await t
      .db("alert_deliveries")
      .whereIn("id", [a!.id, b!.id, c!.id])
      .orderBy("id")
      .select("status", "attempts", "last_error", "next_attempt_at", "finished_at")) as {
      status: string;
      attempts: number;
      last_error: string | null;
      next_attempt_at: Date;
      finished_at: Date | null;
    }[];
    expect(rows.map((r) => [r.status, r.attempts, r.last_error, r.finished_at !== null])).toEqual([
      ["delivered", 1, null, true],
      ["pending", 1, "HTTP 503", false],
      ["pending", 0, null, false],
    ]);
    expect(rows[2]!.next_attempt_at.getTime()).toBe(retryAt.getTime());
    const attempts = (await t
      .db("alert_delivery_attempts")
      .orderBy("delivery_id")
      .select("delivery_id", "status_code", "outcome", "duration_ms")) as {
      delivery_id: string;
      status_code: number;
      outcome: string;
      duration_ms: number;
    }[];
    expect(attempts.map((r) => [Number(r.delivery_id), r.status_code, r.outcome, r.duration_ms])).toEqual([
      [a!.id, 200, "delivered", 12],
      [b!.id, 503, "retry", 12],
    ]);
  });
});
