import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "@sift/schemas";
import { testKafka } from "@sift/testkit";
import type { TestKafka } from "@sift/testkit";
import { createOccurrenceProducer } from "./index.js";

let k: TestKafka;
beforeAll(async () => {
  k = await testKafka({ partitions: 4 });
});
afterAll(async () => {
  await k.destroy();
});

describe("producing to Kafka", () => {
  it("sends every message of one fingerprint to one partition, in order, with bounded in-flight sends", async () => {
    const producer = createOccurrenceProducer<never>({
      kafka: k.kafka,
      topic: k.topic,
      logger: silentLogger,
      maxInFlight: 50,
    });
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
});
