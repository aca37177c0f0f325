import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness } from "./test/harness.js";
import type { ApiHarness, OrgFixture } from "./test/harness.js";
import type { OccurrenceSpec } from "./test/generate.js";

let h: ApiHarness;
let other: OrgFixture;
const NOW = new Date("2026-11-27T12:00:00Z");
const at = (iso: string) => new Date(iso);

const event = (over: Partial<OccurrenceSpec> & Pick<OccurrenceSpec, "fingerprint" | "time">) => ({
  projectId: 1,
  environment: "production",
  ...over,
});

beforeAll(async () => {
  h = await createApiHarness({ now: NOW });
  other = await h.createOrg("other", [{ slug: "shop", id: 9 }]);
  await h.ingest([
    // web: "checkout", three times in production today
    event({ fingerprint: "checkout", time: at("2026-11-27T10:00:00Z"), tags: { browser: "Firefox" } }),
    event({ fingerprint: "checkout", time: at("2026-11-27T10:01:00Z"), tags: { browser: "Firefox" } }),
    event({
      fingerprint: "checkout",
      time: at("2026-11-27T10:05:00Z"),
      tags: { browser: "Chrome" },
      level: "warning",
    }),
    // web: "stale", in staging three days ago
    event({
      fingerprint: "stale",
      time: at("2026-11-24T08:00:00Z"),
      environment: "staging",
      tags: { browser: "Safari" },
    }),
    // api: "timeout", twice in production within the hour
    ...["2026-11-27T11:00:00Z", "2026-11-27T11:10:00Z"].map((time) =>
      event({
        projectId: 2,
        fingerprint: "timeout",
        time: at(time),
        tags: { browser: "firefox-mobile", region: "eu" },
      }),
    ),
    // another organization's project: none of it is acme's
    event({ projectId: 9, fingerprint: "theirs", time: at("2026-11-27T11:30:00Z"), tags: { secret: "x" } }),
  ]);
});
afterAll(async () => {
  await h?.destroy();
});

const get = (url: string, token?: string) =>
  h.request("GET", `/api/0/organizations/acme${url}`, token ? { token } : {});
/** A GET the route refuses: 400 with `detail`. */
async function expectBadRequest(url: string, detail: string): Promise<void> {
  const res = await get(url);
  expect(res.statusCode, url).toBe(400);
  expect(res.json()).toEqual({ detail });
}
const counted = (body: { key: string; totalValues: number | null }[]) =>
  body.filter((k) => k.totalValues !== null);

describe("organization tag keys", () => {
  it("lists the keys of the organization's events, most carried first, then the search keys", async () => {
    const res = await get("/tags/");
    expect(res.statusCode).toBe(200);
    const body = res.json<{ key: string; name: string; totalValues: number | null }[]>();
    expect(counted(body)).toEqual([
      { key: "browser", name: "Browser", totalValues: 6 },
      { key: "environment", name: "Environment", totalValues: 6 },
      { key: "level", name: "Level", totalValues: 6 },
      { key: "region", name: "Region", totalValues: 2 },
    ]);
    const builtIn = body.filter((k) => k.totalValues === null).map((k) => k.key);
    expect(builtIn).toEqual(expect.arrayContaining(["is", "has", "assigned", "first_seen", "release"]));
    expect(builtIn).not.toContain("environment");
    expect(builtIn).not.toContain("assigned_to");
    expect(body.find((k) => k.key === "first_seen")).toEqual({
      key: "first_seen",
      name: "First Seen",
      totalValues: null,
    });
  });

  it("narrows the keys to the window, the projects and the environments asked for", async () => {
    const day = counted((await get("/tags/?statsPeriod=24h")).json());
    expect(day.find((k) => k.key === "browser")).toEqual({ key: "browser", name: "Browser", totalValues: 5 });
    const api = counted((await get("/tags/?project=2")).json());
    expect(api.map((k) => [k.key, k.totalValues])).toEqual([
      ["browser", 2],
      ["environment", 2],
      ["level", 2],
      ["region", 2],
    ]);
    const bySlug = counted((await get("/tags/?project=api")).json());
    expect(bySlug).toEqual(api);
    const staging = counted((await get("/tags/?environment=staging")).json());
    expect(staging.map((k) => [k.key, k.totalValues])).toEqual([
      ["browser", 1],
      ["environment", 1],
      ["level", 1],
    ]);
    const range = counted((await get("/tags/?start=2026-11-24T00:00:00&end=2026-11-25T00:00:00")).json());
    expect(range.find((k) => k.key === "browser")?.totalValues).toBe(1);
  });

  it("answers 400 with a detail for a bad window or project, 403 for another organization's project", async () => {
    await expectBadRequest("/tags/?statsPeriod=soon", "Invalid statsPeriod");
    await expectBadRequest("/tags/?start=2026-11-24T00:00:00", "start and end are both required");
    await expectBadRequest(
      "/tags/?project=-5",
      "Invalid project parameter. Values must be numbers or slugs.",
    );
    expect((await get("/tags/?project=9")).statusCode).toBe(403);
    expect((await get("/tags/?environment=nowhere")).statusCode).toBe(404);
  });

  it("answers 404 for another organization, in either direction", async () => {
    expect((await get("/tags/", other.tokens.read)).statusCode).toBe(404);
    const res = await h.request("GET", "/api/0/organizations/other/tags/");
    expect(res.statusCode).toBe(404);
    expect(res.json<{ detail: string }>().detail).toEqual(expect.any(String));
  });
});

