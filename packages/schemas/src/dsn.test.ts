import { describe, expect, it } from "vitest";
import { clientKeyJson, formatDsn, parseDsn } from "./dsn.js";

const KEY = "0123456789abcdef0123456789abcdef";

describe("DSNs", () => {
  it("are written from the ingest URL, with a path prefix kept and the secret optional", () => {
    expect(formatDsn("http://127.0.0.1:8001", { publicKey: KEY }, 7)).toBe(`http://${KEY}@127.0.0.1:8001/7`);
    expect(formatDsn("https://sift.example.com/ingest/", { publicKey: KEY, secretKey: "s" }, 7)).toBe(
      `https://${KEY}:s@sift.example.com/ingest/7`,
    );
  });

  it("read back into their parts, and a string without a key or project is not one", () => {
    expect(parseDsn(`https://${KEY}:s@sift.example.com/ingest/7`)).toEqual({
      protocol: "https",
      publicKey: KEY,
      secretKey: "s",
      host: "sift.example.com",
      path: "/ingest",
      projectId: "7",
    });
    expect(parseDsn(`http://${KEY}@127.0.0.1:8001/7`)?.secretKey).toBeNull();
    expect(parseDsn("http://127.0.0.1:8001/7")).toBeNull();
    expect(parseDsn(`http://${KEY}@127.0.0.1:8001/`)).toBeNull();
    expect(parseDsn("not a dsn")).toBeNull();
  });

  it("appear in a key's JSON as Sentry's project keys API writes it", () => {
    const json = clientKeyJson(
      {
        publicKey: KEY,
        secretKey: "f".repeat(32),
        label: "Default",
        active: true,
        projectId: 7,
        rateLimit: { count: 100, window: 60 },
        createdAt: new Date("2026-12-01T10:00:00Z"),
      },
      "http://127.0.0.1:8001",
    );
    expect(json).toMatchObject({
      id: KEY,
      name: "Default",
      public: KEY,
      isActive: true,
      rateLimit: { count: 100, window: 60 },
      dateCreated: "2026-12-01T10:00:00.000Z",
      dsn: {
        public: `http://${KEY}@127.0.0.1:8001/7`,
        secret: `http://${KEY}:${"f".repeat(32)}@127.0.0.1:8001/7`,
        csp: `http://127.0.0.1:8001/api/7/csp-report/?sentry_key=${KEY}`,
      },
    });
  });
});
