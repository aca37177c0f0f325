import { describe, expect, it } from "vitest";
import { StorageUnavailableError } from "./errors.js";
import { createDb, createOrganization, getOrganizationBySlug, withTransaction } from "./index.js";
import type { Db } from "./index.js";
import { useMigratedDatabase } from "./test/database.js";

const database = useMigratedDatabase();

/** Runs `use` with a one-connection pool of its own on `url`, destroyed afterwards. */
async function withDb<T>(url: string, use: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb({ url, poolMax: 1 });
  try {
    return await use(db);
  } finally {
    await db.destroy();
  }
}

describe("failures of Postgres, as storage raises them", () => {
  it("an unreachable server is a retryable StorageUnavailableError", async () => {
    const error = await withDb("postgres://postgres@127.0.0.1:1/nowhere", (db) =>
      getOrganizationBySlug(db, "acme").catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(error).toMatchObject({ code: "STORAGE_UNAVAILABLE", retryable: true });
  });

  it("a connection terminated by the server is retryable, inside a transaction too", async () => {
    const t = database();
    const error = await withDb(t.url, (db) =>
      withTransaction(db, async (trx) => {
        await t.db.raw(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sift' AND datname = ?",
          [t.name],
        );
        await trx.raw("SELECT 1");
        return "still connected";
      }).catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(error).toMatchObject({ retryable: true });
  });

  it("a constraint violation stays the driver's error, with its SQLSTATE", async () => {
    const t = database();
    const error = await withDb(t.url, async (db) => {
      await createOrganization(db, "unique");
      return createOrganization(db, "unique").catch((e: unknown) => e);
    });
    expect(error).not.toBeInstanceOf(StorageUnavailableError);
    expect(error).toMatchObject({ code: "23505" });
  });
});
