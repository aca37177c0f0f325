import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildServer } from "./server.js";
import { createApiHarness, issueRow } from "./test/harness.js";
import type { ApiHarness, OrgFixture } from "./test/harness.js";
import { asBrowser, createMember, setCookies, signIn } from "./test/session.js";

let h: ApiHarness;
let beta: OrgFixture;
/** A server behind a trusted proxy (X-Forwarded-Proto counts) with a tight throttle. */
let proxied: FastifyInstance;
let acmeIssues: number[];
let betaIssue: number;

const PASSWORD = "correct horse battery";
const LOGIN_FAILED = { detail: "Invalid email or password." };

const login = (
  app: FastifyInstance,
  body: unknown,
  headers: Record<string, string> = {},
  remoteAddress?: string,
) =>
  app.inject({
    method: "POST",
    url: "/api/0/auth/login/",
    payload: body as Record<string, unknown>,
    headers,
    ...(remoteAddress ? { remoteAddress } : {}),
  });

beforeAll(async () => {
  h = await createApiHarness();
  beta = await h.createOrg("beta", [{ slug: "betaweb", id: 50 }]);
  proxied = await buildServer({
    db: h.db,
    clock: h.clock,
    checkResponses: true,
    trustProxy: true,
    signIn: { maxFailuresPerEmail: 3, maxFailuresPerAddress: 5, throttleWindowMs: 600_000 },
  });
  const id = h.acme.organization.id;
  await createMember(h.db, { email: "member@acme.test", password: PASSWORD, organizationId: id });
  await createMember(h.db, {
    email: "admin@acme.test",
    password: PASSWORD,
    organizationId: id,
    role: "admin",
  });
  await createMember(h.db, {
    email: "beta@beta.test",
    password: PASSWORD,
    organizationId: beta.organization.id,
  });
  await h.db("users").insert({ email: "nopassword@acme.test", username: "nopassword@acme.test" });
  const now = h.clock.now();
  await h.ingest([
    { projectId: 1, fingerprint: "a1", time: new Date(now.getTime() - 60_000) },
    { projectId: 1, fingerprint: "a2", time: new Date(now.getTime() - 60_000) },
    { projectId: 50, fingerprint: "b1", time: new Date(now.getTime() - 60_000) },
  ]);
  acmeIssues = [(await issueRow(h.db, 1, "a1"))!.id, (await issueRow(h.db, 1, "a2"))!.id];
  betaIssue = (await issueRow(h.db, 50, "b1"))!.id;
});
afterAll(async () => {
  await proxied?.close();
  await h?.destroy();
});

describe("POST /api/0/auth/login/", () => {
  it("signs a user in: the session and CSRF cookies, the user and where to go", async () => {
    const res = await login(h.app, { email: "Member@Acme.test", password: PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ nextUri: string; user: Record<string, unknown> }>();
    expect(body.nextUri).toBe("/organizations/acme/issues/");
    expect(body.user).toMatchObject({
      email: "member@acme.test",
      username: "member@acme.test",
      isActive: true,
      hasPasswordAuth: true,
      session: {
        organization: { slug: "acme", id: String(h.acme.organization.id) },
        role: "member",
        scopes: ["event:read", "event:write"],
      },
    });
    const cookies = setCookies(res);
    const session = cookies.get("sift_session")!;
    expect(session).toMatch(
      /^sift_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=1209600; HttpOnly; SameSite=Lax$/,
    );
    const csrf = cookies.get("sift_csrf")!;
    expect(csrf).toMatch(/^sift_csrf=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=1209600; SameSite=Lax$/);
    // Only a hash of the token is stored.
    const token = session.split(";")[0]!.split("=")[1]!;
    const rows = await h.db("user_sessions").select("token_hash");
    expect(rows.some((r: { token_hash: string }) => r.token_hash === token)).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });

  it("accepts Sentry's `username` field for the email", async () => {
    const res = await login(h.app, { username: "admin@acme.test", password: PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ user: { session: { role: string } } }>().user.session.role).toBe("admin");
  });

  it("answers a wrong password, an unknown email and a user without a password with the same 401", async () => {
    const answers = await Promise.all([
      login(h.app, { email: "member@acme.test", password: "wrong password" }, {}, "10.1.0.1"),
      login(h.app, { email: "nobody@acme.test", password: PASSWORD }, {}, "10.1.0.2"),
      login(h.app, { email: "nopassword@acme.test", password: PASSWORD }, {}, "10.1.0.3"),
    ]);
    for (const res of answers) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual(LOGIN_FAILED);
      expect(res.headers["set-cookie"]).toBeUndefined();
    }
  });

  it("refuses a body without an email or password with 400", async () => {
    const noEmail = await login(h.app, { password: PASSWORD });
    expect(noEmail.statusCode).toBe(400);
    expect(noEmail.json()).toEqual({ detail: 'Invalid field "email": required' });
    const noPassword = await login(h.app, { email: "member@acme.test" });
    expect(noPassword.statusCode).toBe(400);
    expect(noPassword.json<{ detail: string }>().detail).toContain("password");
  });

  it("refuses a sign-in sent from another site (403)", async () => {
    const other = await login(
      h.app,
      { email: "member@acme.test", password: PASSWORD },
      { origin: "https://evil.test" },
    );
    expect(other.statusCode).toBe(403);
    const site = await login(
      h.app,
      { email: "member@acme.test", password: PASSWORD },
      { "sec-fetch-site": "cross-site" },
    );
    expect(site.statusCode).toBe(403);
    const same = await login(
      h.app,
      { email: "member@acme.test", password: PASSWORD },
      { origin: "http://localhost:80" },
    );
    expect(same.statusCode).toBe(200);
  });

  it("sets Secure only over HTTPS, and trusts X-Forwarded-Proto only behind a configured proxy", async () => {
    const body = { email: "member@acme.test", password: PASSWORD };
    const direct = await login(h.app, body, { "x-forwarded-proto": "https" });
    expect(setCookies(direct).get("sift_session")).not.toContain("Secure");
    const behindProxy = await login(proxied, body, { "x-forwarded-proto": "https" }, "10.9.0.1");
    expect(setCookies(behindProxy).get("sift_session")).toContain("; Secure");
    expect(setCookies(behindProxy).get("sift_csrf")).toContain("; Secure");
    const plain = await login(proxied, body, { "x-forwarded-proto": "http" }, "10.9.0.1");
    expect(setCookies(plain).get("sift_session")).not.toContain("Secure");
  });
});

