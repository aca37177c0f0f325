import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Consumer, KafkaMessage } from "kafkajs";

import type { TestKafka } from "./kafka.js";
import { testKafka } from "./test-services.js";

describe("createTestKafka against the real broker", () => {
  let tk: TestKafka;
  beforeAll(async () => {
    tk = await testKafka();
  });
  afterAll(async () => {
    await tk?.destroy();
  });

  it("creates unique topics with the requested partitions", async () => {
    expect(tk.topic).toMatch(/^t-[0-9a-f]{8}-occurrences$/);
    expect(tk.dlqTopic).toBe(`${tk.topic}-dlq`);
    expect(tk.groupId).toMatch(/^g-[0-9a-f]{8}$/);

    const admin = tk.kafka.admin();
    await admin.connect();
    try {
      const topics = await admin.listTopics();
      expect(topics).toEqual(expect.arrayContaining([tk.topic, tk.dlqTopic]));
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [tk.topic, tk.dlqTopic] });
      expect(metadata.map((t) => t.partitions.length)).toEqual([4, 4]);
    } finally {
      await admin.disconnect();
    }
  });

  it("a produced message is consumed by a consumer group with key, value and headers, and its commit is visible", async () => {
    await tk.produce([
      {
        key: "fingerprint-1",
        value: '{"hello":"kafka"}',
        headers: { "content-type": "application/json", attempt: "1" },
      },
    ]);

    const consumer: Consumer = tk.kafka.consumer({ groupId: tk.groupId, maxWaitTimeInMs: 100 });
    const received = new Promise<{ partition: number; message: KafkaMessage }>((resolve) => {
      void consumer
        .connect()
        .then(() => consumer.subscribe({ topics: [tk.topic], fromBeginning: true }))
        .then(() =>
          consumer.run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              await consumer.commitOffsets([
                { topic: tk.topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
              ]);
              resolve({ partition, message });
            },
          }),
        );
    });
    let got: { partition: number; message: KafkaMessage };
    try {
      got = await received;
    } finally {
      await consumer.disconnect();
    }

    expect(got.message.key?.toString()).toBe("fingerprint-1");
    expect(got.message.value?.toString()).toBe('{"hello":"kafka"}');
    expect(got.message.headers?.["content-type"]?.toString()).toBe("application/json");
    expect(got.message.headers?.attempt?.toString()).toBe("1");
    expect(got.message.offset).toBe("0");

    const admin = tk.kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId: tk.groupId, topics: [tk.topic] });
      expect(committed?.topic).toBe(tk.topic);
      const byPartition = Object.fromEntries(committed!.partitions.map((p) => [p.partition, p.offset]));
      const expected = Object.fromEntries([0, 1, 2, 3].map((p) => [p, p === got.partition ? "1" : "-1"]));
      expect(byPartition).toEqual(expected);
    } finally {
      await admin.disconnect();
    }
  });

  it("readAll reads a topic from the beginning, keeping per-key order", async () => {
    await tk.produce(
      [
        { key: "a", value: "first" },
        { key: "b", value: "other", headers: { h: ["x", "y"] } },
        { key: "a", value: "second" },
        { key: null, value: Buffer.from([0xde, 0xad]) },
      ],
      tk.dlqTopic,
    );

    const messages = await tk.readAll(tk.dlqTopic, { expected: 4 });
    expect(messages).toHaveLength(4);
    expect(messages.filter((m) => m.key === "a").map((m) => m.value)).toEqual(["first", "second"]);
    expect(messages.find((m) => m.key === "b")?.headers).toEqual({ h: ["x", "y"] });
    expect(messages.find((m) => m.key === null)?.rawValue).toEqual(Buffer.from([0xde, 0xad]));
    expect(messages.every((m) => m.topic === tk.dlqTopic)).toBe(true);

    // Without `expected`, it stops at the current end of the topic instead of waiting for the timeout.
    const started = Date.now();
    const again = await tk.readAll(tk.dlqTopic, { timeoutMs: 20_000 });
    expect(again.map((m) => m.offset)).toEqual(messages.map((m) => m.offset));
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("the broker accepts and delivers a 2 MB message", async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, "s");
    await tk.produce([{ key: "big", value: big }]);
    const messages = await tk.readAll(tk.topic);
    const found = messages.find((m) => m.key === "big");
    expect(found?.rawValue?.length).toBe(2 * 1024 * 1024);
    expect(found?.rawValue?.equals(big)).toBe(true);
  });

  it("destroy deletes the topics", async () => {
    const doomed = await testKafka({ partitions: 2 });
    const admin = tk.kafka.admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).toEqual(expect.arrayContaining([doomed.topic, doomed.dlqTopic]));
      await doomed.destroy();
      const topics = await admin.listTopics();
      expect(topics).not.toContain(doomed.topic);
      expect(topics).not.toContain(doomed.dlqTopic);
    } finally {
      await admin.disconnect();
    }
  });
});
