import { describe, expect, it } from "vitest";
import { MAX_GET_URL_LENGTH } from "./server.js";
import { useApiHarness } from "./test/harness.js";

const h = await useApiHarness();

const responseHeaderBytes = (headers: Record<string, unknown>) =>
  Object.entries(headers).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 0);

describe("long GET URLs", () => {
  it("a list URL at the limit gets an answer whose headers an HTTP client can read (under 16 KB)", async () => {
    const base = "/api/0/organizations/acme/issues/?query=";
    const res = await h.request("GET", `${base}${"x".repeat(MAX_GET_URL_LENGTH - base.length)}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.link).toContain('rel="next"');
    expect(responseHeaderBytes(res.headers)).toBeLessThan(16 * 1024);
  });

  it("a longer GET URL is refused with 414 and a detail, before it echoes into a 20 kB Link header", async () => {
    const res = await h.request("GET", `/api/0/organizations/acme/issues/?query=${"x".repeat(9_000)}`);
    expect(res.statusCode).toBe(414);
    expect(res.json()).toEqual({
      detail: `The request URL is 9040 characters long; at most ${MAX_GET_URL_LENGTH} are accepted`,
    });
  });
});
