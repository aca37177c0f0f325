import type { Consumer, EachBatchPayload, Kafka, Producer, IHeaders } from "kafkajs";
import { Partitions } from "./partitions.js";
import { isRetryable } from "@sift/schemas";
import type { Logger, Metrics } from "@sift/schemas";
import type { BatchProcessor, MessageOutcome } from "./processor.js";

export interface IngestConsumerOptions {
  kafka: Kafka;
  topic: string;
  dlqTopic: string;
  groupId: string;
  processor: BatchProcessor;
  logger: Logger;
  metrics: Metrics;
  /** Largest number of messages processed in one transaction (1 = one at a time). */
  maxBatchSize?: number;
  partitionsConsumedConcurrently?: number;
  maxBytesPerPartition?: number;
  /** Retry back-off bounds for transient failures (ms). */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** Partitions for the topics when they are created. */
  topicPartitions?: number;
  sessionTimeoutMs?: number;
}

export interface IngestConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** False until the consumer has joined its group, and while a dependency failure keeps a batch from committing. */
  healthy(): boolean;
  lastError(): string | null;
}

export interface DeadLetter {
  key: Buffer | null;
  value: Buffer | null;
  code: string;
  message: string;
  topic: string;
  partition: number;
  offset: string;
}

export function deadLetterHeaders(d: DeadLetter): IHeaders {
  return {
    "sift-error-code": d.code,
    "sift-error-message": d.message.slice(0, 2000),
    "sift-original-topic": d.topic,
    "sift-original-partition": String(d.partition),
    "sift-original-offset": d.offset,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Create the topics if missing (idempotent). */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  partitions: number,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}

type Chunk = EachBatchPayload["batch"]["messages"];

/** The messages of a processed chunk that were invalid, as dead letters naming where they came from. */
function deadLettersOf(
  outcomes: readonly MessageOutcome[],
  chunk: Chunk,
  batch: EachBatchPayload["batch"],
): DeadLetter[] {
  return outcomes.flatMap((o, i) => {
    if (o.kind !== "invalid") return [];
    const m = chunk[i]!;
    const { topic, partition } = batch;
    return [
      {
        key: m.key,
        value: m.value,
        code: o.error.code,
        message: o.error.message,
        topic,
        partition,
        offset: m.offset,
      },
    ];
  });
}

/**
 * Waits `delayMs` before a retry, heartbeating so the group keeps the partition; false as soon as the
 * consumer stops or loses the partition.
 */
async function backOff(
  payload: EachBatchPayload,
  delayMs: number,
  stopping: () => boolean,
): Promise<boolean> {
  const until = Date.now() + delayMs;
  while (Date.now() < until) {
    if (!payload.isRunning() || payload.isStale() || stopping()) return false;
    await sleep(Math.min(250, until - Date.now()));
    try {
      await payload.heartbeat();
    } catch {
      // A failed heartbeat (rebalance, broker down) shows up as isStale/isRunning or on the next fetch.
    }
  }
  return true;
}

/**
 * The ingest consumer: batches per partition, one transaction per batch, dead letters for invalid
 * messages, offsets committed only after the batch's writes (and its dead letters) are durable. Transient
 * failures are retried with exponential back-off, without committing.
 */
export function createIngestConsumer(options: IngestConsumerOptions): IngestConsumer {
  const { kafka, topic, dlqTopic, groupId, processor, logger, metrics } = options;
  const maxBatchSize = options.maxBatchSize ?? 1000;
  const retryInitialMs = options.retryInitialMs ?? 200;
  const retryMaxMs = options.retryMaxMs ?? 10_000;
  let consumer: Consumer | null = null;
  let producer: Producer | null = null;
  let failing: string | null = null;
  let joined = false;
  let stopping = false;
  const partitions = new Partitions();

  async function sendDeadLetters(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await producer!.send({
      topic: dlqTopic,
      acks: -1,
      messages: letters.map((d) => ({ key: d.key, value: d.value, headers: deadLetterHeaders(d) })),
    });
    for (const d of letters) metrics.increment("occurrence_consumer.dead_letters", { code: d.code });
  }

  async function handleChunk(payload: EachBatchPayload, chunk: Chunk): Promise<boolean> {
    const { batch } = payload;
    let delay = retryInitialMs;
    for (;;) {
      if (!payload.isRunning() || payload.isStale() || stopping) return false;
      try {
        const started = performance.now();
        const outcomes: MessageOutcome[] = await processor.processIsolating(
          chunk.map((m) => ({ value: m.value, receivedAt: new Date(Number(m.timestamp)) })),
        );
        await sendDeadLetters(deadLettersOf(outcomes, chunk, batch));
        const last = chunk[chunk.length - 1]!;
        await consumer!.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
        ]);
        payload.resolveOffset(last.offset);
        metrics.observe("occurrence_consumer.process_batch", (performance.now() - started) / 1000);
        metrics.gauge("occurrence_consumer.checkin.parallel_batch_count", chunk.length);
        metrics.increment("occurrence_consumer.messages_processed", {}, chunk.length);
        if (failing) logger.info({ partition: batch.partition }, "recovered; processing resumed");
        failing = null;
        return true;
      } catch (error) {
        if (!isRetryable(error)) {
          // Not a bad message (those become dead letters): an unexpected fault; keep retrying, never skip.
          logger.error({ err: error, partition: batch.partition }, "batch failed unexpectedly; retrying");
        } else {
          logger.warn(
            { err: (error as Error).message, partition: batch.partition, retryInMs: delay },
            "transient failure; retrying",
          );
        }
        failing = (error as Error)?.message ?? String(error);
        metrics.increment("occurrence_consumer.batch_retries");
        processor.clearCaches();
        if (!(await backOff(payload, delay, () => stopping))) return false;
        delay = Math.min(delay * 2, retryMaxMs);
      }
    }
  }

  return {
    async start() {
      stopping = false;
      producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: false });
      await producer.connect();
      await ensureTopics(kafka, [topic, dlqTopic], options.topicPartitions ?? 8);
      consumer = kafka.consumer({
        groupId,
        sessionTimeout: options.sessionTimeoutMs ?? 30_000,
        heartbeatInterval: 3_000,
        maxWaitTimeInMs: 250,
        maxBytesPerPartition: options.maxBytesPerPartition ?? 1024 * 1024,
        maxBytes: 10 * 1024 * 1024,
        retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 10_000 },
      });
      consumer.on(consumer.events.CRASH, (event) => {
        logger.error({ err: event.payload.error, restart: event.payload.restart }, "kafka consumer crashed");
        failing = event.payload.error?.message ?? "consumer crashed";
      });
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        logger.info({ assignment: event.payload.memberAssignment }, "joined consumer group");
        partitions.assign(event.payload.memberAssignment[topic] ?? []);
        joined = true;
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 4,
        eachBatch: async (payload) => {
          const messages = payload.batch.messages;
          for (let i = 0; i < messages.length; i += maxBatchSize) {
            const done = await handleChunk(payload, messages.slice(i, i + maxBatchSize));
            if (!done) return;
            await payload.heartbeat().catch(() => undefined);
          }
        },
      });
    },
    async stop() {
      stopping = true;
      try {
        await consumer?.disconnect();
      } finally {
        await producer?.disconnect();
        consumer = null;
        producer = null;
      }
    },
    healthy: () => failing === null && joined,
    lastError: () => failing ?? (joined ? null : "joining the consumer group"),
  };
}
