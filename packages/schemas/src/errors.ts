/** Error codes shared by every Sift package. */
export type SiftErrorCode =
  | "INVALID_JSON"
  | "INVALID_ENCODING"
  | "PAYLOAD_TOO_DEEP"
  | "INVALID_PAYLOAD_TYPE"
  | "INVALID_FIELD"
  | "MISSING_FIELD"
  | "INVALID_UUID"
  | "INVALID_LEVEL"
  | "INVALID_DETECTION_TIME"
  | "TIMESTAMP_IN_FUTURE"
  | "TIMESTAMP_TOO_OLD"
  | "INVALID_PRIORITY"
  | "UNKNOWN_GROUP_TYPE"
  | "MISSING_EVENT_ID"
  | "EVENT_ID_MISMATCH"
  | "PROJECT_MISMATCH"
  | "INVALID_EVENT"
  | "MESSAGE_TOO_LARGE"
  | "EVENT_NOT_FOUND"
  | "PROJECT_NOT_FOUND"
  | "STORAGE_UNAVAILABLE"
  | "CACHE_UNAVAILABLE"
  | "BROKER_UNAVAILABLE"
  | "CONCURRENT_UPDATE"
  | "NOT_FOUND"
  | "INVALID_REQUEST"
  | "UNAUTHENTICATED"
  | "PERMISSION_DENIED"
  | "TOO_MANY_REQUESTS"
  | "INTERNAL";

export interface SiftErrorOptions {
  retryable?: boolean;
  context?: Record<string, unknown>;
  cause?: unknown;
}

/** Base class of every error Sift raises on purpose. `retryable` tells the consumer what to do. */
export class SiftError extends Error {
  readonly code: SiftErrorCode;
  readonly retryable: boolean;
  readonly context: Record<string, unknown>;

  constructor(code: SiftErrorCode, message: string, options: SiftErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.context = options.context ?? {};
  }
}

/** A message or request body that can never be processed as it is: dead-letter it / answer 400. */
export class InvalidPayloadError extends SiftError {
  /** Dotted path of the offending field, "" for the whole payload. */
  readonly path: string;

  constructor(code: SiftErrorCode, message: string, path = "", options: SiftErrorOptions = {}) {
    super(code, message, { ...options, retryable: false, context: { ...options.context, path } });
    this.path = path;
  }
}

export function isSiftError(error: unknown): error is SiftError {
  return error instanceof SiftError;
}

/**
 * Postgres SQLSTATEs of a failure that passes: serialization failure, deadlock, lock or statement
 * timeout, admin or crash shutdown (57P01–57P03), a read-only standby during failover, and the
 * classes of connection exceptions (08), insufficient resources such as too many connections (53)
 * and system errors (58).
 */
const RETRYABLE_SQLSTATES = new Set(["40001", "40P01", "55P03", "57014", "25006"]);
const RETRYABLE_SQLSTATE_CLASS = /^(08|53|57P|58)/;
/** Node socket and name-resolution errors: the service did not answer. */
const RETRYABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
/**
 * What the clients say, without a code, when a connection is lost or a pool is exhausted: pg
 * ("Connection terminated unexpectedly", "timeout exceeded when trying to connect"), knex's pool,
 * ioredis ("Connection is closed.", "Stream isn't writeable", MaxRetriesPerRequestError).
 */
const RETRYABLE_MESSAGE =
  /Knex: Timeout acquiring a connection|Connection terminated|Client has encountered a connection error|connection is closed|timeout exceeded when trying to connect|MaxRetriesPerRequest|Stream isn't writeable|ECONNREFUSED|ECONNRESET|the database system is (starting up|shutting down|in recovery mode)|terminating connection/i;

/**
 * Whether an error is worth retrying (a dependency is down or a race was lost) rather than a bad input
 * or a bug. A `SiftError` says so itself (`retryable`); any other error is classified by its code
 * (SQLSTATE or socket error), by what the Postgres, Redis and Kafka clients say, or by its cause.
 */
export function isRetryable(error: unknown): boolean {
  if (isSiftError(error)) return error.retryable;
  if (!error || typeof error !== "object") return false;
  const e = error as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    cause?: unknown;
    retriable?: unknown;
  };
  const code = typeof e.code === "string" ? e.code : "";
  if (
    RETRYABLE_SQLSTATES.has(code) ||
    RETRYABLE_SQLSTATE_CLASS.test(code) ||
    RETRYABLE_SOCKET_CODES.has(code)
  )
    return true;
  const name = typeof e.name === "string" ? e.name : "";
  if (name === "KnexTimeoutError") return true;
  if (name.startsWith("KafkaJS") && e.retriable !== false) return true;
  if (typeof e.message === "string" && RETRYABLE_MESSAGE.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== error && isRetryable(e.cause);
}
