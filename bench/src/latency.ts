import type { Kafka } from "kafkajs";
import { createApiToken, createDb, getOrganizationBySlug } from "@sift/storage";
import type { BenchContext } from "./context.js";
import { appOptions, flushRedis, recreateDatabase, redisUrl } from "./context.js";
import { generateWorkload } from "./workload.js";
import { Progress, percentile, sleep, startApp } from "@sift/testkit";
import { minimalOccurrenceMessage, uuidHex, rng } from "@sift/testkit";

export interface LatencyOptions {
  rate: number;
  seconds: number;
  /** The template database the throughput benchmark prepared (org, projects, pre-stored events). */
  template: string;
}

export interface LatencyResult {
  rate: number;
  seconds: number;
  produced: number;
  probes: number;
  /** How long one lookup request of the probes took (part of what the latency includes). */
  pollP50Ms: number;
  /** Produce → the consumer committed past the probe (stored and durable). */
  committedP50Ms: number;
  committedP99Ms: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const RUN_DB = "sift_bench_latency";
const REDIS_DB = 9;

/**
 * Steady load through Kafka while probes measure produce → visible through the API: each probe is an
 * occurrence with a fresh event id, and it is visible when the issue list's event-id lookup finds it.
 */
export async function ingestLatency(ctx: BenchContext, options: LatencyOptions): Promise<LatencyResult> {
  const url = await recreateDatabase(ctx.databaseUrl, RUN_DB, options.template);
  await flushRedis(ctx.redisUrl, REDIS_DB);
  const db = createDb({ url, poolMax: 2 });
  const org = (await getOrganizationBySlug(db, "bench"))!;
  const { token } = await createApiToken(db, { organizationId: org.id, scopes: ["event:read"] });
  await db.destroy();
  const topic = `bench-latency-${Date.now()}`;
  await ctx.admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 8, replicationFactor: 1 }],
  });
  const common = { DATABASE_URL: url, REDIS_URL: redisUrl(ctx.redisUrl, REDIS_DB) };
  const ingest = await startApp(
    "ingest",
    appOptions(
      {
        ...common,
        KAFKA_BROKERS: ctx.brokers.join(","),
        KAFKA_TOPIC_OCCURRENCES: topic,
        KAFKA_TOPIC_DLQ: `${topic}-dlq`,
        KAFKA_GROUP_ID: topic,
      },
      "INGEST_PORT",
    ),
  );
  const api = await startApp("api", appOptions(common, "PORT"));
  const producer = (ctx.kafka as Kafka).producer();
  await producer.connect();
  const workload = generateWorkload({
    occurrences: options.rate * options.seconds,
    projects: 10,
    fingerprints: 20_000,
    eventsPerProject: 500,
    seed: 7,
    now: new Date(),
  });
  const latencies: number[] = [];
  const pollTimes: number[] = [];
  const outstanding = new Map<string, number>();
  const awaitingCommit = new Map<string, { partition: number; offset: number; sentAt: number }>();
  const commitLatencies: number[] = [];
  const random = rng(99);
  let produced = 0;
  let stop = false;
  const poller = (async () => {
    while (!stop || outstanding.size > 0) {
      if (awaitingCommit.size > 0) {
        const [offsets] = await ctx.admin.fetchOffsets({ groupId: topic, topics: [topic] });
        const committed = new Map((offsets?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
        for (const [id, probe] of awaitingCommit) {
          if ((committed.get(probe.partition) ?? -1) > probe.offset) {
            commitLatencies.push(performance.now() - probe.sentAt);
            awaitingCommit.delete(id);
          }
        }
      }
      // One lookup at a time, each probe about every 50 ms: the measurement must not become the load.
      for (const [eventId, sentAt] of [...outstanding]) {
        const asked = performance.now();
        const res = await fetch(
          `${api.base}/api/0/organizations/bench/issues/?query=${eventId}&statsPeriod=24h`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
        if (res.headers.get("x-sentry-direct-hit") === "1") {
          latencies.push(performance.now() - sentAt);
          outstanding.delete(eventId);
        }
        await res.arrayBuffer();
        pollTimes.push(performance.now() - asked);
      }
      await sleep(50);
      if (
        stop &&
        outstanding.size > 0 &&
        latencies.length > 0 &&
        performance.now() - Math.min(...outstanding.values()) > 30_000
      )
        break;
    }
  })();
  const progress = new Progress(`ingest-latency (${options.rate}/s)`);
  const tickMs = 50;
  const perTick = Math.round((options.rate * tickMs) / 1000);
  const started = performance.now();
  let nextProbe = started;
  try {
    for (let tick = 0; performance.now() - started < options.seconds * 1000; tick++) {
      const due = started + tick * tickMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const batch = workload.messages.slice(produced, produced + perTick);
      const sends: Promise<unknown>[] = [];
      if (batch.length > 0) sends.push(producer.send({ topic, messages: batch }));
      produced += batch.length;
      if (performance.now() >= nextProbe) {
        nextProbe += 250;
        const eventId = uuidHex(random);
        const time = Date.now() / 1000;
        const probe = minimalOccurrenceMessage({
          id: uuidHex(random),
          eventId,
          fingerprint: `probe-${eventId}`,
          title: "Latency probe",
          subtitle: "probe",
          time,
          received: new Date().toISOString(),
        });
        const sentAt = performance.now();
        sends.push(
          producer
            .send({ topic, messages: [{ key: `probe-${eventId}-1`, value: JSON.stringify(probe) }] })
            .then(([meta]) => {
              outstanding.set(eventId, sentAt);
              awaitingCommit.set(eventId, {
                partition: meta!.partition,
                offset: Number(meta!.baseOffset),
                sentAt,
              });
            }),
        );
      }
      await Promise.all(sends);
      progress.update(
        performance.now() - started,
        options.seconds * 1000,
        `${produced.toLocaleString("en")} produced, ${latencies.length} probes seen`,
      );
    }
  } finally {
    stop = true;
    await poller;
    progress.done(
      `${produced.toLocaleString("en")} produced in ${options.seconds} s, ${latencies.length} probes`,
    );
    await producer.disconnect();
    await api.stop();
    await ingest.stop();
    await ctx.admin.deleteTopics({ topics: [topic, `${topic}-dlq`] }).catch(() => undefined);
  }
  return {
    rate: options.rate,
    seconds: options.seconds,
    produced,
    probes: latencies.length,
    pollP50Ms: percentile(pollTimes, 50),
    committedP50Ms: percentile(commitLatencies, 50),
    committedP99Ms: percentile(commitLatencies, 99),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(...latencies),
  };
}
