import { describe, expect, it } from "vitest";
import { loadEnv } from "./env.js";

const base = { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/sift", REDIS_URL: "redis://127.0.0.1:6379" };

describe("SIFT_SMTP_URL", () => {
  it("takes smtp:// and smtps:// URLs", () => {
    expect(loadEnv({ ...base, SIFT_SMTP_URL: "smtp://user:secret@mail.example:587" }).SIFT_SMTP_URL).toBe(
      "smtp://user:secret@mail.example:587",
    );
    expect(loadEnv({ ...base, SIFT_SMTP_URL: "smtps://mail.example" }).SIFT_SMTP_URL).toBe(
      "smtps://mail.example",
    );
  });

  it("refuses anything else at start, naming the variable", () => {
    for (const url of ["http://mail.example", "mail.example:25", "smtp://"])
      expect(() => loadEnv({ ...base, SIFT_SMTP_URL: url })).toThrow(
        "Invalid environment variable SIFT_SMTP_URL: must be an smtp:// or smtps:// URL",
      );
  });
});

describe("INGEST_DB_POOL_MAX", () => {
  it("must leave a connection per partition and four more, else every batch would stall on the pool", () => {
    expect(
      loadEnv({ ...base, INGEST_PARTITION_CONCURRENCY: "6", INGEST_DB_POOL_MAX: "10" }).INGEST_DB_POOL_MAX,
    ).toBe(10);
    expect(() => loadEnv({ ...base, INGEST_PARTITION_CONCURRENCY: "8", INGEST_DB_POOL_MAX: "10" })).toThrow(
      "Invalid environment variable INGEST_DB_POOL_MAX: must be at least INGEST_PARTITION_CONCURRENCY + 4 (12)",
    );
    expect(() => loadEnv({ ...base, INGEST_DB_POOL_MAX: "7" })).toThrow(
      "Invalid environment variable INGEST_DB_POOL_MAX: must be at least INGEST_PARTITION_CONCURRENCY + 4 (8)",
    );
  });
});
