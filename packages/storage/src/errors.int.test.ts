import { describe, expect, it } from "vitest";
import { StorageUnavailableError } from "./errors.js";
import { createDb, createOrganization, getOrganizationBySlug, withTransaction } from "./index.js";
import { useMigratedDatabase } from "./test/database.js";

const database = useMigratedDatabase();

describe("failures of Postgres, as storage raises them", () => {
  it("an unreachable server is a retryable StorageUnavailableError", async () => {
    const db = createDb({ url: "postgres://postgres@127.0.0.1:1/nowhere", poolMax: 1 });
    try {
      const error = await getOrganizationBySlug(db, "acme").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(error).toMatchObject({ code: "STORAGE_UNAVAILABLE", retryable: true });
    } finally {
      await db.destroy();
    }
  });

  it("a connection terminated by the server is retryable, inside a transaction too", async () => {
    const t = database();
    const db = createDb({ url: t.url, poolMax: 1 });
    try {
      const error = await withTransaction(db, async (trx) => {
        await t.db.raw(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sift' AND datname = ?",
          [t.name],
        );
        await trx.raw("SELECT 1");
        return "still connected";
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(error).toMatchObject({ retryable: true });
    } finally {
      await db.destroy();
    }
  });

  it("a constraint violation stays the driver's error, with its SQLSTATE", async () => {
    const t = database();
    const db = createDb({ url: t.url, poolMax: 1 });
    try {
      await createOrganization(db, "unique");
      const error = await createOrganization(db, "unique").catch((e: unknown) => e);
      expect(error).not.toBeInstanceOf(StorageUnavailableError);
      expect(error).toMatchObject({ code: "23505" });
    } finally {
      await db.destroy();
    }
  });
});
