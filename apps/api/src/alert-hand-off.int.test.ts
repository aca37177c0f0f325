import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAlertsHarness } from "./test/alerts-harness.js";
import type { AlertsHarness } from "./test/alerts-harness.js";

let h: AlertsHarness;
beforeAll(async () => {
  h = await createAlertsHarness();
});
afterAll(async () => {
  await h?.destroy();
});

type EventAlert = { data: { event: Record<string, unknown>; triggered_rule: string } };

/** A first-seen tenant with one new issue, decided by a decider that hands its deliveries to a new worker. */
async function handedOne(fingerprint: string, eventId?: string) {
  const t = await h.firstSeenTenant();
  const worker = h.newWorker();
  await h.ingestOne(t, fingerprint, eventId ? { eventId } : {});
  expect(await h.newDecider(h.db, worker.handOff).catchUp()).toBe(1);
  return { t, worker };
}

describe("deliveries handed from the decider to the worker", () => {
  it("are sent from memory by that worker, with the event, and taken by no other before the lease ends", async () => {
    const { t, worker } = await handedOne("handed", "a".repeat(32));
    expect(await h.newWorker().runOnce()).toMatchObject({ delivered: 0, full: false });
    expect(await worker.runOnce()).toMatchObject({ delivered: 1, full: false });
    expect(t.receiver.requests).toHaveLength(1);
    const body = t.receiver.requests[0]!.json as EventAlert;
    expect(body.data.triggered_rule).toBe("New issue");
    // The stored event's own fields and the links Sentry adds.
    expect(body.data.event).toMatchObject({ event_id: "a".repeat(32), platform: "python" });
    expect(body.data.event.web_url).toContain(`/events/${"a".repeat(32)}/`);
  });

  it("one its worker never sent (it died) is sent by another worker once the lease ends", async () => {
    const { t, worker: died } = await handedOne("orphaned");
    const other = h.newWorker();
    h.clock.advance(died.handOff.leaseMs - 1_000);
    expect(await other.runOnce()).toMatchObject({ delivered: 0 });
    h.clock.advance(1_000);
    expect(await other.runOnce()).toMatchObject({ delivered: 1 });
    expect(t.receiver.requests).toHaveLength(1);
  });

  it("a worker that stops gives back what it was handed: another worker sends it at once", async () => {
    const { t, worker } = await handedOne("released");
    const other = h.newWorker();
    expect(await other.runOnce()).toMatchObject({ delivered: 0 });
    expect(await worker.releaseHandedOff()).toBe(1);
    expect(await worker.releaseHandedOff()).toBe(0);
    expect(await other.runOnce()).toMatchObject({ delivered: 1 });
    expect(await worker.runOnce()).toMatchObject({ delivered: 0, full: false });
    expect(t.receiver.requests).toHaveLength(1);
  });

  it("one whose lease has less than a round left when its turn comes is left to the database", async () => {
    const { t, worker } = await handedOne("late");
    // Half the lease is one round's: the rest would not cover sending it.
    h.clock.advance(worker.handOff.leaseMs / 2 + 1);
    expect(await worker.runOnce()).toMatchObject({ delivered: 0, full: false });
    expect(t.receiver.requests).toHaveLength(0);
    h.clock.advance(worker.handOff.leaseMs / 2);
    expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
    expect(t.receiver.requests).toHaveLength(1);
  });

  it("a retry, read back from the database, sends the same body with the same request id", async () => {
    const { t, worker } = await handedOne("retried");
    t.receiver.answer(500, 200);
    expect(await worker.runOnce()).toMatchObject({ retried: 1 });
    h.clock.advance(1_000);
    expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
    const [first, retry] = t.receiver.requests;
    expect(retry!.json).toEqual(first!.json);
    expect(retry!.headers["request-id"]).toBe(first!.headers["request-id"]);
  });

  it("a pass the worker has no room for is written due, for any worker to send", async () => {
    const t = await h.firstSeenTenant();
    // Room for 20 (twenty rounds of one): the pass's 21 deliveries are not handed over.
    const small = h.newWorker({ batchSize: 1 });
    expect(small.handOff.room()).toBe(20);
    const decider = h.newDecider(h.db, small.handOff);
    await h.ingest(
      Array.from({ length: 21 }, (_, i) => ({
        projectId: t.projectId,
        fingerprint: `full-${i}`,
        time: h.clock.now(),
      })),
    );
    expect(await decider.catchUp()).toBe(21);
    expect(await h.newWorker().runOnce()).toMatchObject({ delivered: 21 });
    expect(await small.runOnce()).toMatchObject({ delivered: 0, full: false });
  }, 15_000);
});
