import { request } from "node:http";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gzipOfZeros, zstdRawFrame, zstdRleFrame } from "./test/compressed.js";
import { updateProject } from "@sift/storage";
import { startSdkServer } from "./test/sdk-server.js";
import type { SdkServer } from "./test/sdk-server.js";

let s: SdkServer;
beforeAll(async () => {
  s = await startSdkServer();
});
afterAll(async () => {
  await s?.destroy();
});

const event = (extra: Record<string, unknown> = {}) => ({
  platform: "node",
  exception: {
    values: [
      {
        type: "Error",
        value: "boom",
        stacktrace: { frames: [{ function: "main", filename: "app.js", in_app: true }] },
      },
    ],
  },
  ...extra,
});
const envelope = (payload: unknown, header: Record<string, unknown> = {}) =>
  `${JSON.stringify(header)}\n{"type":"event"}\n${JSON.stringify(payload)}\n`;
const auth = (key: string) => `Sentry sentry_key=${key}, sentry_version=7, sentry_client=test/1.0`;

function post(body: string | Buffer, headers: Record<string, string> = {}, url = "/api/1/envelope/") {
  return s.app.inject({
    method: "POST",
    url,
    headers: { "x-sentry-auth": auth(s.key.publicKey), ...headers },
    payload: body,
  });
}

/** The answer is refused with `status`, its reason in `{"detail"}` and X-Sentry-Error, and nothing is stored. */
async function expectRefused(
  res: Awaited<ReturnType<typeof post>>,
  status: number,
  detail: string | RegExp,
): Promise<void> {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json<{ detail: string }>();
  if (typeof detail === "string") expect(body.detail).toBe(detail);
  else expect(body.detail).toMatch(detail);
  expect(res.headers["x-sentry-error"]).toBe(body.detail);
  expect(await s.storedEvents()).toBe(0);
}

