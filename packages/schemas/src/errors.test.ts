import { describe, expect, it } from "vitest";
import { InvalidPayloadError, SiftError, isRetryable } from "./errors.js";

/** An error shaped like pg's DatabaseError: the server's message and its SQLSTATE in `code`. */
const pgError = (code: string, message: string): Error =>
  Object.assign(new Error(message), { code, severity: "ERROR", length: 100 });
/** An error shaped like a failed node socket call. */
const socketError = (code: string, syscall = "connect"): Error =>
  Object.assign(new Error(`${syscall} ${code} 127.0.0.1:5432`), { code, errno: -111, syscall });

describe("isRetryable", () => {
  it.each([
    ["connection refused", socketError("ECONNREFUSED"), true],
    ["connection reset", socketError("ECONNRESET", "read"), true],
    ["host not found", socketError("ENOTFOUND", "getaddrinfo"), true],
    ["admin shutdown", pgError("57P01", "terminating connection due to administrator command"), true],
    [
      "crash shutdown",
      pgError("57P02", "terminating connection because of crash of another server process"),
      true,
    ],
    ["cannot connect now", pgError("57P03", "the database system is starting up"), true],
    ["deadlock", pgError("40P01", "deadlock detected"), true],
    ["serialization failure", pgError("40001", "could not serialize access due to concurrent update"), true],
    ["too many connections", pgError("53300", "sorry, too many clients already"), true],
    ["connection failure", pgError("08006", "connection failure"), true],
    ["connection does not exist", pgError("08003", "connection does not exist"), true],
    ["lock timeout", pgError("55P03", "canceling statement due to lock timeout"), true],
    ["statement timeout", pgError("57014", "canceling statement due to statement timeout"), true],
    ["unique violation", pgError("23505", "duplicate key value violates unique constraint"), false],
    ["invalid text", pgError("22P02", "invalid input syntax for type uuid"), false],
    ["syntax error", pgError("42601", "syntax error at or near"), false],
    ["a bug", new TypeError("x is undefined"), false],
    ["a string", "ECONNREFUSED", false],
    ["nothing", undefined, false],
  ])("%s → %s", (_what, error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });

  it("recognises what the clients say without a code", () => {
    expect(isRetryable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isRetryable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    const poolTimeout = new Error("Knex: Timeout acquiring a connection. The pool is probably full.");
    expect(isRetryable(poolTimeout)).toBe(true);
    expect(isRetryable(Object.assign(new Error("pool"), { name: "KnexTimeoutError" }))).toBe(true);
    expect(isRetryable(new Error("Connection is closed."))).toBe(true);
    // ioredis once its retries per request are used up
    const redis = Object.assign(
      new Error(
        'Reached the max retries per request limit (which is 20). Refer to "maxRetriesPerRequest" option for details.',
      ),
      { name: "MaxRetriesPerRequestError" },
    );
    expect(isRetryable(redis)).toBe(true);
    expect(isRetryable(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(
      true,
    );
  });

  it("takes KafkaJS's own verdict", () => {
    const kafka = (retriable: boolean): Error =>
      Object.assign(new Error("The group coordinator is not available"), {
        name: "KafkaJSProtocolError",
        retriable,
      });
    expect(isRetryable(kafka(true))).toBe(true);
    expect(isRetryable(kafka(false))).toBe(false);
  });

  it("believes a SiftError, whatever it wraps", () => {
    expect(isRetryable(new SiftError("STORAGE_UNAVAILABLE", "down", { retryable: true }))).toBe(true);
    const bad = new InvalidPayloadError("INVALID_FIELD", "bad", "x", { cause: socketError("ECONNREFUSED") });
    expect(isRetryable(bad)).toBe(false);
  });

  it("looks through causes", () => {
    const wrapped = new Error("batch failed", { cause: pgError("40P01", "deadlock detected") });
    expect(isRetryable(wrapped)).toBe(true);
    expect(isRetryable(new Error("batch failed", { cause: new TypeError("x") }))).toBe(false);
  });
});
