import { afterAll, beforeAll } from "vitest";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import { migrateToLatest } from "../db.js";

/** A fresh migrated database for the test file (created before its tests, dropped after them). */
export function useMigratedDatabase(): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await testDatabase({ migrate: async (db) => void (await migrateToLatest(db)) });
  });
  afterAll(async () => {
    await database?.destroy();
  });
  return () => {
    if (!database) throw new Error("the test database is created in beforeAll");
    return database;
  };
}
