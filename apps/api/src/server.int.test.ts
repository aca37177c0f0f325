import { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createDb } from "@sift/storage";
import { REDACT_PATHS } from "./logger.js";
import { buildServer } from "./server.js";
import { ids, useApiHarness } from "./test/harness.js";

const h = await useApiHarness();

beforeAll(async () => {
  await h.ingest([{ projectId: 1, fingerprint: "srv", time: new Date(h.clock.now().getTime() - 60_000) }]);
});

describe("health, readiness and metrics", () => {
  it("/healthz answers 200 when the process is up", async () => {
    const res = await h.app.inject({ method: "GET", url: "/healthz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok" });
  });

  it("/readyz checks Postgres, and says which dependency is down", async () => {
    const ok = await h.app.inject({ method: "GET", url: "/readyz" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: "ok", checks: { postgres: "ok" } });

    const deadDb = createDb({ url: "postgres://postgres@127.0.0.1:1/nowhere" });
    const app = await buildServer({ db: deadDb, checkResponses: true });
    try {
      const down = await app.inject({ method: "GET", url: "/readyz" });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ status: "unavailable", detail: "postgres is not reachable" });
      // A request needing the database is a 503 too, not a 500.
      const api = await app.inject({
        method: "GET",
        url: "/api/0/organizations/acme/issues/",
        headers: { authorization: `Bearer sntryu_${"a".repeat(64)}` },
      });
      expect(api.statusCode).toBe(503);
    } finally {
      await app.close();
      await deadDb.destroy();
    }
  });

  it("/metrics counts responses by status under the reference's name", async () => {
    await h.request("GET", "/api/0/organizations/acme/issues/");
    await h.request("GET", "/api/0/organizations/acme/issues/", { token: null });
    const res = await h.app.inject({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/plain");
    expect(res.body).toMatch(/workflow_slo_http_response_total\{status="200"\} \d+/);
    expect(res.body).toMatch(/workflow_slo_http_response_total\{status="401"\} \d+/);
    expect(res.body).toContain("http_server_duration_seconds_bucket");
  });
});

describe("routing and errors", () => {
  it("an unknown route is a 404 with Sentry's body", async () => {
    for (const url of ["/nope", "/api/0/nope/", "/api/0/organizations/acme/widgets/"]) {
      const res = await h.request("GET", url);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ detail: "Not found" });
    }
  });

  it("accepts paths without the trailing slash", async () => {
    const res = await h.request("GET", "/api/0/organizations/acme/issues");
    expect(res.statusCode).toBe(200);
  });

  it("echoes a request id, or makes one", async () => {
    const given = await h.request("GET", "/healthz", { headers: { "x-request-id": "req-123" } });
    expect(given.headers["x-request-id"]).toBe("req-123");
    const made = await h.request("GET", "/healthz");
    expect(made.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ["an unsupported body type", "text/xml", "<status>resolved</status>", 415, expect.any(String)],
    [
      "a malformed JSON body",
      "application/json",
      '{"status": "resolved"',
      400,
      expect.stringMatching(/JSON/),
    ],
  ])("%s is a %4$i with a detail", async (_what, contentType, payload, status, detail) => {
    const res = await h.app.inject({
      method: "PUT",
      url: "/api/0/organizations/acme/issues/?id=1",
      headers: { authorization: `Bearer ${h.acme.tokens.admin}`, "content-type": contentType },
      payload,
    });
    expect(res.statusCode).toBe(status);
    expect(res.json<{ detail: string }>().detail).toEqual(detail);
  });
});

describe("through a real socket", () => {
  it("lists issues with Link and X-Hits headers over HTTP", async () => {
    const app = await buildServer({ db: h.db, clock: h.clock, checkResponses: true });
    try {
      const address = await app.listen({ port: 0, host: "127.0.0.1" });
      const res = await fetch(`${address}/api/0/organizations/acme/issues/?query=&limit=1`, {
        headers: { authorization: `Bearer ${h.acme.tokens.read}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-hits")).toBe("1");
      expect(res.headers.get("link")).toContain(
        `<${address}/api/0/organizations/acme/issues/?query=&limit=1&cursor=`,
      );
      const body = (await res.json()) as { id: string; shortId: string }[];
      expect(body.map((i) => i.shortId)).toEqual(["WEB-1"]);
      const put = await fetch(`${address}/api/0/organizations/acme/issues/?id=${body[0]!.id}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${h.acme.tokens.write}`, "content-type": "application/json" },
        body: JSON.stringify({ status: "resolved" }),
      });
      expect(put.status).toBe(200);
      expect(await put.json()).toEqual({
        status: "resolved",
        statusDetails: {},
        inbox: null,
        isPublic: false,
      });
      const bad = await fetch(`${address}/api/0/organizations/acme/issues/`, {
        method: "PUT",
        headers: { authorization: `Bearer ${h.acme.tokens.write}`, "content-type": "application/json" },
        body: "{not json",
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { detail: string }).detail).toContain("JSON");
    } finally {
      await app.close();
    }
  });
});

describe("logs", () => {
  it("carry the request id and never the Authorization header", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ level: "debug", redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, sink);
    const app = await buildServer({ db: h.db, clock: h.clock, logger, checkResponses: true });
    try {
      const res = await app.inject({
        method: "GET",
        url: "/api/0/organizations/acme/issues/?query=is:nonsense",
        headers: { authorization: `Bearer ${h.acme.tokens.read}`, "x-request-id": "trace-me" },
      });
      expect(res.statusCode).toBe(400);
      // Log the whole request too, as a careless handler might.
      app.log.info(
        { headers: { authorization: `Bearer ${h.acme.tokens.read}` }, token: h.acme.tokens.read },
        "manual",
      );
    } finally {
      await app.close();
    }
    const text = lines.join("");
    expect(text).toContain('"reqId":"trace-me"');
    expect(text).toContain("request.refused");
    expect(text).not.toContain(h.acme.tokens.read);
    expect(text).toContain("[redacted]");
  });
});

describe("the list on an empty organization", () => {
  it("answers [] with zero hits", async () => {
    const org = await h.createOrg("empty", [{ slug: "nothing", id: 900 }]);
    const res = await h.request("GET", "/api/0/organizations/empty/issues/", { token: org.tokens.read });
    expect(res.statusCode).toBe(200);
    expect(ids(res)).toEqual([]);
    expect(res.headers["x-hits"]).toBe("0");
    const none = await h.createOrg("noprojects", []);
    const res2 = await h.request("GET", "/api/0/organizations/noprojects/issues/", {
      token: none.tokens.read,
    });
    expect(res2.json()).toEqual([]);
  });
});
