import { Kafka, logLevel } from "kafkajs";
import { Redis } from "ioredis";
import pino from "pino";
import { groupTypes, systemClock } from "@sift/schemas";
import { createDb, ensureDatabase, migrateToLatest } from "@sift/storage";
import { createIngestConsumer, createPipeline, ensureTopics } from "@sift/consumer";
import type { IngestConsumer } from "@sift/consumer";
import { createOccurrenceProducer } from "@sift/producer";
import { loadEnv } from "./env.js";
import { PromMetrics } from "@sift/schemas/prometheus";
import { buildIngestServer } from "./server.js";
import { startJobs } from "./jobs.js";
import { startAlertsThread } from "./alerts-thread.js";
import { loggerOptions } from "./logging.js";

async function main(): Promise<void> {
  const env = loadEnv();
  const logger = pino(loggerOptions(env.LOG_LEVEL));
  const clock = systemClock;
  const metrics = new PromMetrics({ defaultMetrics: true });

  await ensureDatabase(env.DATABASE_URL);
  const db = createDb({
    url: env.DATABASE_URL,
    poolMax: env.INGEST_DB_POOL_MAX,
    applicationName: "sift-ingest",
  });
  await migrateToLatest(db);
  const redis = new Redis(env.REDIS_URL, {
    maxRetriesPerRequest: 2,
    enableOfflineQueue: false,
    lazyConnect: true,
  });
  redis.on("error", (error) => logger.warn({ err: error.message }, "redis connection error"));
  await redis.connect();

  const { processor } = createPipeline({
    db,
    redis,
    logger,
    metrics,
    clock,
    types: groupTypes,
    maxAgeDays: env.SIFT_RETENTION_DAYS,
  });

  let consumer: IngestConsumer | null = null;
  let kafka: Kafka | null = null;
  let kafkaCheck: (() => Promise<void>) | null = null;
  let admin: ReturnType<Kafka["admin"]> | null = null;
  if (env.KAFKA_BROKERS.length > 0) {
    kafka = new Kafka({
      clientId: "sift-ingest",
      brokers: env.KAFKA_BROKERS,
      logLevel: logLevel.WARN,
      retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10_000 },
      logCreator: () => (entry) => {
        const { message, ...rest } = entry.log;
        logger.warn({ kafka: rest }, `kafkajs: ${message}`);
      },
    });
    await ensureTopics(kafka, [env.KAFKA_TOPIC_OCCURRENCES, env.KAFKA_TOPIC_DLQ], env.KAFKA_TOPIC_PARTITIONS);
    consumer = createIngestConsumer({
      kafka,
      topic: env.KAFKA_TOPIC_OCCURRENCES,
      dlqTopic: env.KAFKA_TOPIC_DLQ,
      groupId: env.KAFKA_GROUP_ID,
      processor,
      logger,
      metrics,
      maxBatchSize: env.INGEST_MAX_BATCH_SIZE,
      partitionsConsumedConcurrently: env.INGEST_PARTITION_CONCURRENCY,
      topicPartitions: env.KAFKA_TOPIC_PARTITIONS,
    });
    admin = kafka.admin({ retry: { retries: 0 } });
    const connectedAdmin = admin;
    let adminConnected = false;
    kafkaCheck = async () => {
      if (!adminConnected) {
        await connectedAdmin.connect();
        adminConnected = true;
      }
      try {
        await connectedAdmin.describeCluster();
      } catch (error) {
        adminConnected = false;
        await connectedAdmin.disconnect().catch(() => undefined);
        throw error;
      }
    };
  }

  // The one place that decides "Kafka, or process it here": with a broker the producer sends what the
  // intake validated, without one it hands the decoded messages to the consumer's batch processor.
  const producer = createOccurrenceProducer({
    kafka,
    topic: env.KAFKA_TOPIC_OCCURRENCES,
    logger,
    processor,
  });

  const server = buildIngestServer({
    db,
    redis,
    logger,
    clock,
    types: groupTypes,
    metrics,
    producer,
    consumer,
    kafkaCheck,
    retentionDays: env.SIFT_RETENTION_DAYS,
    sdkRateLimit: env.SIFT_SDK_RATE_LIMIT,
    loggerOptions: loggerOptions(env.LOG_LEVEL),
  });
  // Listen first: health and the intake answer while the consumer (re)joins its group, which after an
  // unclean restart waits out the previous member's session.
  await server.listen({ port: env.INGEST_PORT, host: env.HOST });
  await consumer?.start();
  const jobs =
    env.SIFT_JOBS === "on"
      ? startJobs({
          db,
          logger,
          clock,
          retentionDays: env.SIFT_RETENTION_DAYS,
          intervalSeconds: env.SIFT_JOBS_INTERVAL_SECONDS,
        })
      : null;
  // The decider and the delivery worker run on a thread of their own (see alerts-thread.ts).
  const alerts = env.SIFT_ALERTS === "on" ? startAlertsThread({ env, logger, metrics }) : null;
  logger.info(
    { port: env.INGEST_PORT, mode: consumer ? "kafka" : "direct", brokers: env.KAFKA_BROKERS },
    consumer
      ? "ingest daemon consuming from Kafka"
      : "ingest daemon processing intake directly (no KAFKA_BROKERS)",
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: finishing the current batch");
    const force = setTimeout(() => {
      logger.error("shutdown took longer than 30 s; exiting");
      process.exit(1);
    }, 30_000);
    force.unref();
    try {
      await server.close();
      await jobs?.stop();
      await alerts?.stop();
      await consumer?.stop();
      await producer.close();
      await admin?.disconnect().catch(() => undefined);
      redis.disconnect();
      await db.destroy();
      logger.info("stopped");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "error while stopping");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  // Started with an IPC channel (as `pnpm start` does): stop when the starting process is gone.
  process.once("disconnect", () => void stop("parent exited"));
  process.channel?.unref();
}

main().catch((error: unknown) => {
  process.stderr.write(`sift-ingest failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
