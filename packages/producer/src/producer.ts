import type { Kafka, Producer } from "kafkajs";
import { Partitioners } from "kafkajs";
import { partitionKey } from "@sift/schemas";
import type { Logger, ReceivedMessage } from "@sift/schemas";
import { buildOccurrencePayload, buildStatusChangePayload, payloadKey } from "./payload.js";
import type { ProduceOccurrenceInput, StatusChangeInput } from "./payload.js";
import { createDirectBatches } from "./direct-batches.js";
import type { DirectInput, DirectProcessor } from "./direct-batches.js";

export type ProduceResult<R> =
  { mode: "kafka"; topic: string; key: string | null } | { mode: "direct"; outcome: R };

export interface OccurrenceProducerOptions<R> {
  /** Produce to Kafka when given; otherwise `processor` processes every message in-process. */
  kafka?: Kafka | null;
  topic: string;
  logger: Logger;
  /** The no-Kafka path: the batch processor the consumer uses. */
  processor?: DirectProcessor<R> | null;
  /** Sends not yet acknowledged before produce calls wait (back-pressure). */
  maxInFlight?: number;
  /** How long a message may wait to share a request with others (ms). */
  lingerMs?: number;
  maxBatchMessages?: number;
  /**
   * Direct mode: batches processed at once. Messages that arrive while they run wait and are
   * processed together as the next batch, so concurrent callers share one transaction.
   */
  maxDirectBatches?: number;
}

export interface OccurrenceProducer<R> {
  /** "kafka" when a broker is configured, else "direct". */
  readonly mode: "kafka" | "direct";
  produceOccurrence(input: ProduceOccurrenceInput): Promise<ProduceResult<R>>;
  produceStatusChange(input: StatusChangeInput): Promise<ProduceResult<R>>;
  /**
   * Messages a caller validated: their text as it arrived goes to Kafka, or the decoded messages go to
   * the processor. Nothing is encoded or decoded again.
   */
  produce(messages: readonly ReceivedMessage[]): Promise<ProduceResult<R>[]>;
  inFlight(): number;
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface Outgoing {
  key: string | null;
  value: string;
}

interface Pending extends Outgoing {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function createOccurrenceProducer<R>(options: OccurrenceProducerOptions<R>): OccurrenceProducer<R> {
  const { kafka, topic, logger } = options;
  const maxInFlight = options.maxInFlight ?? 10_000;
  const lingerMs = options.lingerMs ?? 5;
  const maxBatchMessages = options.maxBatchMessages ?? 1000;
  let producer: Producer | null = null;
  let connecting: Promise<Producer> | null = null;
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | null = null;
  let inFlight = 0;
  const sending = new Set<Promise<void>>();
  const waiters: (() => void)[] = [];
  let closed = false;

  if (!kafka && !options.processor) throw new Error("either kafka or a processor is required");

  async function connected(): Promise<Producer> {
    if (producer) return producer;
    connecting ??= (async () => {
      const p = kafka!.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: true,
      });
      await p.connect();
      producer = p;
      return p;
    })();
    try {
      return await connecting;
    } finally {
      connecting = null;
    }
  }

  function release(count: number): void {
    inFlight -= count;
    while (inFlight < maxInFlight && waiters.length > 0) waiters.shift()!();
  }

  function sendQueued(): void {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatchMessages);
      queue = queue.slice(maxBatchMessages);
      const task = (async () => {
        try {
          const p = await connected();
          await p.send({ topic, acks: -1, messages: batch.map((m) => ({ key: m.key, value: m.value })) });
          for (const m of batch) m.resolve();
        } catch (error) {
          logger.error({ err: error, count: batch.length, topic }, "failed to produce messages");
          for (const m of batch) m.reject(error);
        } finally {
          release(batch.length);
        }
      })();
      sending.add(task);
      void task.finally(() => sending.delete(task));
    }
  }

  async function enqueue(messages: readonly Outgoing[]): Promise<ProduceResult<R>[]> {
    if (closed) throw new Error("producer is closed");
    while (inFlight >= maxInFlight) await new Promise<void>((resolve) => waiters.push(resolve));
    inFlight += messages.length;
    const promises = messages.map(
      ({ key, value }) =>
        new Promise<void>((resolve, reject) => {
          queue.push({ key, value, resolve, reject });
        }),
    );
    if (queue.length >= maxBatchMessages) sendQueued();
    else timer ??= setTimeout(sendQueued, lingerMs);
    await Promise.all(promises);
    return messages.map(({ key }) => ({ mode: "kafka", topic, key }));
  }

  const direct = options.processor
    ? createDirectBatches(options.processor, { maxBatches: options.maxDirectBatches ?? 2, maxBatchMessages })
    : null;

  async function processDirectly(messages: readonly DirectInput[]): Promise<ProduceResult<R>[]> {
    if (closed) throw new Error("producer is closed");
    return (await direct!.process(messages)).map((outcome) => ({ mode: "direct", outcome }));
  }

  async function settle(): Promise<void> {
    sendQueued();
    while (sending.size > 0) await Promise.allSettled([...sending]);
    await direct?.settle();
  }

  /** A message built here: its JSON text to Kafka, or to the processor to decode. */
  async function produceBuilt(payload: Record<string, unknown>): Promise<ProduceResult<R>> {
    const value = JSON.stringify(payload);
    const [result] = kafka
      ? await enqueue([{ key: payloadKey(payload), value }])
      : await processDirectly([{ value }]);
    return result!;
  }

  return {
    mode: kafka ? "kafka" : "direct",
    produceOccurrence: (input) => produceBuilt(buildOccurrencePayload(input)),
    produceStatusChange: (input) => produceBuilt(buildStatusChangePayload(input)),
    produce: (messages) =>
      kafka
        ? enqueue(
            messages.map(({ text, message }) => ({
              key: partitionKey(message.fingerprint, message.projectId),
              value: text,
            })),
          )
        : processDirectly(messages.map((received) => ({ received }))),
    inFlight: () => inFlight,
    flush: settle,
    async close() {
      closed = true;
      await settle();
      await producer?.disconnect();
      producer = null;
    },
  };
}
