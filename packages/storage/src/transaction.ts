import type { Knex } from "knex";

/** Deadlock and serialization failures: the transaction did nothing and can simply run again. */
const RETRYABLE = new Set(["40P01", "40001"]);
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
      const code = (error as { code?: unknown }).code;
      if (attempt >= ATTEMPTS || typeof code !== "string" || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}
