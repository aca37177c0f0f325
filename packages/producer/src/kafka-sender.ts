import type { Kafka, Producer } from "kafkajs";
import { Partitioners } from "kafkajs";
import type { Logger } from "@sift/schemas";

/** A message for Kafka: its partition key and its JSON text. */
export interface Outgoing {
  key: string | null;
  value: string;
}

interface Pending extends Outgoing {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface KafkaSenderOptions {
  kafka: Kafka;
  topic: string;
  logger: Logger;
  /** Sends not yet acknowledged before `send` calls wait (back-pressure). */
  maxInFlight: number;
  /** How long a message may wait to share a request with others (ms). */
  lingerMs: number;
  maxBatchMessages: number;
}

/**
 * The producer's Kafka side: messages queue for at most `lingerMs` and go out in requests of at most
 * `maxBatchMessages` (acks from all replicas); `send` resolves once its messages are acknowledged and
 * waits first while `maxInFlight` messages are unacknowledged.
 */
export function createKafkaSender(options: KafkaSenderOptions) {
  const { kafka, topic, logger, maxInFlight, lingerMs, maxBatchMessages } = options;
  let producer: Producer | null = null;
  let connecting: Promise<Producer> | null = null;
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | null = null;
  let inFlight = 0;
  const sending = new Set<Promise<void>>();
  const waiters: (() => void)[] = [];

  async function connected(): Promise<Producer> {
    if (producer) return producer;
    connecting ??= (async () => {
      const p = kafka.producer({
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

  return {
    async send(messages: readonly Outgoing[]): Promise<void> {
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
    },
    /** Sends what is queued and waits for every request under way. */
    async settle(): Promise<void> {
      sendQueued();
      while (sending.size > 0) await Promise.allSettled([...sending]);
    },
    inFlight: () => inFlight,
    async disconnect(): Promise<void> {
      await producer?.disconnect();
      producer = null;
    },
  };
}
