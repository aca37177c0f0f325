import type { Knex } from "knex";
import { InvalidPayloadError, decodeMessage, isRetryable } from "@sift/schemas";
import type {
  Clock,
  DecodedMessage,
  GroupTypeRegistry,
  Logger,
  Metrics,
  Occurrence,
  ReceivedMessage,
  StatusChange,
} from "@sift/schemas";
import type { Db } from "@sift/storage";
import type { GroupingEngine, OccurrenceResult } from "@sift/grouping-engine";
import { createStatusChangeProcessor } from "./status-change.js";
import type { StatusChangeResult } from "./status-change.js";

/** A message as bytes (off Kafka): the processor decodes it. */
export interface InputMessage {
  value: Buffer | string | null;
  /** When the message reached Sift (Kafka timestamp or intake time). */
  receivedAt?: Date;
}

/** A message its producer decoded already (direct processing): it is not decoded again. */
export interface DecodedInput {
  received: ReceivedMessage;
  receivedAt?: Date;
}

export type BatchInput = InputMessage | DecodedInput;

export type MessageOutcome =
  | {
      kind: "occurrence";
      id: string;
      projectId: number;
      result: Exclude<OccurrenceResult, { status: "invalid" }>;
    }
  | {
      kind: "status_change";
      id: string;
      projectId: number;
      result: Exclude<StatusChangeResult, { status: "invalid" }>;
    }
  | { kind: "invalid"; error: InvalidPayloadError };

export interface BatchProcessorOptions {
  db: Db;
  grouping: GroupingEngine;
  types: GroupTypeRegistry;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  /** Occurrences older than this many days are refused (retention). */
  maxAgeDays?: number;
  /** Occurrences more than this many seconds in the future are refused. */
  maxFutureSeconds?: number;
}

export interface BatchProcessor {
  /**
   * Decode and validate the messages that are still bytes, then process all of them in order, in one
   * transaction. Invalid messages come back as `invalid` outcomes; a transient failure throws (nothing
   * is written) and the caller retries.
   */
  processBatch(messages: readonly BatchInput[]): Promise<MessageOutcome[]>;
  /**
   * processBatch, but a batch failing for a non-transient reason is split so that only the message that
   * fails on its own is refused (`INTERNAL`) and its neighbours are processed.
   */
  processIsolating(messages: readonly BatchInput[]): Promise<MessageOutcome[]>;
  clearCaches(): void;
}

type Decoded = { index: number; message: DecodedMessage; receivedAt: Date };

/** Each message's outcome from its result (`results` answers `messages` in order). */
function setOutcomes<R extends { status: string }>(
  outcomes: (MessageOutcome | null)[],
  messages: readonly Decoded[],
  results: readonly (R | { status: "invalid"; error: InvalidPayloadError })[],
  valid: (d: Decoded, result: Exclude<R, { status: "invalid" }>) => MessageOutcome,
): void {
  results.forEach((result, i) => {
    const d = messages[i]!;
    outcomes[d.index] =
      result.status === "invalid"
        ? { kind: "invalid", error: (result as { error: InvalidPayloadError }).error }
        : valid(d, result as Exclude<R, { status: "invalid" }>);
  });
}

interface Segment {
  occurrences: Decoded[];
  statusChanges: Decoded[];
}

/**
 * Order a batch for processing in waves: wave w runs its occurrences, then its status changes. A status
 * change goes in the wave of the latest occurrences before it that share a fingerprint, and occurrences
 * after it that share one go in a later wave — so per fingerprint the order is kept, while fingerprints
 * without status changes all land in wave 0 and are processed together.
 */
export function segmentBatch(decoded: readonly Decoded[]): Segment[] {
  const level = new Map<string, number>();
  const segments: Segment[] = [];
  const segment = (wave: number): Segment => {
    while (segments.length <= wave) segments.push({ occurrences: [], statusChanges: [] });
    return segments[wave]!;
  };
  for (const d of decoded) {
    const keys = d.message.fingerprintHashes.map((h) => `${d.message.projectId}:${h}`);
    const wave = Math.max(0, ...keys.map((k) => level.get(k) ?? 0));
    if (d.message.payloadType === "status_change") {
      segment(wave).statusChanges.push(d);
      for (const k of keys) level.set(k, wave + 1);
    } else {
      segment(wave).occurrences.push(d);
      for (const k of keys) level.set(k, wave);
    }
  }
  return segments;
}

