import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIONS, CONDITIONS, createOutboundGuard, createSmtpMailer, startAlerts } from "@sift/alerts";
import type { SendOutcome } from "@sift/alerts";
import { silentLogger } from "@sift/schemas";
import { addOrganizationMember, createUser, leaseDueDeliveries } from "@sift/storage";
import { createAlertsHarness } from "./test/alerts-harness.js";
import type { AlertsHarness, Tenant } from "./test/alerts-harness.js";
import { newId } from "./test/generate.js";
import type { OccurrenceSpec } from "./test/generate.js";
import { startSilentServer } from "./test/receivers.js";

let h: AlertsHarness;
beforeAll(async () => {
  h = await createAlertsHarness();
});
afterAll(async () => {
  await h?.destroy();
});

/** `n` new issues in the tenant's project, one occurrence each, decided: one delivery each. */
async function newIssues(t: Tenant, prefix: string, n: number): Promise<void> {
  await h.ingest(
    Array.from({ length: n }, (_, i) => ({
      projectId: t.projectId,
      fingerprint: `${prefix}-${i}`,
      time: h.clock.now(),
    })),
  );
  expect(await h.decider.catchUp()).toBe(n);
}

interface DeliveryJson {
  status: string;
  requestId: string;
  attempts: { attempt: number; statusCode: number | null; error: string | null; outcome: string }[];
}

const deliveries = async (t: Tenant): Promise<DeliveryJson[]> =>
  (await h.request("GET", `${t.path}/alert-deliveries/`, { token: t.org.tokens.read })).json<
    DeliveryJson[]
  >();

describe("delivery faults", () => {
  it("a receiver answering 500 gets retries with back-off, then the delivery, with one request id", async () => {
    const t = await h.firstSeenTenant();
    t.receiver.answer(500, 500, 200);
    await h.ingest([{ projectId: t.projectId, fingerprint: "flaky", time: h.clock.now() }]);
    expect(await h.settle()).toMatchObject({ retried: 1 });
    // Not due before the back-off (1 s, then 2 s) has passed.
    expect(await h.worker.runOnce()).toMatchObject({ retried: 0, delivered: 0 });
    h.clock.advance(1_000);
    expect(await h.worker.runOnce()).toMatchObject({ retried: 1 });
    h.clock.advance(1_000);
    expect(await h.worker.runOnce()).toMatchObject({ retried: 0, delivered: 0 });
    h.clock.advance(1_000);
    expect(await h.worker.runOnce()).toMatchObject({ delivered: 1 });
    const [d] = await deliveries(t);
    expect(d!.status).toBe("delivered");
    expect(d!.attempts.map((a) => [a.attempt, a.statusCode, a.outcome])).toEqual([
      [1, 500, "retry"],
      [2, 500, "retry"],
      [3, 200, "delivered"],
    ]);
    expect(new Set(t.receiver.requests.map((r) => r.headers["request-id"]))).toEqual(new Set([d!.requestId]));
  });

  it("a receiver that is not listening gets the delivery once it is back", async () => {
    const t = await h.firstSeenTenant();
    await t.receiver.stop();
    await h.ingest([{ projectId: t.projectId, fingerprint: "down", time: h.clock.now() }]);
    expect(await h.settle()).toMatchObject({ retried: 1 });
    await t.receiver.start();
    h.clock.advance(1_000);
    expect(await h.worker.runOnce()).toMatchObject({ delivered: 1 });
    const [d] = await deliveries(t);
    expect(d!.attempts.map((a) => a.outcome)).toEqual(["retry", "delivered"]);
    expect(d!.attempts[0]!.error).toContain("ECONNREFUSED");
    expect(t.receiver.requests).toHaveLength(1);
  });

  it("a delivery fails only after its last retry", async () => {
    const t = await h.firstSeenTenant();
    t.receiver.answer(503);
    const worker = h.newWorker({ retryBaseMs: 1_000, retryForMs: 3_500 });
    await h.ingest([{ projectId: t.projectId, fingerprint: "broken", time: h.clock.now() }]);
    expect(await h.settle(worker)).toMatchObject({ retried: 1 });
    h.clock.advance(1_000);
    expect(await worker.runOnce()).toMatchObject({ retried: 1 });
    h.clock.advance(2_000);
    expect(await worker.runOnce()).toMatchObject({ failed: 1 });
    const [d] = await deliveries(t);
    expect(d!.status).toBe("failed");
    expect(d!.attempts.map((a) => a.outcome)).toEqual(["retry", "retry", "failed"]);
    const metrics = await h.metrics.registry.metrics();
    expect(metrics).toMatch(/alerts_failed_total\{action="sentry_app"\} [1-9]/);
    expect(metrics).toMatch(/alerts_retried_total\{action="sentry_app"\} [1-9]/);
  });

  it("a delivery a worker took and never finished (it died) is sent once its lease ends", async () => {
    const t = await h.firstSeenTenant();
    await h.ingest([{ projectId: t.projectId, fingerprint: "orphaned", time: h.clock.now() }]);
    await h.decider.catchUp();
    // A worker that dies after taking its deliveries leaves them leased, not lost.
    expect(await leaseDueDeliveries(h.db, h.clock.now(), 6_000, 100)).toHaveLength(1);
    expect(await h.worker.runOnce()).toMatchObject({ delivered: 0 });
    h.clock.advance(6_000);
    expect(await h.worker.runOnce()).toMatchObject({ delivered: 1 });
    expect(t.receiver.requests).toHaveLength(1);
  });

  it("a private receiver is refused without the allow list", async () => {
    const t = await h.firstSeenTenant();
    const worker = h.newWorker({ guard: createOutboundGuard([]), retryForMs: 0 });
    await h.ingest([{ projectId: t.projectId, fingerprint: "private", time: h.clock.now() }]);
    expect(await h.settle(worker)).toMatchObject({ failed: 1 });
    const [d] = await deliveries(t);
    expect(d!.attempts[0]!.error).toBe("Refusing to connect to 127.0.0.1 (127.0.0.1): not a public address");
    expect(t.receiver.requests).toHaveLength(0);
  });
});

