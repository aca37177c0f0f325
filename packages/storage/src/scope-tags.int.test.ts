import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import { GroupStatus } from "@sift/schemas";
import {
  addIssueTagValues,
  createOrganization,
  createProject,
  listScopeTagKeys,
  listScopeTagValues,
  migrateToLatest,
} from "./index.js";
import type { TagScope } from "./index.js";

let t: TestDatabase;
let scope: TagScope;
const day = (d: number) => new Date(Date.UTC(2026, 10, d, 12));

/** An issue of project 1 last seen on day `d` of November, with one `browser` value seen `n` times. */
async function issue(d: number, browser: string, n: number, status: number = GroupStatus.UNRESOLVED) {
  const [row] = (await t
    .db("issues")
    .insert({
      organization_id: scope.organizationId,
      project_id: 1,
      short_id: d * 10 + n,
      status,
      first_seen: day(d),
      last_seen: day(d),
      active_at: day(d),
    })
    .returning("id")) as { id: number }[];
  const issueId = Number(row!.id);
  await addIssueTagValues(t.db, [
    { issueId, key: "browser", value: browser, timesSeen: n, firstSeen: day(d), lastSeen: day(d) },
  ]);
}

beforeAll(async () => {
  t = await testDatabase({ prefix: "scope_tags", migrate: async (db) => void (await migrateToLatest(db)) });
  const org = await createOrganization(t.db, "acme");
  await createProject(t.db, { organizationId: org.id, slug: "web", id: 1 });
  scope = { organizationId: org.id, start: day(1), end: day(30), issueLimit: 2 };
  await issue(10, "Edge", 5);
  await issue(20, "Chrome", 2);
  await issue(21, "Chrome", 1);
  await issue(22, "Firefox", 7, GroupStatus.PENDING_DELETION);
});
afterAll(async () => {
  await t?.destroy();
});

describe("the tag counters of a scope", () => {
  it("sum the counters of the most recently seen issues only, up to the limit, skipping deleted ones", async () => {
    expect(await listScopeTagKeys(t.db, scope)).toEqual([{ key: "browser", totalValues: 3 }]);
    expect(await listScopeTagKeys(t.db, { ...scope, issueLimit: 10 })).toEqual([
      { key: "browser", totalValues: 8 },
    ]);
    expect(await listScopeTagValues(t.db, { ...scope, issueLimit: 10 }, "browser", { limit: 5 })).toEqual([
      { value: "Edge", timesSeen: 5, firstSeen: day(10), lastSeen: day(10) },
      { value: "Chrome", timesSeen: 3, firstSeen: day(20), lastSeen: day(21) },
    ]);
  });

  it("keep to the window and to a prefix that matches its characters literally", async () => {
    const early = { ...scope, end: day(15), issueLimit: 10 };
    expect(await listScopeTagKeys(t.db, early)).toEqual([{ key: "browser", totalValues: 5 }]);
    const all = { ...scope, issueLimit: 10 };
    expect(await listScopeTagValues(t.db, all, "browser", { prefix: "ch", limit: 5 })).toHaveLength(1);
    expect(await listScopeTagValues(t.db, all, "browser", { prefix: "_", limit: 5 })).toEqual([]);
    expect(await listScopeTagValues(t.db, all, "browser", { limit: 1 })).toHaveLength(1);
  });
});
