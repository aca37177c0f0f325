import { noopMetrics, silentLogger } from "@sift/schemas";
import { testProducer } from "@sift/producer/testing";
import type { OccurrenceProducer } from "@sift/producer";
import { testKafka } from "@sift/testkit";
import type { TestKafka, TestKafkaMessage } from "@sift/testkit";
import { createIngestConsumer } from "../kafka-consumer.js";
import type { IngestConsumer } from "../kafka-consumer.js";
import type { BatchProcessor, InputMessage, MessageOutcome } from "../processor.js";
import type { Harness } from "./harness.js";

function tryParse(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface KafkaHarness {
  kafka: TestKafka;
  producer: OccurrenceProducer<never>;
  /** Produce raw payloads through the broker and wait until the consumer processed each of them. */
  send(
    payloads: readonly (Record<string, unknown> | string)[],
    timeoutMs?: number,
  ): Promise<MessageOutcome[]>;
  deadLetters(expected: number): Promise<TestKafkaMessage[]>;
  batches(): number[];
  stop(): Promise<void>;
}

/** Runs the real ingest consumer on fresh topics, with the harness's pipeline. */
export async function startKafkaHarness(
  h: Harness,
  options: { maxBatchSize?: number } = {},
): Promise<KafkaHarness> {
  const kafka = await testKafka({ partitions: 4 });
  const seen = new Map<string, MessageOutcome>();
  const waiters = new Set<() => void>();
  const sizes: number[] = [];
  const inner = h.pipeline.processor;
  const recording: BatchProcessor = {
    ...inner,
    async processIsolating(messages: readonly InputMessage[]) {
      const outcomes = await inner.processIsolating(messages);
      sizes.push(messages.length);
      messages.forEach((m, i) => seen.set(String(m.value), outcomes[i]!));
      for (const w of waiters) w();
      return outcomes;
    },
  };
  const consumer: IngestConsumer = createIngestConsumer({
    kafka: kafka.kafka,
    topic: kafka.topic,
    dlqTopic: kafka.dlqTopic,
    groupId: kafka.groupId,
    processor: recording,
    logger: silentLogger,
    metrics: noopMetrics,
    maxBatchSize: options.maxBatchSize,
    partitionsConsumedConcurrently: 2,
    retryInitialMs: 50,
  });
  await consumer.start();
  const producer = testProducer<never>(kafka);

  return {
    kafka,
    producer,
    async send(payloads, timeoutMs = 30_000) {
      const values = payloads.map((p) => (typeof p === "string" ? p : JSON.stringify(p)));
      await kafka.produce(
        payloads.map((p, i) => {
          const obj = typeof p === "string" ? tryParse(p) : p;
          const fp =
            obj && Array.isArray(obj.fingerprint)
              ? `${String(obj.fingerprint[0])}-${String(obj.project_id)}`
              : null;
          return { key: fp, value: values[i]! };
        }),
      );
      const deadline = Date.now() + timeoutMs;
      while (!values.every((v) => seen.has(v))) {
        if (Date.now() > deadline)
          throw new Error(`timed out: ${values.filter((v) => !seen.has(v)).length} unprocessed`);
        await new Promise<void>((resolve) => {
          const done = () => {
            waiters.delete(done);
            resolve();
          };
          waiters.add(done);
          setTimeout(done, 100);
        });
      }
      return values.map((v) => seen.get(v)!);
    },
    deadLetters: (expected) => kafka.readAll(kafka.dlqTopic, { expected, timeoutMs: 15_000 }),
    batches: () => sizes,
    async stop() {
      await consumer.stop();
      await producer.close();
      await kafka.destroy();
    },
  };
}
