import { beforeAll, describe, expect, it } from "vitest";
import { linkCursor, useApiHarness } from "./test/harness.js";

const T0 = new Date("2026-11-30T12:00:00Z");

const h = await useApiHarness({ now: T0 });

const post = (url: string, body: unknown) => h.request("POST", `/api/0${url}`, { body });
const put = (url: string, body: unknown) => h.request("PUT", `/api/0${url}`, { body });
const get = (url: string) => h.request("GET", `/api/0${url}`);

describe("project releases", () => {
  beforeAll(async () => {
    for (const [version, projects] of [
      ["proj@1.0.0", ["web"]],
      ["proj@2.0.0", ["api"]],
      ["proj@3.0.0", ["web", "api"]],
    ] as const) {
      h.clock.advance(60_000);
      expect((await post("/organizations/acme/releases/", { version, projects })).statusCode).toBe(201);
    }
  });

  it("lists only the project's releases, newest first, with paging and query", async () => {
    const res = await get("/projects/acme/web/releases/?query=proj");
    expect(res.statusCode).toBe(200);
    expect(res.json<{ version: string }[]>().map((r) => r.version)).toEqual(["proj@3.0.0", "proj@1.0.0"]);
    const paged = await get("/projects/acme/api/releases/?query=proj&per_page=1");
    expect(paged.json<{ version: string }[]>().map((r) => r.version)).toEqual(["proj@3.0.0"]);
    const next = linkCursor(paged, "next");
    expect(next.results).toBe(true);
    const second = await get(`/projects/acme/api/releases/?query=proj&per_page=1&cursor=${next.cursor}`);
    expect(second.json<{ version: string }[]>().map((r) => r.version)).toEqual(["proj@2.0.0"]);
    expect((await get("/projects/acme/nope/releases/")).statusCode).toBe(404);
  });

  it("reads a release through the project only when the release belongs to it", async () => {
    expect((await get("/projects/acme/web/releases/proj@1.0.0/")).json()).toMatchObject({
      version: "proj@1.0.0",
      projects: [{ slug: "web" }],
    });
    expect((await get("/projects/acme/api/releases/proj@1.0.0/")).statusCode).toBe(404);
  });

  it("creates a release on a project's path, linked to that project", async () => {
    const res = await post("/projects/acme/api/releases/", { version: "proj@4.0.0" });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ version: "proj@4.0.0", projects: [{ slug: "api" }] });
  });
});

