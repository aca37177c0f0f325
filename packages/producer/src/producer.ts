import type { Kafka } from "kafkajs";
import { partitionKey } from "@sift/schemas";
import type { Logger, ReceivedMessage } from "@sift/schemas";
import { buildOccurrencePayload, buildStatusChangePayload, payloadKey } from "./payload.js";
import type { ProduceOccurrenceInput, StatusChangeInput } from "./payload.js";
import { createDirectBatches } from "./direct-batches.js";
import { createKafkaSender } from "./kafka-sender.js";
import type { Outgoing } from "./kafka-sender.js";
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

export function createOccurrenceProducer<R>(options: OccurrenceProducerOptions<R>): OccurrenceProducer<R> {
  const { kafka, topic, logger } = options;
  const maxInFlight = options.maxInFlight ?? 10_000;
  const lingerMs = options.lingerMs ?? 5;
  const maxBatchMessages = options.maxBatchMessages ?? 1000;
  let closed = false;

  if (!kafka && !options.processor) throw new Error("either kafka or a processor is required");

  const sender = kafka
    ? createKafkaSender({ kafka, topic, logger, maxInFlight, lingerMs, maxBatchMessages })
    : null;

  async function enqueue(messages: readonly Outgoing[]): Promise<ProduceResult<R>[]> {
    if (closed) throw new Error("producer is closed");
    await sender!.send(messages);
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
    await sender?.settle();
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
    inFlight: () => sender?.inFlight() ?? 0,
    flush: settle,
    async close() {
      closed = true;
      await settle();
      await sender?.disconnect();
    },
  };
}
