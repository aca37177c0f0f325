import { Redis } from "ioredis";
import type { Admin, Kafka } from "kafkajs";
import pg from "pg";
import { startApp } from "@sift/testkit";
import type { Daemon, StartAppOptions } from "@sift/testkit";

export interface BenchContext {
  /** Server URL of Postgres (database part replaced per benchmark). */
  databaseUrl: string;
  redisUrl: string;
  brokers: string[];
  kafka: Kafka;
  admin: Admin;
}

export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export function redisUrl(base: string, db: number): string {
  const url = new URL(base);
  url.pathname = `/${db}`;
  return url.toString();
}

/** Run SQL on the server's maintenance database. */
export async function adminSql(base: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(base, "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function recreateDatabase(base: string, name: string, template?: string): Promise<string> {
  await adminSql(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminSql(base, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  return databaseUrl(base, name);
}

export async function flushRedis(base: string, db: number): Promise<void> {
  const redis = new Redis(redisUrl(base, db));
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

/**
 * How the benchmarks start an app: built (as in production) unless BENCH_FROM_SOURCE=1, with a V8 CPU
 * profile written to BENCH_CPU_PROFILE=<dir> when set.
 */
export function appOptions(env: Record<string, string>, portVar: string): StartAppOptions {
  return {
    env: { PATH: process.env.PATH, ...env },
    portVar,
    fromSource: process.env.BENCH_FROM_SOURCE === "1",
    cpuProfileDir: process.env.BENCH_CPU_PROFILE,
  };
}

/**
 * Recreates the database `name`, seeds it with `seed` (timed: `seedSeconds`) and starts the API on it
 * (its jobs off), for the benchmarks that time API calls on seeded data.
 */
export async function seedAndStartApi<T>(
  ctx: BenchContext,
  name: string,
  seed: (url: string) => Promise<T>,
): Promise<{ url: string; seeded: T; seedSeconds: number; api: Daemon }> {
  const url = await recreateDatabase(ctx.databaseUrl, name);
  const started = performance.now();
  const seeded = await seed(url);
  const seedSeconds = (performance.now() - started) / 1000;
  const api = await startApp("api", appOptions({ DATABASE_URL: url, SIFT_JOBS: "off" }, "PORT"));
  return { url, seeded, seedSeconds, api };
}
