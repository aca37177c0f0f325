import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ACTIONS, CONDITIONS } from "@sift/alerts";
import {
  createAlertRule,
  createApiToken,
  createOrganization,
  createProject,
  migrateToLatest,
} from "@sift/storage";
import { startApp, testDatabase } from "@sift/testkit";
import type { Daemon, TestDatabase } from "@sift/testkit";

let t: TestDatabase;
let token: string;
const received: string[] = [];
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    received.push(body);
    res.end("ok");
  });
});
let receiverPort = 0;

beforeAll(async () => {
  t = await testDatabase({ migrate: async (db) => void (await migrateToLatest(db)) });
  const org = await createOrganization(t.db, "acme");
  await createProject(t.db, { organizationId: org.id, slug: "web", id: 1 });
  token = (await createApiToken(t.db, { organizationId: org.id, scopes: ["event:write"] })).token;
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverPort = (receiver.address() as AddressInfo).port;
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await createAlertRule(
    t.db,
    {
      organizationId: org.id,
      projectId: 1,
      name: "New issue",
      environment: null,
      actionMatch: "all",
      filterMatch: "all",
      frequency: 30,
      conditions: [{ id: CONDITIONS.FIRST_SEEN }],
      filters: [],
      actions: [{ id: ACTIONS.SLACK, webhookUrl: `http://127.0.0.1:${receiverPort}/slack` }],
      owner: null,
    },
    new Date(),
  );
});
afterAll(async () => {
  receiver.close();
  await t.destroy();
});

const daemon = (): Promise<Daemon> =>
  startApp("ingest", {
    fromSource: true,
    portVar: "INGEST_PORT",
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: t.url,
      REDIS_URL: inject("redisUrl"),
      SIFT_ALERTS_INTERVAL_MS: "100",
      SIFT_ALERTS_RETRY_BASE_MS: "200",
      SIFT_OUTBOUND_ALLOW: "127.0.0.1",
    },
  });

async function until<T>(what: string, fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const occurrence = () =>
  JSON.stringify({
    id: crypto.randomUUID(),
    project_id: 1,
    event_id: crypto.randomUUID(),
    fingerprint: ["killed"],
    issue_title: "Consecutive HTTP",
    subtitle: "s",
    type: 1010,
    detection_time: Date.now() / 1000,
    evidence_display: [],
    event: { project_id: 1, platform: "node", timestamp: Date.now() / 1000, tags: {} },
  });

describe("alerts in the ingest daemon", () => {
  it("a delivery decided before the daemon is killed with SIGKILL is sent after the restart", async () => {
    const first = await daemon();
    // The daemon's first round starts the cursor; what it ingests from now on is alerted on.
    await until("the cursor", async () => ((await t.db("alert_cursors").first()) ? true : undefined));
    const res = await fetch(`${first.base}/api/0/organizations/acme/occurrences/`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: occurrence(),
    });
    expect(res.status).toBe(202);
    // Decided, tried once against the receiver that is not listening, then the daemon dies.
    await until("a failed attempt", async () =>
      (await t.db("alert_delivery_attempts").first()) ? true : undefined,
    );
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    await new Promise<void>((resolve) => receiver.listen(receiverPort, "127.0.0.1", resolve));
    const second = await daemon();
    try {
      // The receiver has the request before the worker records its answer: wait for both.
      await until("the delivery", async () =>
        received.length > 0 && (await t.db("alert_deliveries").where({ status: "delivered" }).first())
          ? true
          : undefined,
      );
      const deliveries = (await t.db("alert_deliveries").select("status", "attempts")) as {
        status: string;
        attempts: number;
      }[];
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]!.status).toBe("delivered");
      expect(received).toHaveLength(1);
      expect((JSON.parse(received[0]!) as { text: string }).text).toBe("[web] Consecutive HTTP");
      // The alerts thread's metrics are served by the daemon's /metrics.
      const metrics = await until("the delivery's metric", async () => {
        const text = await (await fetch(`${second.base}/metrics`)).text();
        return text.includes('alerts_delivered_total{action="slack"}') ? text : undefined;
      });
      expect(metrics).toContain('alerts_delivered_total{action="slack"} 1\n');
      expect(metrics).toContain('alerts_delivery_duration_seconds_count{action="slack"} 1\n');
    } finally {
      await second.stop();
    }
  });
});
