import pg from "pg";
import type { Kafka } from "kafkajs";
import { createDb, createOrganization, createProject, insertEvents, migrateToLatest } from "@sift/storage";
import { addBenchRules, startWebhookReceiver } from "./alert-rules.js";
import type { BenchContext } from "./context.js";
import { appOptions, flushRedis, recreateDatabase, redisUrl } from "./context.js";
import { generateWorkload } from "./workload.js";
import type { Workload } from "./workload.js";
import { Progress, committedCount, median, peakRssMb, sleep, startApp, topicLowOffsets } from "@sift/testkit";

export interface ThroughputOptions {
  occurrences: number;
  runs: number;
  /** Seconds the one-at-a-time pipeline runs per round (its rate is measured, not its completion). */
  oneAtATimeSeconds: number;
  partitions: number;
}

export interface ThroughputResult {
  occurrences: number;
  bytes: number;
  mix: Record<string, number>;
  rounds: Round[];
  median: Round;
  /** Active rules per project of the "sift + rules" runs, and what their first run decided and sent. */
  rulesPerProject: number;
  alertsDecided: number;
  alertsDelivered: number;
  webhooksReceived: number;
  peakRssMb: number;
  rowsWrittenPerOccurrence: number;
  outcomes: Record<string, number>;
}

interface Round {
  floor: number;
  sift: number;
  /** The daemon with SIFT_ALERTS=on and 20 active rules in every project. */
  siftWithRules: number;
  oneAtATime: number;
  floorOverSift: number;
  /** sift + rules over sift: 1 is free, the goal is ≥ 0.9. */
  rulesOverSift: number;
  siftOverOneAtATime: number;
}

const TEMPLATE = "sift_bench_ingest_template";
const RULES_TEMPLATE = "sift_bench_ingest_rules_template";
const RUN_DB = "sift_bench_ingest_run";
const FLOOR_DB = "sift_bench_floor";
const REDIS_DB = 7;

/** The migrated template with the projects and pre-stored events; returns the organization's id. */
async function prepareTemplate(ctx: BenchContext, workload: Workload, projects: number): Promise<number> {
  const url = await recreateDatabase(ctx.databaseUrl, TEMPLATE);
  const db = createDb({ url, poolMax: 2 });
  try {
    await migrateToLatest(db);
    const org = await createOrganization(db, "bench");
    for (let p = 1; p <= projects; p++)
      await createProject(db, { organizationId: org.id, slug: `project-${p}`, id: p });
    for (let i = 0; i < workload.events.length; i += 1000)
      await insertEvents(db, workload.events.slice(i, i + 1000));
    return org.id;
  } finally {
    await db.destroy();
  }
}

async function produceAll(kafka: Kafka, topic: string, workload: Workload): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const progress = new Progress("produce the workload");
  try {
    const chunk = 2000;
    for (let i = 0; i < workload.messages.length; i += chunk) {
      await producer.send({ topic, acks: -1, messages: workload.messages.slice(i, i + chunk) });
      progress.update(i + chunk, workload.messages.length);
    }
  } finally {
    await producer.disconnect();
  }
  progress.done(`${workload.messages.length.toLocaleString("en")} messages`);
}

async function waitForCommitted(
  ctx: BenchContext,
  groupId: string,
  topic: string,
  total: number,
  label: string,
  deadlineSeconds = Infinity,
): Promise<{ done: number; seconds: number }> {
  const low = await topicLowOffsets(ctx.admin, topic);
  const progress = new Progress(label);
  const start = performance.now();
  for (;;) {
    const done = await committedCount(ctx.admin, groupId, topic, low);
    const seconds = (performance.now() - start) / 1000;
    progress.update(done, total, `${Math.round(done / Math.max(seconds, 0.001)).toLocaleString("en")}/s`);
    if (done >= total || seconds >= deadlineSeconds) {
      progress.done(
        `${done.toLocaleString("en")} in ${seconds.toFixed(1)} s = ${Math.round(done / seconds).toLocaleString("en")}/s`,
      );
      return { done, seconds };
    }
    await sleep(100);
  }
}

