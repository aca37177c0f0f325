import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { checkKafka, checkPostgres, checkRedis, repoRoot, sleep } from "@sift/testkit";

const run = promisify(execFile);

/** A local service the outage scenario stops and starts. */
export interface Service {
  name: "postgres" | "redis" | "kafka";
  stop: () => Promise<void>;
  start: () => Promise<void>;
  /** Answers within a few seconds. */
  isUp: () => Promise<boolean>;
}

const sh = async (command: string, timeoutMs = 120_000) => {
  await run("sh", ["-c", command], { cwd: repoRoot, timeout: timeoutMs });
};

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  up: boolean,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await check()) !== up) {
    if (Date.now() > deadline)
      throw new Error(`${what} did not go ${up ? "up" : "down"} within ${timeoutMs} ms`);
    await sleep(200);
  }
}

const isLocal = (host: string) => ["127.0.0.1", "localhost", "::1", "[::1]"].includes(host);

export interface LocalServicesOptions {
  databaseUrl: string;
  redisUrl: string;
  brokers: readonly string[];
}

/**
 * The services of this machine, controlled the way `.ci/run` starts them (pg_ctlcluster, redis-server,
 * scripts/kafka.mjs). `unavailable` says why they cannot be controlled (not root, not local …).
 */
export async function localServices(
  options: LocalServicesOptions,
): Promise<{ services: Service[]; unavailable: string | null }> {
  const pg = new URL(options.databaseUrl);
  const redis = new URL(options.redisUrl);
  const redisPort = redis.port || "6379";
  const services: Service[] = [
    {
      name: "postgres",
      isUp: async () => (await checkPostgres(options.databaseUrl, 2_000)) === undefined,
      stop: async () => {
        await sh("pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main stop -m fast");
        await waitFor("postgres", services[0]!.isUp, false);
      },
      start: async () => {
        await sh("pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
        await waitFor("postgres", services[0]!.isUp, true);
      },
    },
    {
      name: "redis",
      isUp: async () => (await checkRedis(options.redisUrl, 2_000)) === undefined,
      stop: async () => {
        await sh(`redis-cli -h 127.0.0.1 -p ${redisPort} shutdown nosave`).catch(() => undefined);
        await waitFor("redis", services[1]!.isUp, false);
      },
      start: async () => {
        await sh(
          `redis-server --daemonize yes --bind 127.0.0.1 --port ${redisPort} --save "" --appendonly no`,
        );
        await waitFor("redis", services[1]!.isUp, true);
      },
    },
    {
      name: "kafka",
      isUp: async () => (await checkKafka([...options.brokers], 3_000)) === undefined,
      stop: async () => {
        await sh(`"${process.execPath}" scripts/kafka.mjs stop`);
        await waitFor("kafka", services[2]!.isUp, false);
      },
      start: async () => {
        await sh(`"${process.execPath}" scripts/kafka.mjs start`, 180_000);
        await waitFor("kafka", services[2]!.isUp, true);
      },
    },
  ];

  const reasons: string[] = [];
  if (typeof process.getuid === "function" && process.getuid() !== 0)
    reasons.push("not running as root (pg_ctlcluster and redis-server need it)");
  if (!isLocal(pg.hostname)) reasons.push(`Postgres is not local (${pg.hostname})`);
  if (!isLocal(redis.hostname)) reasons.push(`Redis is not local (${redis.hostname})`);
  if (!options.brokers.every((b) => isLocal(b.replace(/:\d+$/, ""))))
    reasons.push(`Kafka is not the local broker (${options.brokers.join(",")})`);
  try {
    const { stdout } = await run(process.execPath, ["scripts/kafka.mjs", "status"], { cwd: repoRoot });
    if (stdout.includes("no broker process from this repo"))
      reasons.push(
        "the Kafka broker was not started from this checkout (scripts/kafka.mjs restarts only its own)",
      );
  } catch {
    reasons.push("scripts/kafka.mjs status failed");
  }
  for (const tool of ["pg_ctlcluster", "redis-cli", "redis-server"]) {
    try {
      await sh(`command -v ${tool}`);
    } catch {
      reasons.push(`${tool} is not installed`);
    }
  }
  return { services, unavailable: reasons.length > 0 ? reasons.join("; ") : null };
}

/** Starts every service that is down. Called after each outage and when the run ends, however it ends. */
export async function restoreServices(
  services: readonly Service[],
  log: (line: string) => void,
): Promise<void> {
  for (const service of services) {
    try {
      if (await service.isUp()) continue;
      log(`restoring ${service.name}…`);
      await service.start();
    } catch (error) {
      log(`could not restore ${service.name}: ${(error as Error).message}`);
    }
  }
}
