import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import {
  createApiToken,
  createOrganization,
  findApiToken,
  hashToken,
  migrateToLatest,
  revokeApiToken,
} from "./index.js";

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase({ migrate: async (db) => void (await migrateToLatest(db)) });
});
afterAll(async () => {
  await t.destroy();
});

describe("api tokens", () => {
  it("are printed once in Sentry's form and stored only as a sha256", async () => {
    const org = await createOrganization(t.db, "acme");
    const { token, record } = await createApiToken(t.db, { organizationId: org.id, scopes: ["event:read"] });
    expect(token).toMatch(/^sntryu_[0-9a-f]{64}$/);
    const row = (await t.db("api_tokens").where({ id: record.id }).first()) as { token_hash: string };
    expect(row.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(7));
    expect((await findApiToken(t.db, token))?.scopes).toEqual(["event:read"]);
  });

  it("are refused when unknown, malformed or revoked", async () => {
    const org = await createOrganization(t.db, "beta");
    const { token, record } = await createApiToken(t.db, { organizationId: org.id, scopes: ["event:admin"] });
    expect(await findApiToken(t.db, `sntryu_${"0".repeat(64)}`)).toBeNull();
    expect(await findApiToken(t.db, "Bearer nonsense")).toBeNull();
    expect(await revokeApiToken(t.db, record.id, new Date())).toBe(true);
    expect(await findApiToken(t.db, token)).toBeNull();
  });
});