/** The floor: parse JSON and write each fetched batch with one multi-row INSERT into an unindexed table. */
async function runFloor(ctx: BenchContext, topic: string, total: number, round: number): Promise<number> {
  const url = await recreateDatabase(ctx.databaseUrl, FLOOR_DB);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  await pool.query("CREATE TABLE floor (id text, payload jsonb)");
  const groupId = `bench-floor-${Date.now()}-${round}`;
  const consumer = ctx.kafka.consumer({
    groupId,
    maxWaitTimeInMs: 250,
    maxBytesPerPartition: 1024 * 1024,
    maxBytes: 10 * 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const started = waitForCommitted(ctx, groupId, topic, total, `floor (round ${round})`);
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 4,
    eachBatch: async (payload) => {
      const { batch } = payload;
      const ids: string[] = [];
      const payloads: string[] = [];
      for (const m of batch.messages) {
        const parsed = JSON.parse(m.value!.toString("utf8")) as { id: string };
        ids.push(parsed.id);
        payloads.push(JSON.stringify(parsed));
      }
      await pool.query("INSERT INTO floor (id, payload) SELECT * FROM unnest($1::text[], $2::jsonb[])", [
        ids,
        payloads,
      ]);
      const last = batch.messages[batch.messages.length - 1]!.offset;
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: String(Number(last) + 1) },
      ]);
      payload.resolveOffset(last);
    },
  });
  const { done, seconds } = await started;
  await consumer.disconnect();
  await pool.end();
  return done / seconds;
}

interface SiftRun {
  rate: number;
  peakRssMb: number;
  rowsWritten: number;
  outcomes: Record<string, number>;
  alertsDecided: number;
  alertsDelivered: number;
}

async function runSift(
  ctx: BenchContext,
  topic: string,
  total: number,
  label: string,
  env: Record<string, string>,
  deadlineSeconds = Infinity,
  template = TEMPLATE,
): Promise<SiftRun> {
  const url = await recreateDatabase(ctx.databaseUrl, RUN_DB, template);
  await flushRedis(ctx.redisUrl, REDIS_DB);
  const groupId = `bench-sift-${Date.now()}`;
  const daemon = await startApp(
    "ingest",
    appOptions(
      {
        DATABASE_URL: url,
        REDIS_URL: redisUrl(ctx.redisUrl, REDIS_DB),
        KAFKA_BROKERS: ctx.brokers.join(","),
        KAFKA_TOPIC_OCCURRENCES: topic,
        KAFKA_TOPIC_DLQ: `${topic}-dlq`,
        KAFKA_GROUP_ID: groupId,
        ...env,
      },
      "INGEST_PORT",
    ),
  );
  let rss = 0;
  const sampler = setInterval(() => (rss = Math.max(rss, peakRssMb(daemon.child.pid!))), 250);
  try {
    const { done, seconds } = await waitForCommitted(ctx, groupId, topic, total, label, deadlineSeconds);
    rss = Math.max(rss, peakRssMb(daemon.child.pid!));
    clearInterval(sampler);
    if (process.env.BENCH_MEMORY) {
      const text = await (await fetch(`${daemon.base}/metrics`)).text();
      const pick = (name: string) =>
        Number(new RegExp(`^${name} (\\S+)`, "m").exec(text)?.[1] ?? NaN) / 2 ** 20;
      process.stderr.write(
        `memory MB: rss ${pick("process_resident_memory_bytes").toFixed(0)} heap total ${pick("nodejs_heap_size_total_bytes").toFixed(0)} used ${pick("nodejs_heap_size_used_bytes").toFixed(0)} external ${pick("nodejs_external_memory_bytes").toFixed(0)}\n`,
      );
    }
    await daemon.stop();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await sleep(500);
      const stats = await client.query<{ n: string }>(
        "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) AS n FROM pg_stat_user_tables",
      );
      const outcomes = await client.query<{ outcome: string; n: string }>(
        "SELECT outcome, count(*) AS n FROM occurrences GROUP BY outcome",
      );
      const statusChanges = await client.query<{ outcome: string; n: string }>(
        "SELECT 'status_change:' || outcome AS outcome, count(*) AS n FROM status_changes GROUP BY outcome",
      );
      const decided = await client.query<{ n: string; delivered: string }>(
        "SELECT count(*) AS n, count(*) FILTER (WHERE status = 'delivered') AS delivered FROM alert_deliveries",
      );
      return {
        rate: done / seconds,
        peakRssMb: rss,
        rowsWritten: Number(stats.rows[0]!.n) / Math.max(done, 1),
        outcomes: Object.fromEntries(
          [...outcomes.rows, ...statusChanges.rows].map((r) => [r.outcome, Number(r.n)]),
        ),
        alertsDecided: Number(decided.rows[0]!.n),
        alertsDelivered: Number(decided.rows[0]!.delivered),
      };
    } finally {
      await client.end();
    }
  } finally {
    clearInterval(sampler);
    await daemon.stop();
  }
}