/** A tenant whose first-seen rule e-mails one of its members. */
async function mailedTenant(): Promise<Tenant> {
  const t = await h.tenant();
  const { user } = await createUser(h.db, { email: `oncall@${t.slug}.example`, name: "On call" });
  await addOrganizationMember(h.db, t.org.organization.id, user.id);
  await h.createRule(t.org, t.path, {
    name: "Mail on call",
    conditions: [{ id: CONDITIONS.FIRST_SEEN }],
    actions: [{ id: ACTIONS.EMAIL, targetType: "Member", targetIdentifier: user.id }],
  });
  return t;
}

describe("e-mail faults", () => {
  it("a round's e-mails share at most five connections to the SMTP server", async () => {
    const t = await mailedTenant();
    await newIssues(t, "mailed", 12);
    const [mails, connections] = [h.smtp.mails.length, h.smtp.connections()];
    expect(await h.worker.runOnce()).toMatchObject({ delivered: 12 });
    expect(h.smtp.mails.length - mails).toBe(12);
    expect(h.smtp.connections() - connections).toBeLessThanOrEqual(5);
  });

  /**
   * One e-mail delivery of a new issue, sent to a mail server that never says a word, with the
   * mailer's and the worker's timeouts given: its only attempt, which fails.
   */
  async function mailToSilentServer(timeouts: { mailer: number; worker: number }) {
    const t = await mailedTenant();
    const silent = await startSilentServer();
    const url = `smtp://127.0.0.1:${silent.port}`;
    const mailer = createSmtpMailer({ url, from: "alerts@sift.example", timeoutMs: timeouts.mailer });
    try {
      await newIssues(t, `silent-${silent.port}`, 1);
      const worker = h.newWorker({ mailer, timeoutMs: timeouts.worker, retryForMs: 0 });
      expect(await worker.runOnce()).toMatchObject({ failed: 1 });
      const [d] = await deliveries(t);
      return { port: silent.port, attempts: d!.attempts.map((a) => [a.outcome, a.error]) };
    } finally {
      mailer.close();
      await silent.close();
    }
  }

  it("a mail server that never answers holds an attempt no longer than the worker's timeout", async () => {
    // The transport would wait a minute; the worker's timeout ends the attempt first.
    const { attempts } = await mailToSilentServer({ mailer: 60_000, worker: 300 });
    expect(attempts).toEqual([["failed", "Timed out after 300 ms"]]);
  });

  it("the mailer's own timeouts apply: a server that never greets fails the attempt in time", async () => {
    const { port, attempts } = await mailToSilentServer({ mailer: 300, worker: 60_000 });
    expect(attempts).toEqual([["failed", `SMTP server 127.0.0.1:${port} did not answer within 300 ms`]]);
  });
});

