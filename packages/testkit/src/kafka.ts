import { Kafka, Partitioners, logLevel as LogLevel } from "kafkajs";
import type { Admin, IHeaders, KafkaMessage, logLevel, Producer } from "kafkajs";

import { randomId } from "./random.js";

export interface TestKafkaOptions {
  brokers: string[];
  /** Partitions of the two test topics (default 4). */
  partitions?: number;
  /** kafkajs log level (default NOTHING). */
  logLevel?: logLevel;
}

export interface TestKafkaMessageInput {
  key?: string | null;
  value: string | Buffer;
  headers?: IHeaders;
  partition?: number;
}

/** A message read back by `readAll`, decoded for assertions. */
export interface TestKafkaMessage {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  /** The value as UTF-8 text. */
  value: string | null;
  rawValue: Buffer | null;
  /** Header values as UTF-8 text (a repeated header gives an array). */
  headers: Record<string, string | string[]>;
}

export interface ReadAllOptions {
  /** Give up and return what was read after this long (default 15 s). */
  timeoutMs?: number;
  /**
   * Stop once this many messages were read. Without it, readAll stops when it has caught up with the
   * end of every partition as it was when readAll was called.
   */
  expected?: number;
}

export interface TestKafka {
  kafka: Kafka;
  brokers: string[];
  /** A fresh topic for the test, e.g. `t-1a2b3c4d-occurrences`. */
  topic: string;
  /** Its dead-letter topic, e.g. `t-1a2b3c4d-occurrences-dlq`. */
  dlqTopic: string;
  /** A consumer group id no other test uses. */
  groupId: string;
  /** Produces to `topic` (default: the test topic) with acks=all. */
  produce(messages: TestKafkaMessageInput[], topic?: string): Promise<void>;
  /** Reads `topic` from the beginning with a throwaway consumer group. */
  readAll(topic: string, options?: ReadAllOptions): Promise<TestKafkaMessage[]>;
  /** Deletes the topics and the consumer group and disconnects the clients. */
  destroy(): Promise<void>;
}

const DEFAULT_PARTITIONS = 4;
const DEFAULT_READ_TIMEOUT_MS = 15_000;

function text(value: Buffer | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? value : value.toString("utf8");
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map((v) => text(v) ?? "") : (text(value) ?? "");
  }
  return out;
}

function decodeMessage(topic: string, partition: number, message: KafkaMessage): TestKafkaMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    timestamp: message.timestamp,
    key: text(message.key),
    value: text(message.value),
    rawValue: message.value,
    headers: decodeHeaders(message.headers),
  };
}

function byPartitionAndOffset(a: TestKafkaMessage, b: TestKafkaMessage): number {
  if (a.partition !== b.partition) return a.partition - b.partition;
  const diff = BigInt(a.offset) - BigInt(b.offset);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

async function readAllFrom(
  kafka: Kafka,
  admin: Admin,
  groupId: string,
  topic: string,
  options: ReadAllOptions,
): Promise<TestKafkaMessage[]> {
  const { timeoutMs = DEFAULT_READ_TIMEOUT_MS, expected } = options;
  const messages: TestKafkaMessage[] = [];
  const lastOffsets = new Map<number, bigint>();

  // Without `expected`, read up to the end of each partition as it is now.
  let ends: Map<number, bigint> | undefined;
  if (expected === undefined) {
    const offsets = await admin.fetchTopicOffsets(topic);
    ends = new Map(
      offsets
        .filter((o) => BigInt(o.high) > BigInt(o.low))
        .map((o) => [o.partition, BigInt(o.high)] as const),
    );
  }
  const isDone = (): boolean => {
    if (expected !== undefined) return messages.length >= expected;
    for (const [partition, high] of ends ?? []) {
      if ((lastOffsets.get(partition) ?? -1n) + 1n < high) return false;
    }
    return true;
  };
  if (isDone()) return messages;

  const readerGroup = `${groupId}-read-${randomId()}`;
  const consumer = kafka.consumer({
    groupId: readerGroup,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
  });
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let crash: Error | undefined;
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) {
      crash = event.payload.error;
      finish();
    }
  });
  const timer = setTimeout(finish, timeoutMs);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        messages.push(decodeMessage(topic, partition, message));
        lastOffsets.set(partition, BigInt(message.offset));
        if (isDone()) finish();
      },
    });
    await finished;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
    await admin.deleteGroups([readerGroup]).catch(() => undefined);
  }
  if (crash) throw crash;
  return messages.sort(byPartitionAndOffset);
}

/**
 * Creates a unique topic and its dead-letter topic on the brokers, plus a unique consumer group id,
 * and returns helpers to produce to them and read them back.
 */
export async function createTestKafka(options: TestKafkaOptions): Promise<TestKafka> {
  const id = randomId();
  const topic = `t-${id}-occurrences`;
  const dlqTopic = `${topic}-dlq`;
  const groupId = `g-${id}`;
  const kafka = new Kafka({
    clientId: `sift-test-${id}`,
    brokers: options.brokers,
    logLevel: options.logLevel ?? LogLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const numPartitions = options.partitions ?? DEFAULT_PARTITIONS;
    const created = await admin.createTopics({
      topics: [
        { topic, numPartitions },
        { topic: dlqTopic, numPartitions },
      ],
      waitForLeaders: true,
    });
    if (!created) throw new Error(`topics ${topic} / ${dlqTopic} already exist`);
  } catch (error) {
    await admin.disconnect();
    throw error;
  }

  let producer: Producer | undefined;
  const connectedProducer = async (): Promise<Producer> => {
    if (!producer) {
      const fresh = kafka.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
      });
      await fresh.connect();
      producer = fresh;
    }
    return producer;
  };

  let destroyed = false;
  return {
    kafka,
    brokers: options.brokers,
    topic,
    dlqTopic,
    groupId,
    async produce(messages, target = topic) {
      const p = await connectedProducer();
      await p.send({
        topic: target,
        acks: -1,
        messages: messages.map((m) => ({
          key: m.key ?? null,
          value: m.value,
          headers: m.headers,
          partition: m.partition,
        })),
      });
    },
    readAll(target, readOptions = {}) {
      return readAllFrom(kafka, admin, groupId, target, readOptions);
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      try {
        if (producer) await producer.disconnect();
        await admin.deleteTopics({ topics: [topic, dlqTopic] });
        // The group exists only if the test used it; "not found" is fine.
        await admin.deleteGroups([groupId]).catch(() => undefined);
      } finally {
        await admin.disconnect();
      }
    },
  };
}