export async function ingestThroughput(
  ctx: BenchContext,
  options: ThroughputOptions,
): Promise<ThroughputResult> {
  const projects = 10;
  const workload = generateWorkload({
    occurrences: options.occurrences,
    projects,
    fingerprints: 20_000,
    eventsPerProject: 500,
    seed: 20261127,
    now: new Date(),
  });
  const organizationId = await prepareTemplate(ctx, workload, projects);
  // The rules variant's template: the same data, 20 active rules per project, and the project's
  // webhook pointing at a local receiver that answers 200.
  const receiver = await startWebhookReceiver();
  const rulesUrl = await recreateDatabase(ctx.databaseUrl, RULES_TEMPLATE, TEMPLATE);
  const rules = await addBenchRules(rulesUrl, organizationId, projects, receiver.url);
  const topic = `bench-ingest-${Date.now()}`;
  await ctx.admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: options.partitions, replicationFactor: 1 }],
  });
  await produceAll(ctx.kafka, topic, workload);
  const total = workload.messages.length;
  const rounds: Round[] = [];
  let first: SiftRun | null = null;
  let withRules: SiftRun | null = null;
  let received = 0;
  let peak = 0;
  const alertsEnv = { SIFT_ALERTS: "on", SIFT_OUTBOUND_ALLOW: "127.0.0.1" };
  try {
    for (let round = 1; round <= options.runs; round++) {
      const floor = await runFloor(ctx, topic, total, round);
      // The two sides of the rules ratio run back to back, in alternating order.
      const plain = () => runSift(ctx, topic, total, `sift (round ${round})`, {});
      const ruled = () =>
        runSift(
          ctx,
          topic,
          total,
          `sift + 20 rules/project (round ${round})`,
          alertsEnv,
          Infinity,
          RULES_TEMPLATE,
        );
      const before = receiver.received();
      let sift: SiftRun;
      let rulesRun: SiftRun;
      if (round % 2 === 1) {
        sift = await plain();
        rulesRun = await ruled();
      } else {
        rulesRun = await ruled();
        sift = await plain();
      }
      if (withRules === null) received = receiver.received() - before;
      const one = await runSift(
        ctx,
        topic,
        total,
        `one-at-a-time (round ${round}, ${options.oneAtATimeSeconds} s)`,
        { INGEST_MAX_BATCH_SIZE: "1" },
        options.oneAtATimeSeconds,
      );
      first ??= sift;
      withRules ??= rulesRun;
      peak = Math.max(peak, sift.peakRssMb);
      rounds.push({
        floor: floor,
        sift: sift.rate,
        siftWithRules: rulesRun.rate,
        oneAtATime: one.rate,
        floorOverSift: floor / sift.rate,
        rulesOverSift: rulesRun.rate / sift.rate,
        siftOverOneAtATime: sift.rate / one.rate,
      });
    }
  } finally {
    await ctx.admin.deleteTopics({ topics: [topic, `${topic}-dlq`] }).catch(() => undefined);
    await receiver.close();
  }
  const pick = (f: (r: Round) => number) => median(rounds.map(f));
  return {
    occurrences: total,
    bytes: workload.bytes,
    mix: workload.mix,
    rounds,
    median: {
      floor: pick((r) => r.floor),
      sift: pick((r) => r.sift),
      siftWithRules: pick((r) => r.siftWithRules),
      oneAtATime: pick((r) => r.oneAtATime),
      floorOverSift: pick((r) => r.floorOverSift),
      rulesOverSift: pick((r) => r.rulesOverSift),
      siftOverOneAtATime: pick((r) => r.siftOverOneAtATime),
    },
    rulesPerProject: rules / projects,
    alertsDecided: withRules?.alertsDecided ?? 0,
    alertsDelivered: withRules?.alertsDelivered ?? 0,
    webhooksReceived: received,
    peakRssMb: peak,
    rowsWrittenPerOccurrence: first?.rowsWritten ?? NaN,
    outcomes: first?.outcomes ?? {},
  };
}
