import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { slackEscape } from "./messages.js";
import { backoffMs, hookSignature } from "./worker.js";

describe("delivery helpers", () => {
  it("signs the exact body with HMAC-SHA256, hex", () => {
    const body = '{"action":"created"}';
    expect(hookSignature(body, "s3cret")).toBe(createHmac("sha256", "s3cret").update(body).digest("hex"));
    expect(hookSignature(body, "s3cret")).toHaveLength(64);
  });

  it("backs off exponentially up to the cap", () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 1_000, 5_000))).toEqual([
      1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
  });

  it("escapes Slack's control characters", () => {
    expect(slackEscape("a <b> & c")).toBe("a &lt;b&gt; &amp; c");
  });
});
