import { execFileSync } from "node:child_process";
import { Redis } from "ioredis";
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";

import { maintenanceUrl } from "./database.js";
import { repoRoot } from "./tools.js";

export const LOCAL_KAFKA_BROKERS: readonly string[] = ["127.0.0.1:9092"];
export const START_POSTGRES_COMMAND =
  "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";
export const START_REDIS_COMMAND =
  'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no';
export const START_KAFKA_COMMAND = "pnpm kafka:start";

export interface CheckServicesOptions {
  databaseUrl: string;
  redisUrl: string;
  /** Brokers to use. Without them the local broker on 127.0.0.1:9092 is used and started if needed. */
  kafkaBrokers?: string[];
  /** Starts the local broker (the caller runs `node scripts/kafka.mjs start`). */
  startKafka: () => Promise<void>;
  /** Time allowed for each check (default 4 s). */
  timeoutMs?: number;
}

export interface CheckedServices {
  kafkaBrokers: string[];
}

const DEFAULT_TIMEOUT_MS = 4_000;

function message(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparseable URL)";
  }
}

async function withTimeout<T>(what: string, timeoutMs: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs a service's `check` within `timeoutMs`, then `close`s its client; resolves to the failure's text
 * (the client's reported `cause` first) or undefined.
 */
async function probe(
  name: string,
  timeoutMs: number,
  check: () => Promise<unknown>,
  close: () => Promise<unknown> | void,
  cause: () => unknown = () => undefined,
): Promise<string | undefined> {
  try {
    await withTimeout(name, timeoutMs, check());
    return undefined;
  } catch (error) {
    return message(cause() ?? error);
  } finally {
    await close();
  }
}

/** Runs `select 1` on the server's `postgres` maintenance database; resolves to an error text or undefined. */
export async function checkPostgres(
  databaseUrl: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<string | undefined> {
  const client = new pg.Client({
    connectionString: maintenanceUrl(databaseUrl),
    connectionTimeoutMillis: timeoutMs,
  });
  client.on("error", () => undefined);
  return probe(
    "PostgreSQL check",
    timeoutMs,
    () => client.connect().then(() => client.query("select 1")),
    () => client.end().catch(() => undefined),
  );
}

/** Sends PING; resolves to an error text or undefined. */
export async function checkRedis(
  redisUrl: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<string | undefined> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // ioredis reports the cause (e.g. ECONNREFUSED) as an event and rejects with "Connection is closed."
  let cause: unknown;
  redis.on("error", (error) => {
    cause = error;
  });
  return probe(
    "Redis check",
    timeoutMs,
    () => redis.connect().then(() => redis.ping()),
    () => redis.disconnect(),
    () => cause,
  );
}

/** Lists topics with a kafkajs admin that does not retry for long; resolves to an error text or undefined. */
export async function checkKafka(
  brokers: readonly string[],
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<string | undefined> {
  const kafka = new Kafka({
    clientId: "sift-test-check",
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(timeoutMs, 2_000),
    requestTimeout: timeoutMs,
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 },
  });
  const admin = kafka.admin();
  return probe(
    "Kafka check",
    timeoutMs,
    () => admin.connect().then(() => admin.listTopics()),
    () => admin.disconnect().catch(() => undefined),
  );
}

/**
 * Checks that PostgreSQL, Redis and Kafka answer, starting the local Kafka broker when no brokers are
 * given and none answers. Throws one Error naming every service that is down and how to start it.
 */
export async function checkServices(options: CheckServicesOptions): Promise<CheckedServices> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const given =
    options.kafkaBrokers !== undefined && options.kafkaBrokers.length > 0 ? options.kafkaBrokers : undefined;
  const brokers = given ?? [...LOCAL_KAFKA_BROKERS];

  const [pgError, redisError, kafkaError] = await Promise.all([
    checkPostgres(options.databaseUrl, timeoutMs),
    checkRedis(options.redisUrl, timeoutMs),
    checkKafka(brokers, timeoutMs),
  ]);

  const problems: string[] = [];
  if (pgError !== undefined) {
    problems.push(
      `PostgreSQL does not answer at ${redactUrl(options.databaseUrl)} (${pgError}). Start it with: ${START_POSTGRES_COMMAND}`,
    );
  }
  if (redisError !== undefined) {
    problems.push(
      `Redis does not answer at ${redactUrl(options.redisUrl)} (${redisError}). Start it with: ${START_REDIS_COMMAND}`,
    );
  }
  if (given && kafkaError !== undefined) {
    problems.push(`Kafka does not answer at ${given.join(",")} (${kafkaError}).`);
  }
  if (problems.length > 0)
    throw new Error(`Integration test services are not available:\n- ${problems.join("\n- ")}`);

  if (!given && kafkaError !== undefined) {
    await options.startKafka();
    const again = await checkKafka(brokers, timeoutMs);
    if (again !== undefined) {
      throw new Error(
        `Kafka does not answer at ${brokers.join(",")} even after starting it (${again}). Try: ${START_KAFKA_COMMAND}; its log is .cache/kafka/broker.log`,
      );
    }
  }
  return { kafkaBrokers: brokers };
}

/** The services of a benchmark or fault-suite run. */
export interface RunServices {
  databaseUrl: string;
  redisUrl: string;
  kafkaBrokers: string[];
}

/**
 * The services a benchmark or fault-suite run uses: those `env` names (`DATABASE_URL`, `REDIS_URL`,
 * `KAFKA_BROKERS`; the local defaults otherwise), checked, and the repository's broker started when
 * no brokers are named and none answers.
 */
export async function runServices(env: Readonly<Record<string, string | undefined>>): Promise<RunServices> {
  const databaseUrl = env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/sift";
  const redisUrl = env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const configured = (env.KAFKA_BROKERS ?? "").split(",").filter((b) => b !== "");
  const { kafkaBrokers } = await checkServices({
    databaseUrl,
    redisUrl,
    kafkaBrokers: configured.length > 0 ? configured : undefined,
    startKafka: async () => {
      execFileSync(process.execPath, ["scripts/kafka.mjs", "start"], { cwd: repoRoot, stdio: "inherit" });
    },
  });
  return { databaseUrl, redisUrl, kafkaBrokers: [...kafkaBrokers] };
}

/** Builds the apps for a run of their built files (turbo replays it when nothing changed). */
export function buildApps(log: (line: string) => void): void {
  log("building the apps (turbo caches this)…");
  execFileSync("pnpm", ["build"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
}
