import { isSiftError } from "@sift/schemas";

// Postgres SQLSTATE classes/codes worth retrying: connection loss, serialization, deadlock, resources,
// admin shutdown, lock or statement timeouts, read-only during failover.
const TRANSIENT_SQLSTATE = /^(08|53|57P|58)/;
const TRANSIENT_CODES = new Set(["40001", "40P01", "55P03", "57014", "25006"]);
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** Whether an error is worth retrying (a dependency is down or a race was lost), as opposed to a bad message. */
export function isTransientError(error: unknown): boolean {
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
  if (TRANSIENT_CODES.has(code) || TRANSIENT_SQLSTATE.test(code) || NETWORK_CODES.has(code)) return true;
  const message = typeof e.message === "string" ? e.message : "";
  if (
    /Knex: Timeout acquiring a connection|Connection terminated|Client has encountered a connection error|connection is closed|Connection is closed|timeout exceeded when trying to connect|MaxRetriesPerRequest|Stream isn't writeable|ECONNREFUSED|ECONNRESET|the database system is (starting up|shutting down|in recovery mode)|terminating connection/i.test(
      message,
    )
  ) {
    return true;
  }
  if (typeof e.name === "string" && e.name.startsWith("KafkaJS") && e.retriable !== false) return true;
  if (e.cause && e.cause !== error) return isTransientError(e.cause);
  return false;
}
