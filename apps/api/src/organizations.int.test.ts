import { beforeAll, describe, expect, it } from "vitest";
import { addTeamMember, createTeam, createUser, setOrganizationFeature } from "@sift/storage";
import { linkCursor, useApiHarness } from "./test/harness.js";
import type { OrgFixture } from "./test/harness.js";
import { expectSentryShape } from "./test/sentry-schemas/common.js";
import { sentryOrganization, sentryOrganizationList } from "./test/sentry-schemas/organization.js";
import { sentryProjectDetails, sentryProjectList } from "./test/sentry-schemas/project.js";

let other: OrgFixture;
const NOW = new Date("2026-11-27T12:00:00Z");

const h = await useApiHarness({ now: NOW });

beforeAll(async () => {
  other = await h.createOrg("globex", [{ slug: "shop", id: 30 }]);
  await setOrganizationFeature(h.db, h.acme.organization.id, "profile-file-io-main-thread-ingest", true);
  const team = await createTeam(h.db, { organizationId: h.acme.organization.id, slug: "backend" });
  const { user } = await createUser(h.db, { email: "ada@example.test" });
  await addTeamMember(h.db, team.id, user.id);
  await h.db("project_teams").insert({ project_id: 1, team_id: team.id });
  await h.ingest([
    { projectId: 1, fingerprint: "a", time: new Date("2026-11-27T09:00:00Z"), environment: "production" },
    { projectId: 1, fingerprint: "b", time: new Date("2026-11-27T10:00:00Z"), environment: "staging" },
    { projectId: 1, fingerprint: "c", time: new Date("2026-11-27T11:00:00Z"), release: "web@2.0.0" },
  ]);
});

describe("GET /api/0/ and /api/0/auth/", () => {
  it("answers the version, the token's scopes with those they imply, and the token as the user", async () => {
    const res = await h.request("GET", "/api/0/", { token: h.acme.tokens.write });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      version: string;
      auth: { scopes: string[] };
      user: { id: string; email: string };
    }>();
    expect(body.version).toBe("0");
    expect(body.auth).toEqual({ scopes: ["event:read", "event:write"] });
    expect(body.user.id).toMatch(/^token:\d+$/);
    expect(body.user.email).toBe("");
  });

  it("answers without a token too, with no auth and no user; a bad token is still a 401", async () => {
    const res = await h.request("GET", "/api/0/", { token: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ version: "0", auth: null, user: null });
    expect((await h.request("GET", "/api/0/", { token: `sntryu_${"0".repeat(64)}` })).statusCode).toBe(401);
  });

  it("/auth/ answers the token's user, and needs a token", async () => {
    const res = await h.request("GET", "/api/0/auth/", { token: h.acme.tokens.read });
    expect(res.statusCode).toBe(200);
    const user = res.json<{ id: string; name: string; email: string; isActive: boolean }>();
    expect(user).toMatchObject({ email: "", isActive: true });
    expect(user.name).toBe(`API token ${user.id.slice("token:".length)}`);
    expect((await h.request("GET", "/api/0/auth/", { token: null })).statusCode).toBe(401);
  });
});

describe("organizations", () => {
  it("lists the token's organization only, in Sentry's shape", async () => {
    const res = await h.request("GET", "/api/0/organizations/");
    expect(res.statusCode).toBe(200);
    expectSentryShape(sentryOrganizationList, res.json());
    const [acme, ...rest] =
      res.json<{ slug: string; features: string[]; access: string[]; links: unknown }[]>();
    expect(rest).toEqual([]);
    expect(acme).toMatchObject({
      slug: "acme",
      features: ["profile-file-io-main-thread-ingest"],
      access: ["event:read", "event:write", "event:admin"],
      links: { organizationUrl: "http://localhost:80", regionUrl: "http://localhost:80" },
    });
    const globex = await h.request("GET", "/api/0/organizations/", { token: other.tokens.read });
    expect(globex.json<{ slug: string }[]>().map((o) => o.slug)).toEqual(["globex"]);
  });

  it("filters by ?query= on slug or name", async () => {
    const hit = await h.request("GET", "/api/0/organizations/?query=CM");
    expect(hit.json<{ slug: string }[]>().map((o) => o.slug)).toEqual(["acme"]);
    const miss = await h.request("GET", "/api/0/organizations/?query=globex");
    expect(miss.json()).toEqual([]);
  });

  it("answers the details by slug or id; another organization is a 404", async () => {
    const bySlug = await h.request("GET", "/api/0/organizations/acme/");
    expect(bySlug.statusCode).toBe(200);
    expectSentryShape(sentryOrganization, bySlug.json());
    expect(bySlug.json()).toMatchObject({ id: String(h.acme.organization.id), slug: "acme", name: "acme" });
    const byId = await h.request("GET", `/api/0/organizations/${h.acme.organization.id}/`);
    expect(byId.json<{ slug: string }>().slug).toBe("acme");
    expect((await h.request("GET", "/api/0/organizations/globex/")).statusCode).toBe(404);
  });
});