describe("the failed sign-in throttle", () => {
  it("answers 429 with Retry-After after a few failures for one email, even with the right password, until the window ends", async () => {
    const email = "throttled@acme.test";
    await createMember(h.db, { email, password: PASSWORD, organizationId: h.acme.organization.id });
    for (let i = 0; i < 3; i++) {
      const res = await login(proxied, { email, password: "nope nope" }, {}, `10.2.0.${i}`);
      expect(res.statusCode).toBe(401);
    }
    const blocked = await login(proxied, { email, password: PASSWORD }, {}, "10.2.0.9");
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toEqual({ detail: "Too many failed sign-in attempts. Try again later." });
    expect(Number(blocked.headers["retry-after"])).toBe(600);
    h.clock.advance(600_000);
    const after = await login(proxied, { email, password: PASSWORD }, {}, "10.2.0.9");
    expect(after.statusCode).toBe(200);
  });

  it("answers 429 after a few failures from one address, whichever the emails", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await login(
        proxied,
        { email: `guess${i}@acme.test`, password: "nope nope" },
        {},
        "10.3.0.1",
      );
      expect(res.statusCode).toBe(401);
    }
    const blocked = await login(proxied, { email: "member@acme.test", password: PASSWORD }, {}, "10.3.0.1");
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    const elsewhere = await login(proxied, { email: "member@acme.test", password: PASSWORD }, {}, "10.3.0.2");
    expect(elsewhere.statusCode).toBe(200);
  });
});