describe("ref, url, refs and headCommits", () => {
  it("stores and returns them; refs name repositories the organization then lists", async () => {
    const res = await post("/organizations/acme/releases/", {
      version: "refs@1.0.0",
      projects: ["web"],
      ref: "v1.0.0",
      url: "https://ci.example.test/builds/1",
      refs: [
        { repository: "acme/web", commit: "aaaa1111", previousCommit: "9999ffff" },
        { repository: "acme/lib", commit: "bbbb2222" },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      ref: "v1.0.0",
      url: "https://ci.example.test/builds/1",
      refs: [
        { repository: "acme/lib", commit: "bbbb2222", previousCommit: null },
        { repository: "acme/web", commit: "aaaa1111", previousCommit: "9999ffff" },
      ],
      headCommits: [
        { repository: "acme/lib", currentId: "bbbb2222", previousId: null },
        { repository: "acme/web", currentId: "aaaa1111", previousId: "9999ffff" },
      ],
    });
    const updated = await put("/organizations/acme/releases/refs@1.0.0/", {
      ref: null,
      headCommits: [{ repository: "acme/web", currentId: "cccc3333", previousId: "aaaa1111" }],
    });
    expect(updated.json()).toMatchObject({
      ref: null,
      url: "https://ci.example.test/builds/1",
      refs: [{ repository: "acme/web", commit: "cccc3333", previousCommit: "aaaa1111" }],
    });
    const repos = await get("/organizations/acme/repos/");
    expect(repos.statusCode).toBe(200);
    expect(repos.json()).toEqual([
      expect.objectContaining({ name: "acme/lib", status: "active", url: null }),
      expect.objectContaining({ name: "acme/web", status: "active", url: null }),
    ]);
  });
});

describe("commits and previous-with-commits", () => {
  it("lists a release's commits in order and finds the previous release that has commits", async () => {
    h.clock.advance(60_000);
    await post("/organizations/acme/releases/", {
      version: "c@1.0.0",
      projects: ["web"],
      commits: [
        { id: "c1", repository: "acme/web", message: "one", author_email: "ann@acme.test" },
        { id: "c2", repository: "acme/web", message: "two" },
      ],
    });
    h.clock.advance(60_000);
    await post("/organizations/acme/releases/", { version: "c@1.1.0", projects: ["web"] });
    h.clock.advance(60_000);
    await post("/organizations/acme/releases/", { version: "c@1.2.0", projects: ["web"] });

    const commits = await get("/organizations/acme/releases/c@1.0.0/commits/");
    expect(commits.statusCode).toBe(200);
    expect(commits.json()).toMatchObject([
      { id: "c1", message: "one", repository: { name: "acme/web" }, author: { email: "ann@acme.test" } },
      { id: "c2", message: "two", repository: { name: "acme/web" }, author: null },
    ]);
    const viaProject = await get("/projects/acme/web/releases/c@1.0.0/commits/");
    expect(viaProject.json<{ id: string }[]>().map((c) => c.id)).toEqual(["c1", "c2"]);
    expect((await get("/organizations/acme/releases/c@1.1.0/commits/")).json()).toEqual([]);

    const previous = await get("/organizations/acme/releases/c@1.2.0/previous-with-commits/");
    expect(previous.statusCode).toBe(200);
    expect(previous.json()).toMatchObject({ version: "c@1.0.0", commitCount: 2 });
    const none = await get("/organizations/acme/releases/c@1.0.0/previous-with-commits/");
    expect(none.json()).toEqual({});
    expect((await get("/organizations/acme/releases/nope/previous-with-commits/")).statusCode).toBe(404);
  });
});

describe("deploys", () => {
  // The release every test of this block deploys.
  beforeAll(async () => {
    expect(
      (await post("/organizations/acme/releases/", { version: "d@1.0.0", projects: ["web"] })).statusCode,
    ).toBe(201);
  });

  it("creates and lists deploys; the release counts them and shows the last", async () => {
    const first = await post("/organizations/acme/releases/d@1.0.0/deploys/", {
      environment: "staging",
      name: "first",
      url: "https://deploy.example.test/1",
      dateStarted: "2026-11-30T10:00:00Z",
      dateFinished: "2026-11-30T10:05:00Z",
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({
      id: expect.stringMatching(/^\d+$/),
      environment: "staging",
      name: "first",
      url: "https://deploy.example.test/1",
      dateStarted: "2026-11-30T10:00:00.000Z",
      dateFinished: "2026-11-30T10:05:00.000Z",
    });
    const second = await post("/projects/acme/web/releases/d@1.0.0/deploys/", { environment: "production" });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({
      environment: "production",
      name: null,
      url: null,
      dateStarted: null,
      dateFinished: h.clock.now().toISOString(),
    });

    const list = await get("/organizations/acme/releases/d@1.0.0/deploys/");
    expect(list.json<{ environment: string }[]>().map((d) => d.environment)).toEqual([
      "production",
      "staging",
    ]);
    const release = await get("/organizations/acme/releases/d@1.0.0/");
    expect(release.json()).toMatchObject({
      deployCount: 2,
      lastDeploy: { environment: "production", dateFinished: h.clock.now().toISOString() },
    });
  });

  it.each<[unknown, string]>([
    [{}, 'Invalid field "environment"'],
    [{ environment: "a/b" }, 'Invalid field "environment"'],
    [{ environment: "prod", dateFinished: "soon" }, 'Invalid field "dateFinished"'],
    [
      { environment: "prod", dateStarted: "2026-11-30T11:00:00Z", dateFinished: "2026-11-30T10:00:00Z" },
      "Finish date must be after start date",
    ],
    [{ environment: "prod", projects: ["api"] }, "Invalid projects"],
  ])("refuses the deploy %j", async (body, message) => {
    const res = await post("/organizations/acme/releases/d@1.0.0/deploys/", body);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ detail: string }>().detail).toContain(message);
  });

  it("answers 404 for the deploys of an unknown release", async () => {
    expect((await post("/organizations/acme/releases/nope/deploys/", { environment: "x" })).statusCode).toBe(
      404,
    );
    expect((await get("/organizations/acme/releases/nope/deploys/")).statusCode).toBe(404);
  });
});

describe("archive, restore and delete", () => {
  it("archives and restores with an empty projects list, as sentry-cli sends it", async () => {
    await post("/organizations/acme/releases/", { version: "a@1.0.0", projects: ["web"] });
    const archived = await post("/organizations/acme/releases/", {
      version: "a@1.0.0",
      projects: [],
      status: "archived",
    });
    expect(archived.statusCode, archived.body).toBe(208);
    expect(archived.json()).toMatchObject({ status: "archived", projects: [{ slug: "web" }] });
    const restored = await put("/organizations/acme/releases/a@1.0.0/", { projects: [], status: "open" });
    expect(restored.json()).toMatchObject({ status: "open", projects: [{ slug: "web" }] });
  });

  it("deletes a release with its deploys and commits; an issue's first release stays", async () => {
    await post("/organizations/acme/releases/", {
      version: "del@1.0.0",
      projects: ["web"],
      commits: [{ id: "d1", repository: "acme/web" }],
    });
    await post("/organizations/acme/releases/del@1.0.0/deploys/", { environment: "production" });
    const res = await h.request("DELETE", "/api/0/organizations/acme/releases/del@1.0.0/");
    expect(res.statusCode, res.body).toBe(204);
    expect((await get("/organizations/acme/releases/del@1.0.0/")).statusCode).toBe(404);
    expect(await h.db("deploys").whereNotIn("release_id", h.db("releases").select("id"))).toEqual([]);
    expect((await h.request("DELETE", "/api/0/organizations/acme/releases/del@1.0.0/")).statusCode).toBe(404);

    await h.ingest([
      { projectId: 1, fingerprint: "first-release", time: h.clock.now(), release: "used@1.0.0" },
    ]);
    const refused = await h.request("DELETE", "/api/0/projects/acme/web/releases/used@1.0.0/");
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({
      detail: "This release is referenced by active issues and cannot be removed.",
    });
    const readOnly = await h.request("DELETE", "/api/0/organizations/acme/releases/used@1.0.0/", {
      token: h.acme.tokens.write,
    });
    expect(readOnly.statusCode).toBe(403);
  });
});

describe("newGroups", () => {
  it("counts the issues a release created, per project and in total", async () => {
    const time = h.clock.now();
    await h.ingest([
      { projectId: 1, fingerprint: "ng-a", time, release: "ng@1.0.0" },
      { projectId: 1, fingerprint: "ng-a", time, release: "ng@1.0.0" },
      { projectId: 1, fingerprint: "ng-b", time, release: "ng@1.0.0" },
      { projectId: 2, fingerprint: "ng-c", time, release: "ng@1.0.0" },
      { projectId: 1, fingerprint: "ng-d", time, release: "ng@2.0.0" },
    ]);
    // An existing issue seen again in another release is not new there.
    await h.ingest([{ projectId: 1, fingerprint: "ng-a", time, release: "ng@2.0.0" }]);
    const one = await get("/organizations/acme/releases/ng@1.0.0/");
    expect(one.json()).toMatchObject({
      newGroups: 3,
      projects: [
        { slug: "api", newGroups: 1 },
        { slug: "web", newGroups: 2 },
      ],
    });
    expect((await get("/organizations/acme/releases/ng@2.0.0/")).json()).toMatchObject({ newGroups: 1 });
  });
});
