import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendPid, testDatabase, waitForLockWaiter } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import type { Conn } from "./sql.js";
import {
  createOrganization,
  createProject,
  getOrCreateEnvironments,
  getOrCreateReleases,
  migrateToLatest,
} from "./index.js";

let t: TestDatabase;
let organizationId: number;
const PROJECT = 1;

beforeAll(async () => {
  t = await testDatabase({ prefix: "envrel", migrate: async (db) => void (await migrateToLatest(db)) });
  organizationId = (await createOrganization(t.db, "acme")).id;
  await createProject(t.db, { organizationId, slug: "web", id: PROJECT });
});
afterAll(async () => {
  await t?.destroy();
});

/**
 * Another transaction creates `create`'s rows and holds them uncommitted; `create` (on the pool) waits
 * for it, and gets the rows once it commits.
 */
async function raced<T>(create: (db: Conn) => Promise<T>): Promise<T> {
  const other = await t.db.transaction();
  try {
    await create(other);
    const pid = await backendPid(other);
    const waiting = create(t.db);
    await waitForLockWaiter(t.db, pid);
    await other.commit();
    return await waiting;
  } finally {
    if (!other.isCompleted()) await other.rollback();
  }
}

describe("environments and releases created by two batches at once", () => {
  it("the environment the other batch created while this one waited is returned", async () => {
    const ids = await raced((db) => getOrCreateEnvironments(db, [{ organizationId, name: "canary" }]));
    const [row] = await t.db("environments").where({ organization_id: organizationId, name: "canary" });
    expect(ids).toEqual(new Map([[`${organizationId}:canary`, Number(row.id)]]));
  });

  it("the release the other batch created while this one waited is returned", async () => {
    const seenAt = new Date("2026-11-27T12:00:00Z");
    const releases = await raced((db) =>
      getOrCreateReleases(db, organizationId, [{ version: "web@1.2.3", projectId: PROJECT, seenAt }]),
    );
    const [row] = await t.db("releases").where({ organization_id: organizationId, version: "web@1.2.3" });
    expect([...releases.keys()]).toEqual(["web@1.2.3"]);
    expect(releases.get("web@1.2.3")!.id).toBe(Number(row.id));
  });
});
