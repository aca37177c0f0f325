import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness } from "./test/harness.js";
import type { ApiHarness, OrgFixture } from "./test/harness.js";
import { answerOf, asBrowser, createMember, expectAdminSessionOnly, signIn } from "./test/session.js";
import type { BrowserSession } from "./test/session.js";

let h: ApiHarness;
let beta: OrgFixture;
let admin: BrowserSession;
let member: BrowserSession;
let adminId: number;
let memberId: number;

const PASSWORD = "correct horse battery";

interface MemberJson {
  id: string;
  email: string;
  name: string;
  orgRole: string;
  role: string;
  roleName: string;
  pending: boolean;
  dateCreated: string;
  user: { id: string; email: string; hasPasswordAuth: boolean };
  password?: string | null;
}

beforeAll(async () => {
  h = await createApiHarness({ now: new Date("2026-11-20T12:00:00.000Z") });
  beta = await h.createOrg("beta", [{ slug: "betaweb", id: 50 }]);
  adminId = (
    await createMember(h.db, {
      email: "ada@acme.test",
      password: PASSWORD,
      organizationId: h.acme.organization.id,
      role: "admin",
    })
  ).id;
  memberId = (
    await createMember(h.db, {
      email: "max@acme.test",
      password: PASSWORD,
      organizationId: h.acme.organization.id,
    })
  ).id;
  await createMember(h.db, {
    email: "bea@beta.test",
    password: PASSWORD,
    organizationId: beta.organization.id,
  });
  admin = await signIn(h.app, "ada@acme.test", PASSWORD);
  member = await signIn(h.app, "max@acme.test", PASSWORD);
});
afterAll(async () => {
  await h?.destroy();
});

const url = (path = "") => `/api/0/organizations/acme/members/${path}`;

