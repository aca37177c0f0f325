import type { Admin, IHeaders, Kafka, Message, Producer } from "kafkajs";
import { sleep } from "@sift/testkit";

/** One partition's progress: the group's committed offset against the log end. */
export interface PartitionProgress {
  partition: number;
  committed: number;
  high: number;
}

/** Committed offsets of the group (the topic's low offset when nothing is committed) and log ends. */
export async function groupProgress(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<PartitionProgress[]> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const byPartition = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  return ends.map((e) => {
    const c = byPartition.get(e.partition) ?? -1;
    return { partition: e.partition, committed: c >= 0 ? c : Number(e.low), high: Number(e.high) };
  });
}

export const lagOf = (progress: readonly PartitionProgress[]): number =>
  progress.reduce((sum, p) => sum + Math.max(0, p.high - p.committed), 0);

/**
 * Runs an admin call, reconnecting the admin client and trying again for up to `patienceMs` if the broker
 * went away in between (it was restarted) or is still loading its groups.
 */
export async function withAdmin<T>(
  admin: Admin,
  fn: (admin: Admin) => Promise<T>,
  patienceMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    try {
      return await fn(admin);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await admin.disconnect().catch(() => undefined);
      await sleep(500);
      await admin.connect().catch(() => undefined);
    }
  }
}

/** Waits until the group has committed everything in the topic (lag 0 twice in a row). */
export async function waitForDrain(
  admin: Admin,
  groupId: string,
  topic: string,
  timeoutMs: number,
  onPoll?: (progress: PartitionProgress[]) => void,
): Promise<{ drained: boolean; lag: number }> {
  const deadline = Date.now() + timeoutMs;
  let zeroes = 0;
  let lag = Number.NaN;
  for (;;) {
    try {
      const progress = await withAdmin(admin, (a) => groupProgress(a, groupId, topic), 5_000);
      onPoll?.(progress);
      lag = lagOf(progress);
      zeroes = lag === 0 ? zeroes + 1 : 0;
      if (zeroes >= 2) return { drained: true, lag: 0 };
    } catch {
      zeroes = 0;
    }
    if (Date.now() > deadline) return { drained: false, lag };
    await sleep(500);
  }
}

/**
 * Watches for recovery after a fault: done when every partition has committed past where it stood at
 * the fault, or has nothing left to do. Resolves with the seconds from `since`.
 */
export async function waitForRecovery(
  admin: Admin,
  groupId: string,
  topic: string,
  before: readonly PartitionProgress[],
  since: number,
  timeoutMs: number,
  extra: () => Promise<boolean> = async () => true,
): Promise<number | null> {
  const start = new Map(before.map((p) => [p.partition, p.committed]));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const now = await withAdmin(admin, (a) => groupProgress(a, groupId, topic), 5_000);
      const moved = now.every((p) => p.committed > (start.get(p.partition) ?? -1) || p.committed >= p.high);
      if (moved && (await extra())) return (Date.now() - since) / 1000;
    } catch {
      // broker not answering yet
    }
    if (Date.now() > deadline) return null;
    await sleep(250);
  }
}

export interface FeedMessage {
  key: string | null;
  value: Buffer | string | null;
}

/**
 * Produces messages in order at a steady rate, in the background. A failed send (broker down) is
 * retried until it succeeds, so every message is acknowledged at least once; `acked` counts them.
 */
export class Feeder {
  acked = 0;
  failures = 0;
  private stopped = false;
  private producer: Producer;
  private connected = false;
  readonly done: Promise<void>;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
    private readonly messages: readonly FeedMessage[],
    private readonly ratePerSecond: number,
  ) {
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 1_000 },
    });
    this.done = this.run();
  }

  get total(): number {
    return this.messages.length;
  }

  /** Stop after the message being sent (the rest are not produced). */
  stop(): void {
    this.stopped = true;
  }

  private async send(batch: Message[]): Promise<void> {
    for (;;) {
      try {
        if (!this.connected) {
          await this.producer.connect();
          this.connected = true;
        }
        await this.producer.send({ topic: this.topic, acks: -1, messages: batch });
        return;
      } catch {
        this.failures++;
        this.connected = false;
        await this.producer.disconnect().catch(() => undefined);
        await sleep(500);
      }
    }
  }

  private async run(): Promise<void> {
    const started = performance.now();
    let i = 0;
    try {
      while (i < this.messages.length && !this.stopped) {
        // Send what is due by now: small messages together (≤ 512 kB a request), big ones alone.
        const due = Math.min(
          this.messages.length,
          Math.floor(((performance.now() - started) / 1000) * this.ratePerSecond) + 1,
        );
        if (due <= i) {
          await sleep(Math.min(50, Math.max(1, 1000 / this.ratePerSecond)));
          continue;
        }
        const batch: Message[] = [];
        let bytes = 0;
        while (i < due && batch.length < 2_000) {
          const m = this.messages[i]!;
          const size =
            m.value === null ? 0 : typeof m.value === "string" ? m.value.length : m.value.byteLength;
          if (batch.length > 0 && bytes + size > 512 * 1024) break;
          batch.push({ key: m.key, value: m.value });
          bytes += size;
          i++;
        }
        await this.send(batch);
        this.acked += batch.length;
      }
    } finally {
      await this.producer.disconnect().catch(() => undefined);
    }
  }
}

export interface DeadLetterRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

function headerText(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    out[name] = first === undefined ? "" : first.toString();
  }
  return out;
}

/** Everything in `topic` up to its current end, read with a throwaway consumer group. */
export async function readTopic(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  timeoutMs = 120_000,
): Promise<DeadLetterRecord[]> {
  const ends = new Map(
    (await withAdmin(admin, (a) => a.fetchTopicOffsets(topic)))
      .filter((o) => Number(o.high) > Number(o.low))
      .map((o) => [o.partition, Number(o.high)]),
  );
  const records: DeadLetterRecord[] = [];
  if (ends.size === 0) return records;
  const last = new Map<number, number>();
  const groupId = `chaos-reader-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 100,
    maxBytesPerPartition: 16 * 1024 * 1024,
    maxBytes: 64 * 1024 * 1024,
  });
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const timer = setTimeout(finish, timeoutMs);
  const isDone = () => [...ends].every(([p, high]) => (last.get(p) ?? -1) + 1 >= high);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (Number(message.offset) < (ends.get(partition) ?? 0)) {
          records.push({
            partition,
            offset: message.offset,
            key: message.key?.toString("utf8") ?? null,
            value: message.value,
            headers: headerText(message.headers),
          });
        }
        last.set(partition, Number(message.offset));
        if (isDone()) finish();
      },
    });
    await finished;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  if (!isDone()) throw new Error(`could not read ${topic} to its end within ${timeoutMs} ms`);
  return records;
}
