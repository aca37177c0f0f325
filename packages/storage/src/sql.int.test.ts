import { describe, expect, it } from "vitest";
import { rows } from "./sql.js";
import { useMigratedDatabase } from "./test/database.js";

const database = useMigratedDatabase();

describe("array bindings, as Postgres reads them", () => {
  it("round-trips hostile strings, nulls, numbers and booleans in order", async () => {
    const texts = ['say "hi"', "C:\\dir\\", '\\"', "a,b", "{x}", "NULL", "", " pad ", "é ☃ 😀", null];
    const found = await rows<{ t: string | null; n: number; b: boolean }>(
      database().db,
      "SELECT * FROM unnest(?::text[], ?::bigint[], ?::boolean[]) AS u(t, n, b)",
      [texts, texts.map((_, i) => 4_000_000_000_000 + i), texts.map((_, i) => i % 2 === 0)],
    );
    expect(found.map((r) => r.t)).toEqual(texts);
    expect(found.map((r) => Number(r.n))).toEqual(texts.map((_, i) => 4_000_000_000_000 + i));
    expect(found.map((r) => r.b)).toEqual(texts.map((_, i) => i % 2 === 0));
  });
});