describe("organization members", () => {
  it("lists the members by email with Sentry's fields, for a member and a token too", async () => {
    const listed = await asBrowser(h.app, member, "GET", url());
    expect(listed.statusCode).toBe(200);
    const members = listed.json<MemberJson[]>();
    expect(members.map((m) => [m.id, m.email, m.orgRole, m.role, m.roleName, m.pending])).toEqual([
      [String(adminId), "ada@acme.test", "admin", "admin", "Admin", false],
      [String(memberId), "max@acme.test", "member", "member", "Member", false],
    ]);
    expect(members[0]!.user).toMatchObject({
      id: String(adminId),
      email: "ada@acme.test",
      hasPasswordAuth: true,
    });
    const byToken = await h.request("GET", url(), { token: h.acme.tokens.read });
    expect(byToken.json<MemberJson[]>().map((m) => m.email)).toEqual(["ada@acme.test", "max@acme.test"]);
    const one = await h.request("GET", url(`${memberId}/`), { token: h.acme.tokens.read });
    expect(one.json<MemberJson>().email).toBe("max@acme.test");
  });

  it("adds a member with a generated password shown once, who can then sign in", async () => {
    const added = await asBrowser(h.app, admin, "POST", url(), {
      body: { email: "New.Person@acme.test", name: "New Person", orgRole: "member" },
    });
    expect(added.statusCode).toBe(201);
    const json = added.json<MemberJson>();
    expect(json).toMatchObject({ email: "New.Person@acme.test", name: "New Person", orgRole: "member" });
    expect(json.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const session = await signIn(h.app, "new.person@acme.test", json.password!);
    const me = await asBrowser(h.app, session, "GET", "/api/0/auth/");
    expect(me.json<{ session: { role: string } }>().session.role).toBe("member");
    const listed = await h.request("GET", url(), { token: h.acme.tokens.read });
    expect(listed.json<MemberJson[]>().find((m) => m.id === json.id)).not.toHaveProperty("password");
  });

  it("adds a user of another organization without touching their password", async () => {
    const added = await asBrowser(h.app, admin, "POST", url(), {
      body: { email: "bea@beta.test", orgRole: "admin" },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json<MemberJson>()).toMatchObject({
      email: "bea@beta.test",
      orgRole: "admin",
      password: null,
    });
    const session = await signIn(h.app, "bea@beta.test", PASSWORD);
    expect(session.csrf).not.toBe("");
    const removed = await asBrowser(h.app, admin, "DELETE", url(`${added.json<MemberJson>().id}/`));
    expect(removed.statusCode).toBe(204);
  });

  it.each<[unknown, string]>([
    [{ email: "not an email" }, 'Invalid field "email": an email address'],
    [{ email: "x@acme.test", orgRole: "owner" }, 'Invalid field "orgRole"'],
    [{ email: "max@acme.test" }, "The user max@acme.test is already a member"],
  ])("refuses %j with a detail", async (body, detail) => {
    const answer = await answerOf(asBrowser(h.app, admin, "POST", url(), { body }));
    expect(answer).toEqual({ status: 400, detail: expect.stringContaining(detail) });
  });

  it("lets only an admin's session add, change or remove members: a member and a token get 403", async () => {
    await expectAdminSessionOnly(h, member, "POST", url(), { email: "y@acme.test" });
    await expectAdminSessionOnly(h, member, "PUT", url(`${memberId}/`), { orgRole: "admin" });
    await expectAdminSessionOnly(h, member, "DELETE", url(`${adminId}/`));
    const noCsrf = await asBrowser(h.app, admin, "DELETE", url(`${memberId}/`), { csrf: null });
    expect(noCsrf.statusCode).toBe(403);
    const listed = await h.request("GET", url(), { token: h.acme.tokens.read });
    expect(listed.json<MemberJson[]>().find((m) => m.id === String(adminId))?.orgRole).toBe("admin");
    expect(listed.json<MemberJson[]>().some((m) => m.email === "y@acme.test")).toBe(false);
  });

  it("answers another organization's members and unknown members with 404", async () => {
    expect((await asBrowser(h.app, admin, "GET", "/api/0/organizations/beta/members/")).statusCode).toBe(404);
    const bea = (await h.request("GET", "/api/0/organizations/beta/members/", { token: beta.tokens.read }))
      .json<MemberJson[]>()
      .find((m) => m.email === "bea@beta.test")!;
    expect((await asBrowser(h.app, admin, "DELETE", url(`${bea.id}/`))).statusCode).toBe(404);
    expect(
      (await asBrowser(h.app, admin, "PUT", url("999999/"), { body: { orgRole: "admin" } })).statusCode,
    ).toBe(404);
  });

  it("never demotes or removes the only admin", async () => {
    const demote = await asBrowser(h.app, admin, "PUT", url(`${adminId}/`), { body: { orgRole: "member" } });
    expect([demote.statusCode, demote.json()]).toEqual([
      400,
      { detail: "You cannot demote the only remaining admin of the organization." },
    ]);
    const remove = await asBrowser(h.app, admin, "DELETE", url(`${adminId}/`));
    expect([remove.statusCode, remove.json()]).toEqual([
      400,
      { detail: "You cannot remove the only remaining admin of the organization." },
    ]);
  });

  it("changes a role at once, and removing a member revokes their session", async () => {
    const promoted = await asBrowser(h.app, admin, "PUT", url(`${memberId}/`), {
      body: { orgRole: "admin" },
    });
    expect([promoted.statusCode, promoted.json<MemberJson>().orgRole]).toEqual([200, "admin"]);
    const me = await asBrowser(h.app, member, "GET", "/api/0/auth/");
    expect(me.json<{ session: { role: string } }>().session.role).toBe("admin");
    // Two admins now: the first may step down, then the other removes them.
    const demoted = await asBrowser(h.app, member, "PUT", url(`${adminId}/`), { body: { role: "member" } });
    expect(demoted.json<MemberJson>().orgRole).toBe("member");
    const removed = await asBrowser(h.app, member, "DELETE", url(`${adminId}/`));
    expect(removed.statusCode).toBe(204);
    const afterwards = await asBrowser(h.app, admin, "GET", url());
    expect(afterwards.statusCode).toBe(401);
    // Added back, the old session stays signed out: it was revoked, not only left without a membership.
    const readded = await asBrowser(h.app, member, "POST", url(), { body: { email: "ada@acme.test" } });
    expect(readded.json<MemberJson>()).toMatchObject({ orgRole: "member", password: null });
    expect((await asBrowser(h.app, admin, "GET", url())).statusCode).toBe(401);
    await asBrowser(h.app, member, "DELETE", url(`${adminId}/`));
    const again = await h.app.inject({
      method: "POST",
      url: "/api/0/auth/login/",
      payload: { email: "ada@acme.test", password: PASSWORD },
    });
    expect(again.statusCode).toBe(401);
  });
});