describe("a session", () => {
  it("answers GET /api/0/auth/ with its user, and the API index and organizations for its organization", async () => {
    const session = await signIn(h.app, "member@acme.test", PASSWORD);
    const me = await asBrowser(h.app, session, "GET", "/api/0/auth/");
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: "member@acme.test", session: { role: "member" } });
    expect((await h.request("GET", "/api/0/auth/", { token: null })).statusCode).toBe(401);
    // A token is answered as itself, without a session.
    const token = await h.request("GET", "/api/0/auth/");
    expect(token.statusCode).toBe(200);
    expect(token.json<{ id: string; session?: unknown }>().id).toMatch(/^token:\d+$/);
    expect(token.json<{ session?: unknown }>().session).toBeUndefined();
    // The API index and the organization's access list show the role's scopes.
    const index = await asBrowser(h.app, session, "GET", "/api/0/");
    expect(index.json()).toMatchObject({
      auth: { scopes: ["event:read", "event:write"] },
      user: { email: "member@acme.test" },
    });
    const orgs = await asBrowser(h.app, session, "GET", "/api/0/organizations/");
    expect(orgs.json<{ slug: string; access: string[] }[]>().map((o) => [o.slug, o.access])).toEqual([
      ["acme", ["event:read", "event:write"]],
    ]);
  });

  it("is accepted wherever a token is: the issue list and details", async () => {
    const session = await signIn(h.app, "member@acme.test", PASSWORD);
    const list = await asBrowser(h.app, session, "GET", "/api/0/organizations/acme/issues/?query=");
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json<{ id: string }[]>()
        .map((i) => Number(i.id))
        .sort(),
    ).toEqual([...acmeIssues].sort());
    const one = await asBrowser(h.app, session, "GET", `/api/0/issues/${acmeIssues[0]}/`);
    expect(one.statusCode).toBe(200);
  });

  it("answers another organization's issues with 404", async () => {
    const session = await signIn(h.app, "member@acme.test", PASSWORD);
    const NOT_FOUND = { detail: "The requested resource does not exist" };
    const details = await asBrowser(h.app, session, "GET", `/api/0/issues/${betaIssue}/`);
    expect(details.statusCode).toBe(404);
    expect(details.json()).toEqual(NOT_FOUND);
    const list = await asBrowser(h.app, session, "GET", "/api/0/organizations/beta/issues/");
    expect(list.statusCode).toBe(404);
    const update = await asBrowser(h.app, session, "PUT", `/api/0/issues/${betaIssue}/`, {
      body: { status: "resolved" },
    });
    expect(update.statusCode).toBe(404);
  });

  it("refuses an unsafe request without the CSRF token, or with a wrong one, and accepts it with the token", async () => {
    const session = await signIn(h.app, "member@acme.test", PASSWORD);
    const url = `/api/0/issues/${acmeIssues[0]}/`;
    const missing = await asBrowser(h.app, session, "PUT", url, { body: { status: "resolved" }, csrf: null });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toEqual({ detail: "CSRF Failed: CSRF token missing." });
    const wrong = await asBrowser(h.app, session, "PUT", url, {
      body: { status: "resolved" },
      csrf: "x".repeat(43),
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toEqual({ detail: "CSRF Failed: CSRF token incorrect." });
    // Another session's CSRF token is not this one's.
    const other = await signIn(h.app, "admin@acme.test", PASSWORD);
    const foreign = await asBrowser(h.app, session, "PUT", url, {
      body: { status: "resolved" },
      csrf: other.csrf,
    });
    expect(foreign.statusCode).toBe(403);
    expect((await issueRow(h.db, 1, "a1"))!.status).toBe(0);
    const ok = await asBrowser(h.app, session, "PUT", url, { body: { status: "resolved" } });
    expect(ok.statusCode).toBe(200);
    expect((await issueRow(h.db, 1, "a1"))!.status).toBe(1);
    // A GET needs no CSRF token.
    expect((await asBrowser(h.app, session, "GET", url, { csrf: null })).statusCode).toBe(200);
  });

  it("gives a member no DELETE (403) and an admin DELETE; a new role counts at once", async () => {
    const member = await signIn(h.app, "member@acme.test", PASSWORD);
    const url = `/api/0/issues/${acmeIssues[1]}/`;
    const refused = await asBrowser(h.app, member, "DELETE", url);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ detail: "You do not have permission to perform this action." });
    expect((await issueRow(h.db, 1, "a2"))!.delete_after).toBeNull();

    const promoted = await createMember(h.db, {
      email: "promoted@acme.test",
      password: PASSWORD,
      organizationId: h.acme.organization.id,
    });
    const session = await signIn(h.app, "promoted@acme.test", PASSWORD);
    expect((await asBrowser(h.app, session, "DELETE", url)).statusCode).toBe(403);
    await h.db("organization_members").where({ user_id: promoted.id }).update({ role: "admin" });
    const admin = await signIn(h.app, "admin@acme.test", PASSWORD);
    const deleted = await asBrowser(h.app, admin, "DELETE", url);
    expect(deleted.statusCode).toBe(202);
  });

  it("is revoked by logout: the same cookie is then refused", async () => {
    const session = await signIn(h.app, "member@acme.test", PASSWORD);
    const refused = await asBrowser(h.app, session, "POST", "/api/0/auth/logout/", { csrf: null });
    expect(refused.json()).toEqual({ detail: "CSRF Failed: CSRF token missing." });
    expect(refused.statusCode).toBe(403);
    const out = await asBrowser(h.app, session, "POST", "/api/0/auth/logout/");
    expect(out.statusCode).toBe(204);
    expect(setCookies(out).get("sift_session")).toMatch(/^sift_session=; Path=\/; Max-Age=0; Expires=/);
    const after = await asBrowser(h.app, session, "GET", "/api/0/auth/");
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({ detail: "Authentication credentials were not provided." });
    // Signing out again (no live session) only clears the cookies.
    expect((await asBrowser(h.app, session, "POST", "/api/0/auth/logout/")).statusCode).toBe(204);
  });

  it("expires: a session older than its lifetime is refused with 401", async () => {
    const session = await signIn(h.app, "member@acme.test", PASSWORD);
    h.clock.advance(14 * 24 * 3_600_000 - 1000);
    expect((await asBrowser(h.app, session, "GET", "/api/0/auth/")).statusCode).toBe(200);
    h.clock.advance(2000);
    const expired = await asBrowser(h.app, session, "GET", "/api/0/auth/");
    expect(expired.statusCode).toBe(401);
  });
});
