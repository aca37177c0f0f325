import { createRequire } from "node:module";
import knex from "knex";
import type { Knex } from "knex";
import pg from "pg";
import { toStorageError } from "./errors.js";
import { migrationSource } from "./migrations/index.js";

// bigint columns (ids, counters) fit in a JS number for every value Sift stores.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export type Db = Knex;

const MIGRATION_CONFIG: Knex.MigratorConfig = { migrationSource, tableName: "sift_migrations" };

/** knex's Postgres dialect (knex's types describe only its base client). */
const PgClient = createRequire(import.meta.url)("knex/lib/dialects/postgres/index.js") as typeof Knex.Client;

/**
 * knex's Postgres client, raising every failure that passes (connection lost or refused, pool
 * exhausted, server shutting down, deadlock …) as a retryable `StorageUnavailableError` where it is
 * thrown: on acquiring a connection and on every statement, transactions' included.
 */
class SiftPgClient extends PgClient {
  override async acquireConnection(): Promise<unknown> {
    try {
      return (await super.acquireConnection()) as unknown;
    } catch (error) {
      throw toStorageError(error);
    }
  }

  override async query(connection: unknown, obj: unknown): Promise<unknown> {
    try {
      return (await super.query(connection, obj)) as unknown;
    } catch (error) {
      throw toStorageError(error);
    }
  }
}

export interface CreateDbOptions {
  url: string;
  /** Pool size; the ingest daemon and API each keep a small pool. */
  poolMax?: number;
  applicationName?: string;
  /** Per-statement timeout in ms (0 = none). */
  statementTimeoutMs?: number;
}

export function createDb(options: CreateDbOptions): Db {
  return knex({
    client: SiftPgClient,
    connection: {
      connectionString: options.url,
      application_name: options.applicationName ?? "sift",
      statement_timeout: options.statementTimeoutMs ?? 0,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    },
    pool: { min: 0, max: options.poolMax ?? 10, acquireTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 },
    acquireConnectionTimeout: 10_000,
    migrations: MIGRATION_CONFIG,
  });
}

export interface MigrateResult {
  /** Migrations applied by this call (empty when already up to date). */
  applied: string[];
}

export async function migrateToLatest(db: Db): Promise<MigrateResult> {
  const [, applied] = (await db.migrate.latest(MIGRATION_CONFIG)) as [number, string[]];
  return { applied };
}

/** Create the database named in `url` when it does not exist (connecting to `postgres` to do so). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_\-]+$/.test(name)) throw new Error(`Unsupported database name ${JSON.stringify(name)}`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw toStorageError(error);
  }
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (error) {
      // Another process created it first.
      if ((error as { code?: string }).code !== "42P04") throw toStorageError(error);
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}
