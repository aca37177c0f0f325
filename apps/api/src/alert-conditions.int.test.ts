import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIONS, CONDITIONS } from "@sift/alerts";
import type { DeliveryWorker } from "@sift/alerts";
import { PriorityLevel } from "@sift/schemas";
import { createAlertsHarness } from "./test/alerts-harness.js";
import type { AlertsHarness, Tenant } from "./test/alerts-harness.js";
import { issueRow } from "./test/harness.js";

let h: AlertsHarness;
beforeAll(async () => {
  h = await createAlertsHarness();
});
afterAll(async () => {
  await h?.destroy();
});

/** A tenant whose new issues go to a Slack webhook paced one a second, and new issues `fingerprints`. */
async function slackBurst(fingerprints: string[]): Promise<{ t: Tenant; worker: DeliveryWorker }> {
  const t = await h.tenant();
  const worker = h.newWorker({ slackIntervalMs: 1_000 });
  await h.createRule(t.org, t.path, {
    conditions: [{ id: CONDITIONS.FIRST_SEEN }],
    actions: [{ id: ACTIONS.SLACK, webhookUrl: t.receiver.url }],
  });
  await h.ingest(fingerprints.map((f) => ({ projectId: t.projectId, fingerprint: f, time: h.clock.now() })));
  return { t, worker };
}

describe("state and user conditions", () => {
  it("an archived issue that is unresolved fires the reappeared rule; a second user fires the users rule", async () => {
    const t = await h.tenant();
    const slack = [{ id: ACTIONS.SLACK, webhookUrl: t.receiver.url }];
    await h.createRule(t.org, t.path, {
      name: "Reappeared",
      conditions: [{ id: CONDITIONS.REAPPEARED }],
      actions: slack,
    });
    await h.createRule(t.org, t.path, {
      name: "Two users",
      conditions: [{ id: CONDITIONS.UNIQUE_USERS, value: 1, interval: "1h" }],
      actions: slack,
    });
    const rulesOf = () =>
      t.receiver.requests.map(
        (r) => (r.json.blocks as { elements?: { text: string }[] }[])[2]!.elements![0]!.text,
      );
    await h.ingestOne(t, "back", { user: { id: "u1" } });
    await h.ingestOne(t, "back", { user: { id: "u1" } });
    await h.settle();
    expect(rulesOf()).toEqual([]);
    await h.ingestOne(t, "back", { user: { id: "u2" } });
    await h.settle();
    expect(rulesOf()).toEqual(["Alert rule: Two users"]);
    const issue = await issueRow(h.db, t.projectId, "back");
    const update = (body: unknown) =>
      h.request("PUT", `/api/0/organizations/${t.slug}/issues/?id=${issue!.id}`, {
        token: t.org.tokens.admin,
        body,
      });
    expect((await update({ status: "ignored" })).statusCode).toBe(200);
    await h.settle();
    expect((await update({ status: "unresolved" })).statusCode).toBe(200);
    await h.settle();
    expect(rulesOf()).toEqual(["Alert rule: Two users", "Alert rule: Reappeared"]);
  });

  it("a new issue of high priority fires the high-priority rule; a new low-priority one does not", async () => {
    const t = await h.tenant();
    await h.createRule(t.org, t.path, {
      name: "High priority",
      conditions: [{ id: CONDITIONS.NEW_HIGH_PRIORITY }],
      actions: [{ id: ACTIONS.SLACK, webhookUrl: t.receiver.url }],
    });
    await h.ingestOne(t, "quiet", { priority: PriorityLevel.LOW });
    await h.ingestOne(t, "loud", { priority: PriorityLevel.HIGH });
    await h.settle();
    const loud = await issueRow(h.db, t.projectId, "loud");
    expect(t.receiver.requests.map((r) => JSON.stringify(r.json.blocks))).toEqual([
      expect.stringContaining(`/issues/${loud!.id}/`),
    ]);
  });

  it("Slack gets at most one message a second per webhook", async () => {
    const { t, worker } = await slackBurst(["s1", "s2"]);
    expect(await h.settle(worker)).toMatchObject({ delivered: 1, deferred: 1 });
    expect(await worker.runOnce()).toMatchObject({ delivered: 0 });
    h.clock.advance(1_000);
    expect(await worker.runOnce()).toMatchObject({ delivered: 1, deferred: 0 });
    expect(t.receiver.requests).toHaveLength(2);
  });

  it("a burst to one Slack webhook goes out one a second, each waiting delivery taken once more", async () => {
    const { t, worker } = await slackBurst(["b1", "b2", "b3", "b4"]);
    expect(await h.settle(worker)).toMatchObject({ delivered: 1, deferred: 3 });
    for (let second = 1; second <= 3; second++) {
      h.clock.advance(1_000);
      expect(await worker.runOnce()).toMatchObject({ delivered: 1, deferred: 0 });
    }
    expect(t.receiver.requests).toHaveLength(4);
  });
});
