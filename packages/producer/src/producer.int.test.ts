import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupTypes, receiveMessage } from "@sift/schemas";
import { loadFixtureText, testKafka } from "@sift/testkit";
import type { TestKafka } from "@sift/testkit";
import { testProducer } from "./test/producer.js";

let k: TestKafka;
beforeAll(async () => {
  k = await testKafka({ partitions: 4 });
});
afterAll(async () => {
  await k.destroy();
});

describe("producing to Kafka", () => {
  it("sends every message of one fingerprint to one partition, in order, with bounded in-flight sends", async () => {
    const producer = testProducer<never>(k, { maxInFlight: 50 });
    let peak = 0;
    const sends = Array.from({ length: 400 }, (_, i) => {
      const promise = producer.produceStatusChange({
        fingerprint: [`fp-${i % 4}`],
        project_id: 3,
        new_status: 1,
        id: i.toString(16).padStart(32, "0"),
      });
      peak = Math.max(peak, producer.inFlight());
      return promise;
    });
    const results = await Promise.all(sends);
    await producer.close();
    expect(results[0]).toEqual({ mode: "kafka", topic: k.topic, key: "fp-0-3" });
    expect(peak).toBeLessThanOrEqual(50);
    const messages = await k.readAll(k.topic, { expected: 400 });
    expect(messages).toHaveLength(400);
    const partitionsByKey = new Map<string, Set<number>>();
    for (const m of messages) {
      const set = partitionsByKey.get(m.key!) ?? new Set();
      set.add(m.partition);
      partitionsByKey.set(m.key!, set);
    }
    expect([...partitionsByKey.values()].every((s) => s.size === 1)).toBe(true);
    const fp0 = messages
      .filter((m) => m.key === "fp-0-3")
      .map((m) => parseInt((JSON.parse(m.value!) as { id: string }).id, 16));
    expect(fp0).toEqual([...fp0].sort((a, b) => a - b));
  });

  it("sends a received message's text as it arrived, keyed by its raw fingerprint", async () => {
    const own = await testKafka({ partitions: 1 });
    const producer = testProducer<never>(own);
    // Spacing and key order are the sender's; nothing re-encodes them.
    const text = `  ${loadFixtureText("valid/status-change-resolve.json").replaceAll(": ", ":\t")}\n`;
    const received = receiveMessage(text, {
      types: groupTypes,
      bounds: { now: new Date(), maxAgeSeconds: 86_400, maxFutureSeconds: 60 },
    });
    try {
      const [result] = await producer.produce([received]);
      const key = "n-plus-one:/api/orders:SELECT * FROM order_items WHERE order_id = %s-1";
      expect(result).toEqual({ mode: "kafka", topic: own.topic, key });
      const [sent] = await own.readAll(own.topic, { expected: 1 });
      expect(sent?.key).toBe(key);
      expect(sent?.value).toBe(text);
    } finally {
      await producer.close();
      await own.destroy();
    }
  });
});