describe("organization tag values", () => {
  const value = (v: string, count: number, first: string, last = first) => ({
    key: "browser",
    name: v,
    value: v,
    count,
    firstSeen: `${first}.000Z`,
    lastSeen: `${last}.000Z`,
  });

  it("lists a key's values over the organization's issues, most seen first", async () => {
    const res = await get("/tags/browser/values/");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      value("Firefox", 2, "2026-11-27T10:00:00", "2026-11-27T10:01:00"),
      value("firefox-mobile", 2, "2026-11-27T11:00:00", "2026-11-27T11:10:00"),
      value("Chrome", 1, "2026-11-27T10:05:00"),
      value("Safari", 1, "2026-11-24T08:00:00"),
    ]);
    const levels = (await get("/tags/level/values/")).json<{ value: string; count: number }[]>();
    expect(levels.map((v) => [v.value, v.count])).toEqual([
      ["error", 5],
      ["warning", 1],
    ]);
  });

  it("keeps the values that start with the query, case-insensitively, up to the limit", async () => {
    const res = await get("/tags/browser/values/?query=fire");
    expect(res.json<{ value: string }[]>().map((v) => v.value)).toEqual(["Firefox", "firefox-mobile"]);
    const one = await get("/tags/browser/values/?query=fire&limit=1");
    expect(one.json<{ value: string }[]>().map((v) => v.value)).toEqual(["Firefox"]);
    const literal = await get("/tags/browser/values/?query=%25");
    expect(literal.json()).toEqual([]);
    const env = await get("/tags/environment/values/?query=sta");
    expect(env.json()).toEqual([
      {
        key: "environment",
        name: "staging",
        value: "staging",
        count: 1,
        firstSeen: "2026-11-24T08:00:00.000Z",
        lastSeen: "2026-11-24T08:00:00.000Z",
      },
    ]);
  });

  it("narrows the values to the scope asked for, and answers none for a key no issue has", async () => {
    const production = await get("/tags/environment/values/?environment=production&statsPeriod=24h");
    expect(production.json<{ value: string; count: number }[]>().map((v) => [v.value, v.count])).toEqual([
      ["production", 5],
    ]);
    const api = await get("/tags/browser/values/?project=2");
    expect(api.json<{ value: string }[]>().map((v) => v.value)).toEqual(["firefox-mobile"]);
    expect((await get("/tags/secret/values/")).json()).toEqual([]);
  });

  it("answers 400 with a detail for a bad key or limit, 404 for another organization", async () => {
    await expectBadRequest("/tags/bad%20key/values/", "Invalid tag key format for 'bad key'");
    await expectBadRequest("/tags/browser/values/?limit=ten", "invalid limit");
    expect((await get("/tags/browser/values/?limit=0")).statusCode).toBe(400);
    expect((await get("/tags/browser/values/", other.tokens.read)).statusCode).toBe(404);
  });
});

describe("environments", () => {
  it("lists the organization's environments by name, none hidden", async () => {
    const res = await get("/environments/");
    expect(res.statusCode).toBe(200);
    const body = res.json<{ id: string; name: string }[]>();
    expect(body.map((e) => e.name)).toEqual(["production", "staging"]);
    expect(body.every((e) => /^\d+$/.test(e.id))).toBe(true);
    expect((await get("/environments/?visibility=all")).json()).toEqual(body);
    expect((await get("/environments/?visibility=hidden")).json()).toEqual([]);
    const theirs = await h.request("GET", "/api/0/organizations/other/environments/", {
      token: other.tokens.read,
    });
    expect(theirs.json<{ name: string }[]>().map((e) => e.name)).toEqual(["production"]);
  });

  it("lists the environments a project's issues were seen in", async () => {
    const web = await h.request("GET", "/api/0/projects/acme/web/environments/");
    expect(web.statusCode).toBe(200);
    expect(web.json<{ name: string; isHidden: boolean }[]>().map((e) => [e.name, e.isHidden])).toEqual([
      ["production", false],
      ["staging", false],
    ]);
    const api = await h.request("GET", "/api/0/projects/acme/api/environments/");
    expect(api.json<{ name: string }[]>().map((e) => e.name)).toEqual(["production"]);
  });

  it("answers 400 for an unknown visibility, 404 for another organization's project", async () => {
    const res = await get("/environments/?visibility=secret");
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      detail: "Invalid value for 'visibility', valid values are: ['active', 'all', 'hidden']",
    });
    expect((await get("/environments/", other.tokens.read)).statusCode).toBe(404);
    expect((await h.request("GET", "/api/0/projects/acme/shop/environments/")).statusCode).toBe(404);
    expect((await h.request("GET", "/api/0/projects/other/shop/environments/")).statusCode).toBe(404);
  });
});

describe("the OpenAPI document", () => {
  it("has each route with its operation id", async () => {
    const doc = (await h.request("GET", "/api/0/openapi.json")).json<{
      paths: Record<string, { get?: { operationId: string } }>;
    }>();
    const operation = (path: string) => doc.paths[path]?.get?.operationId;
    expect(operation("/api/0/organizations/{org}/tags/")).toBe("listOrganizationTags");
    expect(operation("/api/0/organizations/{org}/tags/{key}/values/")).toBe("listOrganizationTagValues");
    expect(operation("/api/0/organizations/{org}/environments/")).toBe("listOrganizationEnvironments");
    expect(operation("/api/0/projects/{org}/{project}/environments/")).toBe("listProjectEnvironments");
  });
});
