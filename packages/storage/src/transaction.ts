import type { Knex } from "knex";
import { StorageUnavailableError, toStorageError } from "./errors.js";

const ATTEMPTS = 3;

/**
 * Runs `fn` in a transaction that waits at most `lockTimeoutMs` for a row lock (the ingest pipeline
 * holds issue rows for the length of a batch) and is retried on deadlock / serialization failure.
 */
export async function withTransaction<T>(
  db: Knex,
  fn: (trx: Knex.Transaction) => Promise<T>,
  options: { lockTimeoutMs?: number } = {},
): Promise<T> {
  const lockTimeout = Math.max(1, Math.floor(options.lockTimeoutMs ?? 15_000));
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (trx) => {
        await trx.raw(`SET LOCAL lock_timeout = ${lockTimeout}`);
        return fn(trx);
      });
    } catch (error) {
      const failure = toStorageError(error);
      const conflict = failure instanceof StorageUnavailableError && failure.isConflict;
      if (attempt >= ATTEMPTS || !conflict) throw failure;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}
