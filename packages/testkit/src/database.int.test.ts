import { afterAll, describe, expect, it } from "vitest";

import type { TestDatabase } from "./database.js";
import { testDatabase } from "./test-services.js";

async function databaseExists(observer: TestDatabase, name: string): Promise<boolean> {
  const rows = await observer.db("pg_database").where({ datname: name }).select("datname");
  return rows.length === 1;
}

describe("createTestDatabase", () => {
  const created: TestDatabase[] = [];
  const fresh = async (options?: Parameters<typeof testDatabase>[0]): Promise<TestDatabase> => {
    const db = await testDatabase(options);
    created.push(db);
    return db;
  };

  afterAll(async () => {
    await Promise.all(created.map((d) => d.destroy()));
  });

  it("creates a uniquely named database and connects to it", async () => {
    const a = await fresh({ prefix: "Iso-Test" });
    const b = await fresh({ prefix: "iso-test" });
    expect(a.name).toMatch(/^sift_test_iso_test_[0-9a-f]{10}$/);
    expect(b.name).not.toBe(a.name);
    expect(new URL(a.url).pathname).toBe(`/${a.name}`);

    const [row] = (await a.db.raw<{ rows: { db: string }[] }>("select current_database() as db")).rows;
    expect(row?.db).toBe(a.name);
    expect(await databaseExists(a, b.name)).toBe(true);
  });

  it("runs migrate before handing the database out, and databases are isolated", async () => {
    const a = await fresh({
      migrate: async (db) => {
        await db.schema.createTable("widgets", (t) => {
          t.increments("id");
          t.text("name").notNullable();
        });
      },
    });
    const b = await fresh();

    await a.db("widgets").insert({ name: "sprocket" });
    expect(await a.db("widgets").pluck("name")).toEqual(["sprocket"]);
    expect(await a.db.schema.hasTable("widgets")).toBe(true);
    expect(await b.db.schema.hasTable("widgets")).toBe(false);
  });

  it("destroy drops the database", async () => {
    const observer = await fresh();
    const doomed = await testDatabase({ prefix: "doomed" });
    expect(await databaseExists(observer, doomed.name)).toBe(true);

    await doomed.destroy();
    expect(await databaseExists(observer, doomed.name)).toBe(false);
    await expect(doomed.destroy()).resolves.toBeUndefined(); // a second destroy is harmless
  });

  it("drops the database again when migrate fails", async () => {
    const observer = await fresh();
    const before = await observer
      .db("pg_database")
      .where("datname", "like", "sift_test_broken_%")
      .pluck("datname");
    await expect(
      testDatabase({
        prefix: "broken",
        migrate: async (db) => {
          await db.raw("select * from no_such_table");
        },
      }),
    ).rejects.toThrow(/no_such_table/);
    const after = await observer
      .db("pg_database")
      .where("datname", "like", "sift_test_broken_%")
      .pluck("datname");
    expect(after).toEqual(before);
  });
});