describe("SDK intake: authentication", () => {
  it("refuses an unknown, a revoked and another project's key, and a missing one", async () => {
    await expectRefused(
      await post(envelope(event()), { "x-sentry-auth": auth("0".repeat(32)) }),
      401,
      "invalid api key: the public key is unknown",
    );
    await expectRefused(
      await post(envelope(event()), { "x-sentry-auth": auth(s.revoked.publicKey) }),
      403,
      "event submission rejected: the project key is disabled",
    );
    await expectRefused(
      await post(envelope(event()), {}, "/api/2/envelope/"),
      403,
      "event submission rejected: the key does not belong to project 2",
    );
    await expectRefused(
      await post(envelope(event()), {}, "/api/999/envelope/"),
      403,
      "event submission rejected: the key does not belong to project 999",
    );
    await expectRefused(
      await s.app.inject({ method: "POST", url: "/api/1/envelope/", payload: envelope(event()) }),
      401,
      "missing authorization information",
    );
  });

  it("refuses authentications that disagree: header and query, or the envelope's dsn", async () => {
    await expectRefused(
      await post(envelope(event()), {}, `/api/1/envelope/?sentry_key=${s.revoked.publicKey}`),
      401,
      "multiple authorization payloads",
    );
    const dsn = `http://${s.revoked.publicKey}@127.0.0.1:8001/1`;
    await expectRefused(
      await post(envelope(event(), { dsn })),
      401,
      "multiple authorization payloads: the envelope's dsn names another key",
    );
  });

  it("takes the key from Authorization, the query string or the envelope's dsn alone", async () => {
    const forms: [Record<string, string>, string, Record<string, unknown>][] = [
      [{ "x-sentry-auth": "", authorization: auth(s.key.publicKey) }, "/api/1/envelope/", {}],
      [{ "x-sentry-auth": "" }, `/api/1/envelope/?sentry_key=${s.key.publicKey}&sentry_version=7`, {}],
      [{ "x-sentry-auth": "" }, "/api/1/envelope", { dsn: `http://${s.key.publicKey}@127.0.0.1:8001/1` }],
    ];
    const ids: string[] = [];
    for (const [headers, url, header] of forms) {
      const res = await post(envelope(event(), header), headers, url);
      expect(res.statusCode, res.body).toBe(200);
      ids.push(res.json<{ id: string }>().id);
    }
    expect(ids.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
    expect(await s.storedEvents()).toBe(3);
    await s.t.db("events").where({ project_id: 1 }).delete();
  });
});

describe("SDK intake: malformed bodies", () => {
  it("answers 400 with the reason for a malformed envelope or event", async () => {
    await expectRefused(
      await post("{not json\n"),
      400,
      /^invalid envelope: the envelope header is not valid JSON/,
    );
    await expectRefused(
      await post('{}\n{"type":"event","length":500}\n{"short":true}\n'),
      400,
      "invalid envelope: item 1 (event) is shorter than its length of 500 bytes",
    );
    await expectRefused(
      await post('{}\n{"length":2}\n{}\n'),
      400,
      "invalid envelope: item 1 has no type in its header",
    );
    await expectRefused(await post('{}\n{"type":"event"}\n[1,2\n'), 400, /^invalid event: not valid JSON/);
    await expectRefused(
      await post('{}\n{"type":"event"}\n"text"\n'),
      400,
      "invalid event: the event is not a JSON object",
    );
    await expectRefused(
      await post(envelope(event(), { event_id: "not-an-id" })),
      400,
      "invalid envelope header: event_id is not a UUID",
    );
    await expectRefused(await post(""), 400, "invalid envelope: the body is empty");
  });

  it("answers 413 for an event item over 1 MB, such as a 5 MB message, and for a body over the limit", async () => {
    await expectRefused(
      await post(envelope(event({ message: "x".repeat(5 * 1024 * 1024) }))),
      413,
      "envelope item event exceeds the size limit of 1048576 bytes",
    );
    await expectRefused(
      await post(JSON.stringify(event({ message: "x".repeat(2 * 1024 * 1024) })), {}, "/api/1/store/"),
      413,
      "The request body is larger than 1048576 bytes",
    );
  });

  it("answers 413 having read no more than the limit of a body announced too large", async () => {
    const address = await s.app.listen({ port: 0, host: "127.0.0.1" });
    const { status, sent } = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      const req = request(`${address}/api/1/envelope/`, {
        method: "POST",
        headers: { "x-sentry-auth": auth(s.key.publicKey), "content-length": String(30 * 1024 * 1024) },
      });
      let sent = 0;
      req.on("response", (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, sent });
        req.destroy();
      });
      req.on("error", (error) => (sent > 0 ? undefined : reject(error)));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      req.write(chunk);
      sent += chunk.length;
    });
    expect(status).toBe(413);
    expect(sent).toBe(64 * 1024);
    expect(await s.storedEvents()).toBe(0);
  });

  it("answers 413 to a gzip bomb and to a zstd bomb without inflating them whole", async () => {
    const bomb = await gzipOfZeros(300 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    await expectRefused(
      await post(bomb, { "content-encoding": "gzip" }),
      413,
      "The decompressed body is larger than 104857600 bytes",
    );
    await expectRefused(
      await post(zstdRleFrame(1200), { "content-encoding": "zstd" }),
      413,
      "The decompressed body is larger than 104857600 bytes",
    );
    // Each stops at the 100 MB limit: never the 300 MB (or 150 MB) the bombs inflate to.
    expect(process.memoryUsage().rss - before).toBeLessThan(250 * 1024 * 1024);
  });

  it("refuses an unknown encoding (415) and a body that is not what its encoding says (400)", async () => {
    await expectRefused(
      await post(envelope(event()), { "content-encoding": "compress" }),
      415,
      'Unsupported content encoding "compress"',
    );
    await expectRefused(
      await post(envelope(event()), { "content-encoding": "gzip" }),
      400,
      /^The body is not valid gzip data/,
    );
    await expectRefused(
      await post(envelope(event()), { "content-encoding": "br" }),
      400,
      /^The body is not valid br data/,
    );
    await expectRefused(
      await post(envelope(event()), { "content-encoding": "zstd" }),
      400,
      /^The body is not valid zstd data/,
    );
  });
});

