import type { Kafka, Producer } from "kafkajs";
import { Partitioners } from "kafkajs";
import type { Logger } from "@sift/schemas";
import { buildOccurrencePayload, buildStatusChangePayload, payloadKey } from "./payload.js";
import type { ProduceOccurrenceInput, StatusChangeInput } from "./payload.js";

export type ProduceResult<R> =
  { mode: "kafka"; topic: string; key: string | null } | { mode: "direct"; outcome: R };

export interface OccurrenceProducerOptions<R> {
  /** Produce to Kafka when given; otherwise `processDirectly` handles every payload in-process. */
  kafka?: Kafka | null;
  topic: string;
  logger: Logger;
  /** The consumer's processing, for the no-Kafka path: JSON payloads in, one outcome each out. */
  processDirectly?: (payloads: readonly string[]) => Promise<R[]>;
  /** Sends not yet acknowledged before produce calls wait (back-pressure). */
  maxInFlight?: number;
  /** How long a message may wait to share a request with others (ms). */
  lingerMs?: number;
  maxBatchMessages?: number;
}

export interface OccurrenceProducer<R> {
  produceOccurrence(input: ProduceOccurrenceInput): Promise<ProduceResult<R>>;
  produceStatusChange(input: StatusChangeInput): Promise<ProduceResult<R>>;
  /** Wire-format payloads as they are (the HTTP intake validated them). */
  producePayloads(payloads: readonly Record<string, unknown>[]): Promise<ProduceResult<R>[]>;
  inFlight(): number;
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  key: string | null;
  value: string;
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

  if (!kafka && !options.processDirectly) throw new Error("either kafka or processDirectly is required");

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

  async function enqueue(payloads: readonly Record<string, unknown>[]): Promise<ProduceResult<R>[]> {
    if (closed) throw new Error("producer is closed");
    while (inFlight >= maxInFlight) await new Promise<void>((resolve) => waiters.push(resolve));
    inFlight += payloads.length;
    const promises = payloads.map(
      (payload) =>
        new Promise<void>((resolve, reject) => {
          queue.push({ key: payloadKey(payload), value: JSON.stringify(payload), resolve, reject });
        }),
    );
    if (queue.length >= maxBatchMessages) sendQueued();
    else timer ??= setTimeout(sendQueued, lingerMs);
    await Promise.all(promises);
    return payloads.map((payload) => ({ mode: "kafka", topic, key: payloadKey(payload) }));
  }

  async function produce(payloads: readonly Record<string, unknown>[]): Promise<ProduceResult<R>[]> {
    if (kafka) return enqueue(payloads);
    const outcomes = await options.processDirectly!(payloads.map((p) => JSON.stringify(p)));
    return outcomes.map((outcome) => ({ mode: "direct", outcome }));
  }

  return {
    async produceOccurrence(input) {
      const [result] = await produce([buildOccurrencePayload(input)]);
      return result!;
    },
    async produceStatusChange(input) {
      const [result] = await produce([buildStatusChangePayload(input)]);
      return result!;
    },
    producePayloads: produce,
    inFlight: () => inFlight,
    async flush() {
      sendQueued();
      while (sending.size > 0) await Promise.allSettled([...sending]);
    },
    async close() {
      closed = true;
      sendQueued();
      while (sending.size > 0) await Promise.allSettled([...sending]);
      await producer?.disconnect();
      producer = null;
    },
  };
}
