import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { migrateToLatest } from "@sift/storage";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import { buildServer } from "./server.js";
import { WEB_UI_CSP } from "./http/web-ui.js";

let t: TestDatabase;
let app: FastifyInstance;
let folder: string;
beforeAll(async () => {
  t = await testDatabase({ prefix: "api_web", migrate: async (db) => void (await migrateToLatest(db)) });
  folder = mkdtempSync(path.join(tmpdir(), "sift-web-"));
  writeFileSync(path.join(folder, "index.html"), "<!doctype html><title>Sift</title>");
  mkdirSync(path.join(folder, "assets"));
  writeFileSync(path.join(folder, "assets", "app-1234.js"), "console.log(1)");
  app = await buildServer({ db: t.db, webRoot: folder });
});
afterAll(async () => {
  await app?.close();
  await t?.destroy();
  rmSync(folder, { recursive: true, force: true });
});

describe("the web UI served by the API", () => {
  it("answers / and every UI path with index.html under a strict Content-Security-Policy", async () => {
    for (const url of [
      "/",
      "/organizations/acme/issues/",
      "/organizations/acme/issues/12/?query=is%3Aresolved",
    ]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toBe("<!doctype html><title>Sift</title>");
      expect(response.headers["content-type"]).toMatch(/^text\/html/);
      expect(response.headers["content-security-policy"]).toBe(WEB_UI_CSP);
      expect(response.headers["x-frame-options"]).toBe("DENY");
    }
    expect(WEB_UI_CSP).toContain("script-src 'self'");
    expect(WEB_UI_CSP).not.toContain("unsafe-inline");
  });

  it("serves the hashed assets with a year's cache", async () => {
    const response = await app.inject({ method: "GET", url: "/assets/app-1234.js" });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("console.log(1)");
    expect(response.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("keeps the API's JSON 404 for unknown API paths, and never serves files outside the folder", async () => {
    const api = await app.inject({ method: "GET", url: "/api/0/nothing-here/" });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ detail: "Not found" });
    const post = await app.inject({ method: "POST", url: "/organizations/acme/issues/" });
    expect(post.statusCode).toBe(404);
    const escape = await app.inject({ method: "GET", url: "/..%2f..%2fetc%2fpasswd" });
    expect(escape.body).not.toContain("root:");
  });
});
