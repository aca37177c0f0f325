import { SiftError, isRetryable, isSiftError } from "@sift/schemas";

/** Deadlock and serialization failure: the transaction did nothing and can simply run again. */
const CONFLICT_SQLSTATES = new Set(["40P01", "40001"]);

/**
 * Postgres could not run a statement for a reason that passes: the connection was lost or refused,
 * the server is shutting down or out of connections, or the transaction lost a race (deadlock,
 * serialization failure; code `CONCURRENT_UPDATE`). Always `retryable`; `driverCode` is the SQLSTATE or
 * socket error code of the failure when it had one.
 */
export class StorageUnavailableError extends SiftError {
  readonly driverCode: string | null;

  constructor(cause: unknown) {
    const raw = cause as { code?: unknown; message?: unknown } | null;
    const driverCode = typeof raw?.code === "string" ? raw.code : null;
    const message = typeof raw?.message === "string" ? raw.message : String(cause);
    const conflict = driverCode !== null && CONFLICT_SQLSTATES.has(driverCode);
    super(conflict ? "CONCURRENT_UPDATE" : "STORAGE_UNAVAILABLE", `Postgres: ${message}`, {
      retryable: true,
      cause,
      context: { driverCode },
    });
    this.driverCode = driverCode;
  }

  /** Whether the transaction lost a race (and nothing else went wrong). */
  get isConflict(): boolean {
    return this.code === "CONCURRENT_UPDATE";
  }
}

/**
 * The error a storage statement throws: a failure that passes becomes a `StorageUnavailableError`;
 * anything else (a constraint violation, a bad value, a bug) is the driver's error as it was raised,
 * with its SQLSTATE in `code`, because callers decide on it.
 */
export function toStorageError(error: unknown): unknown {
  if (isSiftError(error) || !isRetryable(error)) return error;
  return new StorageUnavailableError(error);
}
