import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ActivityType } from "@sift/schemas";
import { createAlertRule, createOrganization, createProject, migrateToLatest } from "@sift/storage";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import { auditAlerts, decidedEverything } from "./alert-audit.js";
import type { Reception } from "./receiver.js";

const hex = (n: number) => n.toString(16).padStart(32, "0");

let t: TestDatabase;
let ruleId = 0;
let createdA = 0;
beforeAll(async () => {
  t = await testDatabase({ migrate: async (db) => void (await migrateToLatest(db)) });
  const org = await createOrganization(t.db, "audit");
  await createProject(t.db, { organizationId: org.id, slug: "p1", id: 1 });
  for (const [issueId, occurrence] of [
    [10, 1],
    [11, 2],
  ] as const) {
    await t.db.raw(
      `INSERT INTO issues (id, organization_id, project_id, short_id, times_seen, first_seen, last_seen, active_at)
       VALUES (?, ?, 1, ?, 1, now(), now(), now())`,
      [issueId, org.id, issueId],
    );
    await t.db.raw(
      `INSERT INTO occurrences (project_id, id, issue_id, event_id, type, outcome, fingerprint, detection_time, payload)
       VALUES (1, ?, ?, ?, 4001, 'grouped', ARRAY[?]::char(32)[], now(), '{}')`,
      [hex(occurrence), issueId, hex(occurrence + 100), "a".repeat(32)],
    );
  }
  const rows = await t
    .db("activities")
    .insert({ project_id: 1, issue_id: 10, type: ActivityType.FIRST_SEEN })
    .returning<{ id: number }[]>("id");
  createdA = Number(rows[0]!.id);
  const rule = await createAlertRule(
    t.db,
    {
      organizationId: org.id,
      projectId: 1,
      name: "p1 first seen",
      environment: null,
      actionMatch: "all",
      filterMatch: "all",
      frequency: 1440,
      conditions: [],
      filters: [],
      actions: [],
      owner: null,
    },
    new Date(),
  );
  ruleId = rule.id;
});
afterAll(async () => {
  await t.destroy();
});
beforeEach(async () => {
  await t.db("alert_deliveries").delete();
});

/** The workload's fingerprints: occurrence 1 is issue 10's ("a"), occurrence 2 issue 11's ("b"). */
const fingerprintOf = new Map([
  [hex(1), "a"],
  [hex(2), "b"],
]);

async function delivery(
  uuid: number,
  issueId: number,
  from: { ruleId: number } | { activityId: number },
  status = "delivered",
) {
  const isRule = "ruleId" in from;
  await t.db("alert_deliveries").insert({
    uuid: hex(uuid),
    organization_id: 1,
    project_id: 1,
    issue_id: issueId,
    rule_ids: isRule ? [from.ruleId] : [],
    activity_id: isRule ? null : from.activityId,
    resource: isRule ? "alert" : "issue",
    action: isRule ? "webhooks" : "sentry_app",
    target: "{}",
    payload: "{}",
    status,
    next_attempt_at: new Date(),
    created_at: new Date(),
  });
}

const got = (uuid: number, status: number, signatureOk: boolean | null = null): Reception => ({
  path: signatureOk === null ? "/plugin/p1" : "/sentry-app",
  requestId: hex(uuid),
  resource: signatureOk === null ? null : "issue",
  status,
  signatureOk,
});

describe("the alerts audit", () => {
  it("passes when each expected alert is decided once and delivered (a refused first attempt retried)", async () => {
    await delivery(1, 10, { ruleId });
    await delivery(2, 10, { activityId: createdA });
    const result = await auditAlerts({
      db: t.db,
      expected: new Set(["p1 first seen|a|webhooks", "issue.created|a"]),
      receptions: [got(1, 200), got(2, 503, true), got(2, 200, true)],
      ruleNames: new Map([[ruleId, "p1 first seen"]]),
      fingerprintOf,
    });
    expect(result.failures).toEqual([]);
    expect(result).toMatchObject({
      expected: 2,
      decided: 2,
      lost: 0,
      duplicated: 0,
      delivered: 2,
      resent: 1,
      refused: 1,
    });
    expect(result.byKind).toEqual({
      "first seen → webhooks": { expected: 1, decided: 1 },
      "issue.created": { expected: 1, decided: 1 },
    });
  });

  it("counts missing, doubled, unexpected and undelivered decisions, stray requests and bad signatures", async () => {
    await delivery(1, 10, { ruleId });
    await delivery(3, 10, { ruleId }); // the same rule, issue and action decided twice
    await delivery(2, 10, { activityId: createdA }, "pending"); // only ever refused
    await delivery(4, 11, { activityId: createdA }); // an issue webhook for b, not expected
    const result = await auditAlerts({
      db: t.db,
      expected: new Set(["p1 first seen|a|webhooks", "p1 first seen|b|webhooks", "issue.created|a"]),
      receptions: [got(1, 200), got(3, 200), got(2, 503, true), got(4, 200, false), got(9, 200)],
      ruleNames: new Map([[ruleId, "p1 first seen"]]),
      fingerprintOf,
    });
    // Lost: b's first-seen alert never decided, a's issue webhook never answered 2xx.
    expect(result.lost).toBe(2);
    // Duplicated: a's first-seen alert a second time, b's unexpected issue webhook.
    expect(result.duplicated).toBe(2);
    expect(result.delivered).toBe(3);
    expect(result.failures.map((f) => f.split(":")[0]).sort()).toEqual([
      "alert decided more than once",
      "alert decided that the workload does not call for",
      "decided alert never delivered to the receiver",
      "decided but not recorded as delivered",
      "expected alert not decided",
      "integration webhook with a wrong signature",
      "request for no decided delivery",
    ]);
  });

  it("sees the decider done only when its cursor is past every activity and occurrence", async () => {
    expect(await decidedEverything(t.db)).toBe(false); // no cursor yet
    await t.db.raw(
      `INSERT INTO alert_cursors (name, activity_xid, occurrence_xid)
       SELECT 'default', min(xid), pg_current_xact_id() FROM activities`,
    );
    expect(await decidedEverything(t.db)).toBe(false);
    await t.db.raw(
      `UPDATE alert_cursors SET activity_xid = pg_current_xact_id(), occurrence_xid = '1'::xid8`,
    );
    expect(await decidedEverything(t.db)).toBe(false);
    await t.db.raw(`UPDATE alert_cursors SET occurrence_xid = pg_current_xact_id()`);
    expect(await decidedEverything(t.db)).toBe(true);
  });
});
