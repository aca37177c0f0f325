import knexFactory from "knex";
import type { Knex } from "knex";
import pg from "pg";

import { randomId } from "./random.js";

export interface TestDatabaseOptions {
  /** Any database on the server to use; the test database is created next to it. */
  databaseUrl: string;
  /** Runs once on the fresh database before it is handed out (e.g. the storage migrations). */
  migrate?: (db: Knex) => Promise<void>;
  /** Readable part of the database name: `sift_test_<prefix>_<random>`. */
  prefix?: string;
}

export interface TestDatabase {
  db: Knex;
  /** Connection URL of the test database. */
  url: string;
  name: string;
  /** Closes the pool and drops the database. */
  destroy(): Promise<void>;
}

const MAX_IDENTIFIER_LENGTH = 63;

/** The URL of the `postgres` maintenance database on the same server as `databaseUrl`. */
export function maintenanceUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = "/postgres";
  return url.toString();
}

function withDatabase(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

function databaseName(prefix: string): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, "_")
      .replace(/^_+|_+$/g, "") || "db";
  const suffix = `_${randomId(5)}`;
  return `sift_test_${clean}`.slice(0, MAX_IDENTIFIER_LENGTH - suffix.length) + suffix;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function onMaintenanceDb<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: maintenanceUrl(databaseUrl),
    connectionTimeoutMillis: 5_000,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function dropDatabase(databaseUrl: string, name: string): Promise<void> {
  await onMaintenanceDb(databaseUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  );
}

/**
 * Creates a fresh, uniquely named database on the server of `databaseUrl`, migrates it with
 * `migrate` if given, and returns a knex (pg) connected to it.
 */
export async function createTestDatabase(options: TestDatabaseOptions): Promise<TestDatabase> {
  const name = databaseName(options.prefix ?? "db");
  await onMaintenanceDb(options.databaseUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  const url = withDatabase(options.databaseUrl, name);
  const db = knexFactory({ client: "pg", connection: url, pool: { min: 0, max: 5 } });

  let destroyed = false;
  const destroy = async (): Promise<void> => {
    if (destroyed) return;
    destroyed = true;
    try {
      await db.destroy();
    } finally {
      await dropDatabase(options.databaseUrl, name);
    }
  };

  if (options.migrate) {
    try {
      await options.migrate(db);
    } catch (error) {
      await destroy().catch(() => undefined);
      throw error;
    }
  }
  return { db, url, name, destroy };
}
