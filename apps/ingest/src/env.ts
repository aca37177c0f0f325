import { z } from "zod";
import { parseEnv } from "@sift/schemas";

const brokers = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((b) => b.trim())
      .filter((b) => b !== ""),
  );

/** Connections the daemon needs besides one per partition processed at once. */
const SPARE_CONNECTIONS = 4;

/** The ingest daemon's configuration: the only place that reads process.env. */
export const envSchema = z
  .object({
    DATABASE_URL: z.string().default("postgres://postgres@127.0.0.1:5432/sift"),
    REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_OCCURRENCES: z.string().min(1).default("ingest-occurrences"),
    KAFKA_TOPIC_DLQ: z.string().min(1).default("ingest-occurrences-dlq"),
    KAFKA_GROUP_ID: z.string().min(1).default("sift-ingest"),
    KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1024).default(8),
    INGEST_PORT: z.coerce.number().int().min(0).max(65535).default(8001),
    HOST: z.string().default("0.0.0.0"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    SIFT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    INGEST_MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
    INGEST_PARTITION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    INGEST_DB_POOL_MAX: z.coerce.number().int().min(2).max(100).default(10),
    SIFT_JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    SIFT_JOBS: z.enum(["on", "off"]).default("on"),
    /** Events per window each project accepts from SDKs, `count/seconds` (e.g. `1000/60`); unset for none. */
    SIFT_SDK_RATE_LIMIT: z
      .string()
      .regex(/^\d{1,9}\/\d{1,5}$/, "expected count/seconds, e.g. 1000/60")
      .optional()
      .transform((value) => {
        if (!value) return null;
        const [count, window] = value.split("/").map(Number) as [number, number];
        return window > 0 ? { count, window } : null;
      }),
    /** The alert decider and delivery worker. */
    SIFT_ALERTS: z.enum(["on", "off"]).default("on"),
    SIFT_ALERTS_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(1_000),
    /** First retry of a failed delivery after this long, doubling up to an hour, for 24 hours. */
    SIFT_ALERTS_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
    /** Hosts, addresses and CIDRs alert webhooks may reach although private, loopback or link-local. */
    SIFT_OUTBOUND_ALLOW: brokers,
    /** SMTP server of alert e-mails (`smtp://user:pass@host:port`); unset: e-mail actions fail. */
    SIFT_SMTP_URL: z
      .url({ protocol: /^smtps?$/, hostname: /^.+$/, error: "must be an smtp:// or smtps:// URL" })
      .optional(),
    SIFT_SMTP_FROM: z.string().default("sift@localhost"),
    /** Base URL of the links in alerts (the API and web UI). */
    SIFT_PUBLIC_URL: z.url().default("http://127.0.0.1:8000"),
  })
  .superRefine((env, ctx) => {
    // Each batch holds a connection for its transaction and briefly needs a second (project settings,
    // releases and environments are read and committed apart), and the jobs hold one (the alerts
    // thread has a pool of its own). Fewer connections stall every batch until the pool's acquire timeout.
    const needed = env.INGEST_PARTITION_CONCURRENCY + SPARE_CONNECTIONS;
    if (env.INGEST_DB_POOL_MAX < needed)
      ctx.addIssue({
        code: "custom",
        path: ["INGEST_DB_POOL_MAX"],
        message: `must be at least INGEST_PARTITION_CONCURRENCY + ${SPARE_CONNECTIONS} (${needed}): each batch holds a connection and briefly needs another, and the jobs hold one`,
      });
  });

export type Env = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return parseEnv(envSchema, source);
}
