import { describe, expect, it } from "vitest";
import { useApiHarness } from "./test/harness.js";

const h = await useApiHarness({ now: new Date("2026-11-20T12:00:00.000Z") });

interface KeyJson {
  id: string;
  name: string;
  public: string;
  secret: string;
  projectId: number;
  isActive: boolean;
  rateLimit: { window: number; count: number } | null;
  dsn: { public: string; secret: string; csp: string };
}

describe("project keys", () => {
  it("a key round trip: create, list, get, rename and rate limit, disable, delete", async () => {
    const created = await h.request("POST", "/api/0/projects/acme/web/keys/", {
      token: h.acme.tokens.admin,
      body: { name: "Backend" },
    });
    expect(created.statusCode).toBe(201);
    const key = created.json<KeyJson>();
    expect(key.public).toMatch(/^[0-9a-f]{32}$/);
    expect(key).toMatchObject({
      id: key.public,
      name: "Backend",
      projectId: 1,
      isActive: true,
      rateLimit: null,
      dsn: {
        public: `http://${key.public}@127.0.0.1:8001/1`,
        secret: `http://${key.public}:${key.secret}@127.0.0.1:8001/1`,
      },
    });

    const listed = await h.request("GET", "/api/0/projects/acme/web/keys/", { token: h.acme.tokens.read });
    expect(listed.json<KeyJson[]>().map((k) => k.id)).toEqual([key.id]);
    const other = await h.request("GET", "/api/0/projects/acme/api/keys/", { token: h.acme.tokens.read });
    expect(other.json<KeyJson[]>()).toEqual([]);

    const updated = await h.request("PUT", `/api/0/projects/acme/web/keys/${key.id}/`, {
      token: h.acme.tokens.admin,
      body: { name: "Renamed", isActive: false, rateLimit: { window: 60, count: 10 } },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json<KeyJson>()).toMatchObject({
      name: "Renamed",
      isActive: false,
      rateLimit: { window: 60, count: 10 },
    });
    const fetched = await h.request("GET", `/api/0/projects/acme/web/keys/${key.id}/`, {
      token: h.acme.tokens.read,
    });
    expect(fetched.json<KeyJson>()).toMatchObject({ name: "Renamed", isActive: false });

    // The key belongs to `web`: under `api` it does not exist.
    const wrongProject = await h.request("GET", `/api/0/projects/acme/api/keys/${key.id}/`, {
      token: h.acme.tokens.read,
    });
    expect(wrongProject.statusCode).toBe(404);

    const deleted = await h.request("DELETE", `/api/0/projects/acme/web/keys/${key.id}/`, {
      token: h.acme.tokens.admin,
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await h.request("GET", `/api/0/projects/acme/web/keys/${key.id}/`, {
      token: h.acme.tokens.read,
    });
    expect(gone.statusCode).toBe(404);
  });

  it("refuses a bad rate limit or key, another organization's project and a read token's write", async () => {
    const bad = await h.request("POST", "/api/0/projects/acme/web/keys/", {
      token: h.acme.tokens.admin,
      body: { rateLimit: { window: 0, count: 5 } },
    });
    expect(bad.statusCode).toBe(400);
    const badKey = await h.request("POST", "/api/0/projects/acme/web/keys/", {
      token: h.acme.tokens.admin,
      body: { public: "not-hex" },
    });
    expect(badKey.statusCode).toBe(400);
    const other = await h.createOrg("other", [{ slug: "site", id: 31 }]);
    const foreign = await h.request("GET", "/api/0/projects/other/site/keys/", { token: h.acme.tokens.read });
    expect(foreign.statusCode).toBe(404);
    const readOnly = await h.request("POST", "/api/0/projects/other/site/keys/", {
      token: other.tokens.read,
      body: {},
    });
    expect(readOnly.statusCode).toBe(403);
    // Keys are an admin's: a write token reads them but cannot add or change one.
    const writeOnly = await h.request("POST", "/api/0/projects/acme/web/keys/", {
      token: h.acme.tokens.write,
      body: {},
    });
    expect(writeOnly.statusCode).toBe(403);
  });
});