export function createBatchProcessor(options: BatchProcessorOptions): BatchProcessor {
  const { db, grouping, types, logger, metrics, clock } = options;
  const maxAgeSeconds = (options.maxAgeDays ?? 90) * 86_400;
  const maxFutureSeconds = options.maxFutureSeconds ?? 86_400;
  const processStatusChanges = createStatusChangeProcessor({ logger, metrics, clock });

  async function processBatch(messages: readonly BatchInput[]): Promise<MessageOutcome[]> {
    const now = clock.now();
    const outcomes: (MessageOutcome | null)[] = messages.map(() => null);
    const decoded: Decoded[] = [];
    const decode = (value: Buffer | string | null): DecodedMessage => {
      if (value === null) throw new InvalidPayloadError("INVALID_JSON", "Message has no value");
      return decodeMessage(value, { types, bounds: { now, maxAgeSeconds, maxFutureSeconds } });
    };
    messages.forEach((m, index) => {
      try {
        const message = "received" in m ? m.received.message : decode(m.value);
        if (message.payloadType === "occurrence" && message.eventSchema === "legacy") {
          metrics.increment("occurrence_ingest.event_payload_invalid", { occurrence_type: message.type });
        }
        decoded.push({ index, message, receivedAt: m.receivedAt ?? now });
      } catch (error) {
        if (!(error instanceof InvalidPayloadError)) throw error;
        outcomes[index] = { kind: "invalid", error };
      }
    });

    if (decoded.length > 0) {
      const effects = await db.transaction(async (trx: Knex.Transaction) => {
        const allEffects = [];
        for (const segment of segmentBatch(decoded)) {
          if (segment.occurrences.length > 0) {
            const { results, effects } = await grouping.processOccurrences(
              trx,
              segment.occurrences.map((d) => ({
                occurrence: d.message as Occurrence,
                receivedAt: d.receivedAt,
              })),
            );
            allEffects.push(effects);
            setOutcomes(outcomes, segment.occurrences, results, (d, result) => ({
              kind: "occurrence",
              id: d.message.id,
              projectId: d.message.projectId,
              result,
            }));
          }
          if (segment.statusChanges.length > 0) {
            const results = await processStatusChanges(
              trx,
              segment.statusChanges.map((d) => ({
                change: d.message as StatusChange,
                receivedAt: d.receivedAt,
              })),
            );
            setOutcomes(outcomes, segment.statusChanges, results, (d, result) => ({
              kind: "status_change",
              id: d.message.id,
              projectId: d.message.projectId,
              result,
            }));
          }
        }
        return allEffects;
      });
      for (const e of effects) await grouping.afterCommit(e);
    }
    for (const o of outcomes) {
      if (o?.kind === "invalid")
        metrics.increment("occurrence_ingest.invalid_messages", { code: o.error.code });
    }
    return outcomes.map(
      (o) =>
        o ?? { kind: "invalid", error: new InvalidPayloadError("INTERNAL", "Message was not processed") },
    );
  }

  async function processIsolating(messages: readonly BatchInput[]): Promise<MessageOutcome[]> {
    try {
      return await processBatch(messages);
    } catch (error) {
      if (isRetryable(error)) throw error;
      if (messages.length === 1) {
        logger.error({ err: error }, "message failed on its own; dead-lettering it");
        const reason = error instanceof Error ? error.message : String(error);
        return [
          { kind: "invalid", error: new InvalidPayloadError("INTERNAL", `Processing failed: ${reason}`) },
        ];
      }
      logger.warn(
        { err: error, size: messages.length },
        "batch failed; splitting it to find the message at fault",
      );
      const middle = Math.ceil(messages.length / 2);
      const left = await processIsolating(messages.slice(0, middle));
      const right = await processIsolating(messages.slice(middle));
      return [...left, ...right];
    }
  }

  return {
    processBatch,
    processIsolating,
    clearCaches: () => grouping.clearCaches(),
  };
}