describe("organization projects", () => {
  it("lists the projects by slug with their teams, environments, first event and latest release", async () => {
    const res = await h.request("GET", "/api/0/organizations/acme/projects/");
    expect(res.statusCode).toBe(200);
    expectSentryShape(sentryProjectList, res.json());
    const projects = res.json<Record<string, unknown>[]>();
    expect(projects.map((p) => p.slug)).toEqual(["api", "web"]);
    expect(projects[1]).toMatchObject({
      id: "1",
      name: "web",
      firstEvent: "2026-11-27T09:00:00.000Z",
      team: { name: "backend", slug: "backend" },
      environments: ["production", "staging"],
      latestRelease: { version: "web@2.0.0" },
    });
    expect(projects[0]).toMatchObject({ id: "2", firstEvent: null, team: null, teams: [], environments: [] });
  });

  it("searches with ?query= (text, slug:, id:) and pages with cursors", async () => {
    const slugs = async (url: string) =>
      (await h.request("GET", url)).json<{ slug: string }[]>().map((p) => p.slug);
    expect(await slugs("/api/0/organizations/acme/projects/?query=we")).toEqual(["web"]);
    expect(await slugs("/api/0/organizations/acme/projects/?query=slug:api")).toEqual(["api"]);
    expect(await slugs("/api/0/organizations/acme/projects/?query=id:1")).toEqual(["web"]);
    expect(await slugs("/api/0/organizations/acme/projects/?query=shop")).toEqual([]);
    // LIKE's wildcards are text like any other.
    expect(await slugs("/api/0/organizations/acme/projects/?query=%25")).toEqual([]);
    expect(await slugs("/api/0/organizations/acme/projects/?query=_")).toEqual([]);
    const bad = await h.request("GET", "/api/0/organizations/acme/projects/?query=team:x");
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ detail: 'Invalid project search key in "team:x"' });

    const first = await h.request("GET", "/api/0/organizations/acme/projects/?per_page=1");
    expect(first.json<{ slug: string }[]>().map((p) => p.slug)).toEqual(["api"]);
    const next = linkCursor(first, "next");
    expect(next.results).toBe(true);
    const second = await h.request(
      "GET",
      `/api/0/organizations/acme/projects/?per_page=1&cursor=${next.cursor}`,
    );
    expect(second.json<{ slug: string }[]>().map((p) => p.slug)).toEqual(["web"]);
    expect(linkCursor(second, "next").results).toBe(false);
    expect(linkCursor(second, "previous").results).toBe(true);
    const all = await h.request("GET", "/api/0/organizations/acme/projects/?per_page=1&all_projects=1");
    expect(all.json<{ slug: string }[]>().map((p) => p.slug)).toEqual(["api", "web"]);
    expect(linkCursor(all, "next").results).toBe(false);
  });

  it("another organization's projects are a 404", async () => {
    expect((await h.request("GET", "/api/0/organizations/globex/projects/")).statusCode).toBe(404);
  });
});

describe("project details", () => {
  it("answers a project by slug or id in Sentry's shape", async () => {
    const res = await h.request("GET", "/api/0/projects/acme/web/", { token: h.acme.tokens.read });
    expect(res.statusCode).toBe(200);
    expectSentryShape(sentryProjectDetails, res.json());
    expect(res.json()).toMatchObject({
      id: "1",
      slug: "web",
      team: { slug: "backend" },
      organization: { slug: "acme" },
      access: ["event:read"],
    });
    expect((await h.request("GET", "/api/0/projects/acme/2/")).json<{ slug: string }>().slug).toBe("api");
    expect((await h.request("GET", "/api/0/projects/acme/shop/")).statusCode).toBe(404);
    expect((await h.request("GET", "/api/0/projects/globex/shop/")).statusCode).toBe(404);
  });

  it("PUT renames a project and sets its platform, with the admin scope", async () => {
    const denied = await h.request("PUT", "/api/0/projects/acme/api/", {
      token: h.acme.tokens.write,
      body: { name: "API" },
    });
    expect(denied.statusCode).toBe(403);
    const res = await h.request("PUT", "/api/0/projects/acme/api/", {
      body: { name: "Backend API", platform: "python" },
    });
    expect(res.statusCode).toBe(200);
    expectSentryShape(sentryProjectDetails, res.json());
    expect(res.json()).toMatchObject({
      slug: "api",
      name: "Backend API",
      platform: "python",
      platforms: ["python"],
    });
    const again = await h.request("GET", "/api/0/projects/acme/api/");
    expect(again.json()).toMatchObject({ name: "Backend API", platform: "python" });
    const cleared = await h.request("PUT", "/api/0/projects/acme/api/", { body: { platform: null } });
    expect(cleared.json()).toMatchObject({ name: "Backend API", platform: null });
  });

  it("PUT sets the origins the project's browser SDKs may send from, and refuses an entry that is none", async () => {
    expect((await h.request("GET", "/api/0/projects/acme/api/")).json()).toMatchObject({
      allowedDomains: ["*"],
    });
    const res = await h.request("PUT", "/api/0/projects/acme/api/", {
      body: { allowedDomains: ["https://shop.example.com", " *.example.org "] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ allowedDomains: ["https://shop.example.com", "*.example.org"] });
    const bad = await h.request("PUT", "/api/0/projects/acme/api/", {
      body: { allowedDomains: ["example.com", "not a domain"] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ detail: string }>().detail).toContain('"not a domain" is not an origin');
    const again = await h.request("GET", "/api/0/projects/acme/api/");
    expect(again.json()).toMatchObject({ allowedDomains: ["https://shop.example.com", "*.example.org"] });
    await h.request("PUT", "/api/0/projects/acme/api/", { body: { allowedDomains: ["*"] } });
  });

  it("PUT refuses settings Sift does not keep and bad names with 400", async () => {
    const unknown = await h.request("PUT", "/api/0/projects/acme/api/", { body: { subjectPrefix: "[x]" } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ detail: string }>().detail).toContain("subjectPrefix");
    const empty = await h.request("PUT", "/api/0/projects/acme/api/", { body: { name: "  " } });
    expect(empty.statusCode).toBe(400);
    expect((await h.request("PUT", "/api/0/projects/globex/shop/", { body: { name: "x" } })).statusCode).toBe(
      404,
    );
  });
});