describe("SDK intake: accepted bodies", () => {
  it("decodes gzip, deflate, br and zstd, and reads an empty or UTF-8 Content-Encoding as none", async () => {
    const body = envelope(event());
    const encoded: [string, Buffer | string][] = [
      ["gzip", gzipSync(body)],
      ["deflate", deflateSync(body)],
      ["br", brotliCompressSync(body)],
      ["zstd", zstdRawFrame(Buffer.from(body))],
      ["", body],
      ["UTF-8", body],
    ];
    for (const [encoding, payload] of encoded) {
      const res = await post(payload, { "content-encoding": encoding });
      expect(res.statusCode, `${encoding}: ${res.body}`).toBe(200);
    }
    expect(await s.storedEvents()).toBe(6);
    await s.t.db("events").where({ project_id: 1 }).delete();
  });

  it("keeps the newest and oldest frames of an event with 10,000 frames", async () => {
    const frames = Array.from({ length: 10_000 }, (_, i) => ({
      function: `f${i}`,
      filename: "deep.js",
      in_app: true,
    }));
    const res = await post(
      envelope({ exception: { values: [{ type: "RangeError", value: "deep", stacktrace: { frames } }] } }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const { id } = res.json<{ id: string }>();
    const row = (await s.t.db("events").where({ project_id: 1 }).first()) as {
      event_id: string;
      data: {
        exception: { values: { stacktrace: { frames: { function: string }[]; frames_omitted: number[] } }[] };
      };
    };
    expect(row.event_id.replaceAll("-", "")).toBe(id);
    const trace = row.data.exception.values[0]!.stacktrace;
    expect(trace.frames).toHaveLength(250);
    expect(trace.frames_omitted).toEqual([125, 9875]);
    expect(trace.frames[0]!.function).toBe("f0");
    expect(trace.frames[249]!.function).toBe("f9999");
    await s.t.db("events").where({ project_id: 1 }).delete();
  });

  it("accepts items other than events, counts them per type and records client reports' discards", async () => {
    const report = {
      timestamp: 1,
      discarded_events: [{ reason: "ratelimit_backoff", category: "error", quantity: 3 }],
    };
    const body = [
      "{}",
      '{"type":"session"}',
      '{"sid":"x","started":"2026-12-01T10:00:00Z","attrs":{"release":"1.0"}}',
      `{"type":"client_report"}`,
      JSON.stringify(report),
      '{"type":"made_up_type","length":3}',
      "abc",
    ].join("\n");
    const res = await post(body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({});
    const metrics = await s.metrics.registry.metrics();
    expect(metrics).toContain('sdk_intake_envelope_items_total{type="session"} 1');
    expect(metrics).toContain('sdk_intake_envelope_items_total{type="client_report"} 1');
    expect(metrics).toContain('sdk_intake_envelope_items_total{type="unknown"} 1');
    expect(metrics).toContain(
      'sdk_intake_client_discarded_events_total{reason="ratelimit_backoff",category="error"} 3',
    );
    expect(await s.storedEvents()).toBe(0);
  });

  it("stores a legacy /store/ event and answers its id", async () => {
    const id = "0f1e2d3c4b5a49788796a5b4c3d2e1f0";
    const res = await post(JSON.stringify(event({ event_id: id })), {}, "/api/1/store/");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id });
    expect(await s.storedEvents()).toBe(1);
    await s.t.db("events").where({ project_id: 1 }).delete();
  });
});

describe("SDK intake: rate limits and CORS", () => {
  it("answers 429 with Retry-After and X-Sentry-Rate-Limits beyond a key's rate limit", async () => {
    const headers = { "x-sentry-auth": auth(s.limited.publicKey) };
    for (let i = 0; i < 2; i += 1) expect((await post(envelope(event()), headers)).statusCode).toBe(200);
    const refused = await post(envelope(event()), headers);
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.headers["x-sentry-rate-limits"]).toBe(
      `${retryAfter}:error;default;security:key:key_quota`,
    );
    expect(refused.json()).toEqual({ detail: "event submission rejected: key rate limit exceeded" });
    expect(await s.storedEvents()).toBe(2);
    expect(await s.metrics.registry.metrics()).toContain(
      'sdk_intake_rate_limited_total{scope="key",category="error"} 1',
    );
    await s.t.db("events").where({ project_id: 1 }).delete();
  });

  it("answers 429 beyond the per-project default, whatever the key", async () => {
    const app = s.withProjectLimit({ count: 1, window: 60 });
    const send = (key: string) =>
      app.inject({
        method: "POST",
        url: "/api/1/envelope/",
        headers: { "x-sentry-auth": auth(key) },
        payload: envelope(event()),
      });
    expect((await send(s.key.publicKey)).statusCode).toBe(200);
    const refused = await send(s.key.publicKey);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["x-sentry-rate-limits"]).toMatch(
      /^\d+:error;default;security:project:project_quota$/,
    );
    expect(await s.storedEvents()).toBe(1);
    await s.t.db("events").where({ project_id: 1 }).delete();
  });

  it("answers a preflight and exposes the rate-limit headers to browser pages", async () => {
    const preflight = await s.app.inject({
      method: "OPTIONS",
      url: "/api/1/envelope/",
      headers: { origin: "https://shop.example.com", "access-control-request-method": "POST" },
    });
    expect(preflight.statusCode).toBe(200);
    expect(preflight.headers).toMatchObject({
      "access-control-allow-origin": "https://shop.example.com",
      "access-control-allow-methods": "POST",
      "access-control-max-age": "3600",
    });
    expect(String(preflight.headers["access-control-allow-headers"])).toContain("x-sentry-auth");
    const refused = await post(envelope(event()), {
      origin: "https://shop.example.com",
      "x-sentry-auth": auth("0".repeat(32)),
    });
    expect(refused.headers["access-control-allow-origin"]).toBe("https://shop.example.com");
    expect(refused.headers["access-control-expose-headers"]).toBe(
      "x-sentry-error, x-sentry-rate-limits, retry-after",
    );
  });

  it("accepts browser events only from the project's allowed origins, and server events always", async () => {
    await updateProject(s.t.db, 1, 1, { allowedDomains: ["https://shop.example.com", "*.example.org"] });
    try {
      expect((await post(envelope(event()), { origin: "https://shop.example.com" })).statusCode).toBe(200);
      expect(
        (await post(envelope(event()), { referer: "https://docs.example.org/guide?page=2" })).statusCode,
      ).toBe(200);
      expect((await post(envelope(event()))).statusCode).toBe(200);
      expect(await s.storedEvents()).toBe(3);
      await s.t.db("events").where({ project_id: 1 }).delete();
      const refused = await post(envelope(event()), { origin: "https://shop.example.com.evil.net" });
      await expectRefused(
        refused,
        403,
        'event submission rejected: origin "https://shop.example.com.evil.net" is not allowed for this project',
      );
      expect(refused.headers["access-control-allow-origin"]).toBe("https://shop.example.com.evil.net");
      await expectRefused(
        await post(JSON.stringify(event()), { origin: "http://shop.example.com" }, "/api/1/store/"),
        403,
        'event submission rejected: origin "http://shop.example.com" is not allowed for this project',
      );
      expect(await s.metrics.registry.metrics()).toContain('sdk_intake_refused_total{reason="origin"} 2');
    } finally {
      await updateProject(s.t.db, 1, 1, { allowedDomains: ["*"] });
    }
  });
});
