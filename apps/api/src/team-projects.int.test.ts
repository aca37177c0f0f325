import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeam, listProjectKeys } from "@sift/storage";
import { createApiHarness } from "./test/harness.js";
import type { ApiHarness, OrgFixture } from "./test/harness.js";
import { asBrowser, createMember, signIn } from "./test/session.js";
import type { BrowserSession } from "./test/session.js";

let h: ApiHarness;
let beta: OrgFixture;
let member: BrowserSession;

interface TeamJson {
  id: string;
  slug: string;
  name: string;
  memberCount: number;
  isMember: boolean;
  hasAccess: boolean;
}
interface ProjectJson {
  id: string;
  slug: string;
  name: string;
  platform: string | null;
  teams: { slug: string }[];
}

beforeAll(async () => {
  h = await createApiHarness({ now: new Date("2026-11-20T12:00:00.000Z") });
  beta = await h.createOrg("beta", [{ slug: "betaweb", id: 50 }]);
  await createTeam(h.db, { organizationId: beta.organization.id, slug: "beta-team" });
  await createMember(h.db, {
    email: "max@acme.test",
    password: "correct horse battery",
    organizationId: h.acme.organization.id,
  });
  member = await signIn(h.app, "max@acme.test", "correct horse battery");
});
afterAll(async () => {
  await h?.destroy();
});

describe("teams and team projects", () => {
  it("creates a team and lists the organization's teams by slug", async () => {
    const created = await h.request("POST", "/api/0/organizations/acme/teams/", {
      body: { name: "Back End" },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<TeamJson>()).toMatchObject({ slug: "back-end", name: "Back End", memberCount: 0 });
    await h.request("POST", "/api/0/organizations/acme/teams/", { body: { slug: "apps" } });
    const listed = await h.request("GET", "/api/0/organizations/acme/teams/", { token: h.acme.tokens.read });
    expect(listed.json<TeamJson[]>().map((t) => [t.slug, t.name, t.isMember, t.hasAccess])).toEqual([
      ["apps", "apps", false, true],
      ["back-end", "Back End", false, true],
    ]);
    const again = await h.request("POST", "/api/0/organizations/acme/teams/", { body: { slug: "apps" } });
    expect([again.statusCode, again.json()]).toEqual([
      409,
      { detail: "A team with this slug already exists." },
    ]);
  });

  it("creates a project for a team, with the team and a Default key, visible in the project list", async () => {
    const created = await h.request("POST", "/api/0/teams/acme/back-end/projects/", {
      body: { name: "Billing Service", platform: "node" },
    });
    expect(created.statusCode).toBe(201);
    const project = created.json<ProjectJson>();
    expect(project).toMatchObject({ slug: "billing-service", name: "Billing Service", platform: "node" });
    expect(project.teams.map((t) => t.slug)).toEqual(["back-end"]);
    const keys = await listProjectKeys(h.db, Number(project.id));
    expect(keys.map((k) => [k.label, k.active])).toEqual([["Default", true]]);
    const listed = await h.request("GET", "/api/0/organizations/acme/projects/", {
      token: h.acme.tokens.read,
    });
    expect(listed.json<ProjectJson[]>().map((p) => p.slug)).toEqual(["api", "billing-service", "web"]);
  });

  it("refuses a slug in use (409), bad input (400), and a member or a write token (403)", async () => {
    const taken = await h.request("POST", "/api/0/teams/acme/apps/projects/", {
      body: { name: "x", slug: "web" },
    });
    expect([taken.statusCode, taken.json()]).toEqual([
      409,
      { detail: "A project with this slug already exists." },
    ]);
    const cases: [unknown, string][] = [
      [{}, 'Invalid field "name"'],
      [{ name: "x", slug: "Not A Slug" }, 'Invalid field "slug"'],
      [{ name: "x", slug: "123" }, "a slug cannot be only digits"],
      [{ name: "!!!" }, 'Invalid field "slug": cannot be made from the name "!!!"; give one'],
    ];
    for (const [body, detail] of cases) {
      const answer = await h.request("POST", "/api/0/teams/acme/apps/projects/", { body });
      expect(answer.statusCode, JSON.stringify(body)).toBe(400);
      expect(answer.json<{ detail: string }>().detail).toContain(detail);
    }
    const byMember = await asBrowser(h.app, member, "POST", "/api/0/teams/acme/apps/projects/", {
      body: { name: "Member made" },
    });
    expect(byMember.statusCode).toBe(403);
    const byWrite = await h.request("POST", "/api/0/teams/acme/apps/projects/", {
      token: h.acme.tokens.write,
      body: { name: "Write made" },
    });
    expect(byWrite.statusCode).toBe(403);
    const listed = await h.request("GET", "/api/0/organizations/acme/projects/", {
      token: h.acme.tokens.read,
    });
    expect(listed.json<ProjectJson[]>().map((p) => p.slug)).toEqual(["api", "billing-service", "web"]);
  });

  it("answers another organization's team, and an unknown team, with 404", async () => {
    const foreign = await h.request("POST", "/api/0/teams/beta/beta-team/projects/", { body: { name: "x" } });
    expect(foreign.statusCode).toBe(404);
    const foreignSlug = await h.request("POST", "/api/0/teams/acme/beta-team/projects/", {
      body: { name: "x" },
    });
    expect(foreignSlug.statusCode).toBe(404);
    expect((await h.request("GET", "/api/0/organizations/beta/teams/")).statusCode).toBe(404);
  });

  it("changes a project's slug with PUT, and refuses another project's slug", async () => {
    const moved = await h.request("PUT", "/api/0/projects/acme/billing-service/", {
      body: { slug: "billing" },
    });
    expect([moved.statusCode, moved.json<ProjectJson>().slug]).toEqual([200, "billing"]);
    const clash = await h.request("PUT", "/api/0/projects/acme/billing/", { body: { slug: "web" } });
    expect([clash.statusCode, clash.json()]).toEqual([
      400,
      { detail: "Another project (web) is already using that slug" },
    ]);
    const bad = await h.request("PUT", "/api/0/projects/acme/billing/", { body: { slug: "B A D" } });
    expect(bad.statusCode).toBe(400);
  });
});