describe("a backlog", () => {
  it("is sent in one tick of the runner, round after round, not one round per interval", async () => {
    const t = await h.firstSeenTenant();
    await newIssues(t, "burst", 45);
    const inner = h.newWorker({ batchSize: 20 });
    const rounds: number[] = [];
    let drained!: () => void;
    const idle = new Promise<void>((resolve) => (drained = resolve));
    const worker = {
      async runOnce(): Promise<SendOutcome> {
        const outcome = await inner.runOnce();
        rounds.push(outcome.delivered);
        if (!outcome.full) drained();
        return outcome;
      },
    };
    // One tick: the next would come an hour later.
    const runner = startAlerts({
      decider: h.newDecider(),
      worker,
      logger: silentLogger,
      intervalMs: 3_600_000,
    });
    await idle;
    await runner.stop();
    expect(rounds).toEqual([20, 20, 5]);
    expect(t.receiver.requests).toHaveLength(45);
  }, 15_000);
});

describe("a round", () => {
  it("sends at most ten requests at once to one host; the others wait their turn", async () => {
    const silent = await startSilentServer();
    try {
      const t = await h.tenant();
      await h.createRule(t.org, t.path, {
        name: "Slack",
        conditions: [{ id: CONDITIONS.FIRST_SEEN }],
        actions: [{ id: ACTIONS.SLACK, webhookUrl: `http://127.0.0.1:${silent.port}/hook` }],
      });
      await newIssues(t, "held", 25);
      const worker = h.newWorker({ timeoutMs: 300, retryForMs: 0 });
      const started = performance.now();
      expect(await worker.runOnce()).toMatchObject({ failed: 25 });
      // Ten at a time, each held until its timeout: three waves, so the round cannot end sooner.
      expect(performance.now() - started).toBeGreaterThanOrEqual(900);
      expect(silent.connections()).toBe(25);
      const attempts = (await deliveries(t)).flatMap((d) => d.attempts.map((a) => a.error));
      expect(attempts).toEqual(Array.from({ length: 25 }, () => "Timed out after 300 ms"));
    } finally {
      await silent.close();
    }
  });

  it("takes up to 100 due deliveries by default and sends them together", async () => {
    const t = await h.firstSeenTenant();
    await newIssues(t, "round", 101);
    expect(await h.worker.runOnce()).toMatchObject({ delivered: 100, full: true });
    expect(t.receiver.requests).toHaveLength(100);
    expect(await h.worker.runOnce()).toMatchObject({ delivered: 1, full: false });
    expect(new Set(t.receiver.requests.map((r) => r.headers["request-id"])).size).toBe(101);
  }, 15_000);
});

describe("decided exactly once", () => {
  it("replaying the same occurrences decides nothing new", async () => {
    const t = await h.firstSeenTenant();
    const specs: OccurrenceSpec[] = ["r1", "r2", "r3"].map((f) => ({
      projectId: t.projectId,
      fingerprint: f,
      time: h.clock.now(),
      id: newId(),
      eventId: newId(),
    }));
    await h.ingest(specs);
    await h.settle();
    expect(t.receiver.requests).toHaveLength(3);
    await h.ingest(specs);
    expect(await h.decider.catchUp()).toBe(0);
    await h.worker.runOnce();
    expect(t.receiver.requests).toHaveLength(3);
  });

  it("two deciders running at once decide each alert once", async () => {
    const t = await h.firstSeenTenant();
    const other = h.newDecider();
    const fingerprints = Array.from({ length: 12 }, (_, i) => `pair-${i}`);
    let decided = 0;
    await Promise.all([
      (async () => {
        for (const f of fingerprints)
          await h.ingest([{ projectId: t.projectId, fingerprint: f, time: h.clock.now() }]);
      })(),
      ...[h.decider, other].map(async (d) => {
        for (let i = 0; i < 12; i++) {
          const pass = await d.decideOnce();
          decided += pass.decided;
        }
      }),
    ]);
    const caughtUp = [await h.decider.catchUp(), await other.catchUp()];
    decided += caughtUp[0]! + caughtUp[1]!;
    expect(decided).toBe(12);
    while ((await h.worker.runOnce()).delivered > 0);
    const issueIds = t.receiver.requests.map(
      (r) => (r.json.data as { event: { issue_id: string } }).event.issue_id,
    );
    expect(issueIds).toHaveLength(12);
    expect(new Set(issueIds).size).toBe(12);
  });
});
