import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GroupStatus } from "@sift/schemas";
import { createApiHarness } from "./test/harness.js";
import type { ApiHarness } from "./test/harness.js";

let h: ApiHarness;
const ISSUES = 1_005;

beforeAll(async () => {
  h = await createApiHarness();
  const base = h.clock.now().getTime() - 2 * 3_600_000;
  for (let start = 0; start < ISSUES; start += 250) {
    const batch = Array.from({ length: Math.min(250, ISSUES - start) }, (_, i) => ({
      projectId: 1,
      fingerprint: `bulk-${start + i}`,
      time: new Date(base + (start + i) * 1_000),
    }));
    await h.ingest(batch);
  }
}, 120_000);
afterAll(async () => {
  await h?.destroy();
});

const countByStatus = async (status: number): Promise<number> =>
  Number(((await h.db("issues").where({ status }).count({ n: "*" }).first()) as { n: string }).n);

describe("bulk mutations by query", () => {
  it("update at most 1,000 issues, the most recently seen first", async () => {
    const res = await h.request("PUT", "/api/0/organizations/acme/issues/?query=is:unresolved", {
      body: { status: "resolved" },
    });
    expect(res.statusCode).toBe(200);
    expect(await countByStatus(GroupStatus.RESOLVED)).toBe(1_000);
    // The five left are the five seen longest ago.
    const left = (await h.db("issues").where({ status: GroupStatus.UNRESOLVED }).orderBy("last_seen")) as {
      title: string;
    }[];
    expect(left.map((r) => r.title)).toEqual([
      "Issue bulk-0",
      "Issue bulk-1",
      "Issue bulk-2",
      "Issue bulk-3",
      "Issue bulk-4",
    ]);
  });

  it("delete at most 1,000 issues", async () => {
    const res = await h.request("DELETE", "/api/0/organizations/acme/issues/?query=");
    expect(res.statusCode).toBe(204);
    expect(await countByStatus(GroupStatus.PENDING_DELETION)).toBe(1_000);
    const again = await h.request("DELETE", "/api/0/organizations/acme/issues/?query=");
    expect(again.statusCode).toBe(204);
    expect(await countByStatus(GroupStatus.PENDING_DELETION)).toBe(ISSUES);
  });
});
