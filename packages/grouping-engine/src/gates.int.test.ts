import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testRedis } from "@sift/testkit";
import type { TestRedis } from "@sift/testkit";
import { Gates } from "./gates.js";

let r: TestRedis;
let gates: Gates;
beforeAll(async () => {
  r = await testRedis();
  gates = new Gates(r.redis, r.prefix);
});
afterAll(async () => {
  await r.destroy();
});

const noise = (hash: string, ids: string[]) => ({
  projectId: 1,
  hash,
  ignoreLimit: 3,
  expirySeconds: 86_400,
  occurrenceIds: ids,
});

describe("noise gate (Redis)", () => {
  it("crosses on the n-th distinct occurrence and starts counting again", async () => {
    expect(await gates.noise([noise("a", ["1", "2"])])).toEqual([[]]);
    // 3 crosses; 4 and 5 are counted afresh and 6 crosses again.
    expect(await gates.noise([noise("a", ["3", "4", "5", "6"])])).toEqual([[0, 3]]);
    // A crossing occurrence seen again (a retry) crosses again.
    expect(await gates.noise([noise("a", ["6"])])).toEqual([[0]]);
  });

  it("is idempotent per occurrence id, so a retried batch gives the same answer", async () => {
    expect(await gates.noise([noise("b", ["1", "2"])])).toEqual([[]]);
    const first = await gates.noise([noise("b", ["2", "3"])]);
    const retry = await gates.noise([noise("b", ["2", "3"])]);
    expect(first).toEqual([[1]]);
    expect(retry).toEqual([[1]]);
  });

  it("expires its counter", async () => {
    await gates.noise([{ ...noise("c", ["1"]), expirySeconds: 1 }]);
    expect(await r.redis.ttl(gates.noiseKey(1, "c"))).toBeGreaterThan(0);
  });
});

describe("creation quota (Redis)", () => {
  const request = (hash: string) => ({ projectId: 1, typeSlug: "t", hash, windowSeconds: 3600, limit: 2 });
  it("grants the limit per window, re-grants a granted fingerprint, and frees up after the window", async () => {
    const now = new Date("2026-11-27T12:00:00Z");
    expect(await gates.quota([request("x"), request("y"), request("z"), request("x")], now)).toEqual([
      true,
      true,
      false,
      true,
    ]);
    expect(await gates.quota([request("z")], new Date(now.getTime() + 3_601_000))).toEqual([true]);
  });
});
