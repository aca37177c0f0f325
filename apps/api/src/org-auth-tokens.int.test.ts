import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness } from "./test/harness.js";
import type { ApiHarness, OrgFixture } from "./test/harness.js";
import type { OrgTokenJson } from "./serializers/settings.js";
import { answerOf, asBrowser, createMember, expectAdminSessionOnly, signIn } from "./test/session.js";
import type { BrowserSession } from "./test/session.js";

let h: ApiHarness;
let beta: OrgFixture;
let admin: BrowserSession;
let member: BrowserSession;

const PASSWORD = "correct horse battery";
const NOW = new Date("2026-11-20T12:00:00.000Z");

/** A token as listed, with `token` when just created. */
type TokenJson = OrgTokenJson & { token?: string };

beforeAll(async () => {
  h = await createApiHarness({ now: NOW });
  beta = await h.createOrg("beta", [{ slug: "betaweb", id: 50 }]);
  const organizationId = h.acme.organization.id;
  await createMember(h.db, { email: "ada@acme.test", password: PASSWORD, organizationId, role: "admin" });
  await createMember(h.db, { email: "max@acme.test", password: PASSWORD, organizationId });
  admin = await signIn(h.app, "ada@acme.test", PASSWORD);
  member = await signIn(h.app, "max@acme.test", PASSWORD);
});
afterAll(async () => {
  await h?.destroy();
});

const url = (path = "") => `/api/0/organizations/acme/org-auth-tokens/${path}`;

describe("organization auth tokens", () => {
  it("creates a token shown once, which authenticates, is listed without its value, and revokes", async () => {
    const created = await asBrowser(h.app, admin, "POST", url(), {
      body: { name: "CI deploys", scopes: ["event:read", "event:write"] },
    });
    expect(created.statusCode).toBe(201);
    const json = created.json<TokenJson>();
    expect(json.token).toMatch(/^sntryu_[0-9a-f]{64}$/);
    expect(json).toMatchObject({
      name: "CI deploys",
      scopes: ["event:read", "event:write"],
      tokenLastCharacters: json.token!.slice(-4),
      dateLastUsed: null,
      projectLastUsedId: null,
    });

    // Written by Postgres (`now()`), not by the server's clock.
    expect(Math.abs(Date.parse(json.dateCreated) - Date.now())).toBeLessThan(60_000);
    h.clock.advance(60_000);
    const used = await h.request("GET", "/api/0/organizations/", { token: json.token! });
    expect(used.json<{ slug: string }[]>().map((o) => o.slug)).toEqual(["acme"]);
    const refused = await h.request("DELETE", "/api/0/organizations/acme/issues/?id=1", {
      token: json.token!,
    });
    expect(refused.statusCode).toBe(403);

    const listed = await asBrowser(h.app, member, "GET", url());
    expect(listed.statusCode).toBe(200);
    const mine = listed.json<TokenJson[]>().find((t) => t.id === json.id)!;
    expect(mine).not.toHaveProperty("token");
    expect(mine.dateLastUsed).toBe(new Date(NOW.getTime() + 60_000).toISOString());
    // The harness's own tokens are the organization's too; the newest comes first.
    expect(listed.json<TokenJson[]>()[0]!.id).toBe(json.id);

    const revoked = await asBrowser(h.app, admin, "DELETE", url(`${json.id}/`));
    expect(revoked.statusCode).toBe(204);
    const after = await h.request("GET", "/api/0/organizations/", { token: json.token! });
    expect([after.statusCode, after.json()]).toEqual([401, { detail: "Invalid token" }]);
    const gone = await asBrowser(h.app, admin, "GET", url());
    expect(gone.json<TokenJson[]>().some((t) => t.id === json.id)).toBe(false);
    expect((await asBrowser(h.app, admin, "DELETE", url(`${json.id}/`))).statusCode).toBe(404);
  });

  it("gives a token event:read when no scopes are asked for", async () => {
    const created = await asBrowser(h.app, admin, "POST", url(), { body: { name: "read only" } });
    expect(created.json<TokenJson>().scopes).toEqual(["event:read"]);
  });

  it.each<[unknown, string]>([
    [{}, "The name cannot be blank."],
    [{ name: "   " }, "The name cannot be blank."],
    [{ name: "x".repeat(256) }, "The name cannot be longer than 255 characters."],
    [{ name: "x", scopes: ["org:admin"] }, 'Invalid field "scopes.0"'],
    [{ name: "x", scopes: [] }, 'Invalid field "scopes"'],
  ])("refuses %j with a detail", async (body, detail) => {
    const answer = await answerOf(asBrowser(h.app, admin, "POST", url(), { body }));
    expect(answer).toEqual({ status: 400, detail: expect.stringContaining(detail) });
  });

  it("lets only an admin's session create or revoke tokens: a member and any token get 403", async () => {
    await expectAdminSessionOnly(h, member, "POST", url(), { name: "mine" });
    const listed = (await asBrowser(h.app, admin, "GET", url())).json<TokenJson[]>();
    expect(listed.some((t) => t.name === "mine")).toBe(false);
    await expectAdminSessionOnly(h, member, "DELETE", url(`${listed[0]!.id}/`));
  });

  it("answers another organization's tokens with 404 and never revokes them", async () => {
    expect(
      (await asBrowser(h.app, admin, "GET", "/api/0/organizations/beta/org-auth-tokens/")).statusCode,
    ).toBe(404);
    const betaTokens = (
      await h.request("GET", "/api/0/organizations/beta/org-auth-tokens/", { token: beta.tokens.read })
    ).json<TokenJson[]>();
    expect(betaTokens.length).toBe(3);
    expect((await asBrowser(h.app, admin, "DELETE", url(`${betaTokens[0]!.id}/`))).statusCode).toBe(404);
    const still = await h.request("GET", "/api/0/organizations/beta/", { token: beta.tokens.read });
    expect(still.statusCode).toBe(200);
  });
});
