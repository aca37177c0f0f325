import { KnexTimeoutError } from "knex";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { isRetryable } from "@sift/schemas";
import { StorageUnavailableError, toStorageError } from "./errors.js";

const databaseError = (code: string, message: string): pg.DatabaseError =>
  Object.assign(new pg.DatabaseError(message, message.length, "error"), { code });

describe("storage errors", () => {
  it.each([
    [
      "connection refused",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      "STORAGE_UNAVAILABLE",
    ],
    [
      "admin shutdown",
      databaseError("57P01", "terminating connection due to administrator command"),
      "STORAGE_UNAVAILABLE",
    ],
    [
      "too many connections",
      databaseError("53300", "sorry, too many clients already"),
      "STORAGE_UNAVAILABLE",
    ],
    ["connection lost", new Error("Connection terminated unexpectedly"), "STORAGE_UNAVAILABLE"],
    [
      "pool exhausted",
      new KnexTimeoutError("Knex: Timeout acquiring a connection. The pool is probably full."),
      "STORAGE_UNAVAILABLE",
    ],
    ["deadlock", databaseError("40P01", "deadlock detected"), "CONCURRENT_UPDATE"],
    ["serialization failure", databaseError("40001", "could not serialize access"), "CONCURRENT_UPDATE"],
  ])("a %s becomes a retryable StorageUnavailableError", (_what, error, code) => {
    const wrapped = toStorageError(error);
    expect(wrapped).toBeInstanceOf(StorageUnavailableError);
    expect(wrapped).toMatchObject({ code, retryable: true, cause: error });
    expect(isRetryable(wrapped)).toBe(true);
  });

  it("keeps the SQLSTATE of the failure", () => {
    expect(toStorageError(databaseError("57P01", "terminating connection"))).toMatchObject({
      driverCode: "57P01",
      message: "Postgres: terminating connection",
    });
  });

  it("leaves a statement's own failure as the driver raised it", () => {
    for (const error of [
      databaseError("23505", "duplicate key value violates unique constraint"),
      databaseError("22003", "value out of range"),
      new TypeError("x is undefined"),
    ]) {
      expect(toStorageError(error)).toBe(error);
      expect(isRetryable(error)).toBe(false);
    }
  });
});
