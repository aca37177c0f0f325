import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import {
  TOKEN_TOUCH_INTERVAL_MS,
  authenticateApiToken,
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

describe("authenticateApiToken", () => {
  const lastUsed = async (id: number): Promise<Date | null> =>
    ((await t.db("api_tokens").where({ id }).first("last_used_at")) as { last_used_at: Date | null })
      .last_used_at;

  it("answers the token's scopes and organization, and refuses unknown, malformed and revoked ones", async () => {
    const org = await createOrganization(t.db, "gamma", "Gamma Inc");
    const { token, record } = await createApiToken(t.db, {
      organizationId: org.id,
      scopes: ["event:read", "event:write"],
    });
    const now = new Date("2026-12-01T10:00:00Z");
    const found = await authenticateApiToken(t.db, { token, now });
    expect(found?.token).toMatchObject({ id: record.id, scopes: ["event:read", "event:write"] });
    expect(found?.organization).toEqual({
      id: org.id,
      slug: "gamma",
      name: "Gamma Inc",
      createdAt: org.createdAt,
    });
    expect(await authenticateApiToken(t.db, { token: `sntryu_${"1".repeat(64)}`, now })).toBeNull();
    expect(await authenticateApiToken(t.db, { token: "not-a-token", now })).toBeNull();
    await revokeApiToken(t.db, record.id, now);
    expect(await authenticateApiToken(t.db, { token, now })).toBeNull();
  });

  it("records the last use at most once a minute per token", async () => {
    const org = await createOrganization(t.db, "delta");
    const { token, record } = await createApiToken(t.db, { organizationId: org.id, scopes: ["event:read"] });
    const start = new Date("2026-12-01T10:00:00Z");
    const at = (ms: number) => new Date(start.getTime() + ms);
    expect(await lastUsed(record.id)).toBeNull();
    await authenticateApiToken(t.db, { token, now: start });
    expect(await lastUsed(record.id)).toEqual(start);
    await authenticateApiToken(t.db, { token, now: at(TOKEN_TOUCH_INTERVAL_MS - 1) });
    expect(await lastUsed(record.id)).toEqual(start);
    await authenticateApiToken(t.db, { token, now: at(TOKEN_TOUCH_INTERVAL_MS + 1) });
    expect(await lastUsed(record.id)).toEqual(at(TOKEN_TOUCH_INTERVAL_MS + 1));
  });
});
