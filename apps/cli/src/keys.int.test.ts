import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findProjectKey, migrateToLatest } from "@sift/storage";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import { runCli } from "./run.js";

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase({ prefix: "cli_keys", migrate: async (db) => void (await migrateToLatest(db)) });
});
afterAll(async () => {
  await t?.destroy();
});

async function sift(argv: string[], ingestUrl?: string) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    databaseUrl: t.url,
    db: t.db,
    env: { ingestUrl },
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
  });
  return { code, stdout, stderr };
}

describe("sift key", () => {
  it("creates a key and prints its DSN, lists it, and revokes it", async () => {
    expect((await sift(["org", "create", "acme"])).code).toBe(0);
    expect((await sift(["project", "create", "acme", "web", "--id", "42"])).code).toBe(0);

    const created = await sift(["key", "create", "acme", "web", "--label", "Backend"]);
    expect(created.code, created.stderr).toBe(0);
    const dsn = created.stdout.trim();
    expect(dsn).toMatch(/^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:8001\/42$/);
    const publicKey = new URL(dsn).username;
    expect(await findProjectKey(t.db, publicKey)).toMatchObject({
      projectId: 42,
      label: "Backend",
      active: true,
    });

    const json = await sift(["key", "create", "acme", "web", "--json"], "https://sift.example.com");
    const key = JSON.parse(json.stdout) as { public: string; dsn: { public: string } };
    expect(key.dsn.public).toBe(`https://${key.public}@sift.example.com/42`);

    const listed = await sift(["key", "list", "acme", "web"]);
    expect(listed.stdout.split("\n").filter(Boolean)).toEqual([
      `${publicKey}  active   ${dsn}  Backend`,
      `${key.public}  active   http://${key.public}@127.0.0.1:8001/42`,
    ]);

    const revoked = await sift(["key", "revoke", "acme", "web", publicKey]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toBe(`Revoked key ${publicKey} of acme/web\n`);
    expect((await findProjectKey(t.db, publicKey))?.active).toBe(false);
  });

  it("fails on an unknown project or key and on a malformed key", async () => {
    const unknownProject = await sift(["key", "create", "acme", "nope"]);
    expect(unknownProject).toMatchObject({
      code: 1,
      stderr: 'sift: project "nope" does not exist in acme\n',
    });
    const unknownKey = await sift(["key", "revoke", "acme", "web", "0".repeat(32)]);
    expect(unknownKey.code).toBe(1);
    expect(unknownKey.stderr).toContain(`has no key ${"0".repeat(32)}`);
    const malformed = await sift(["key", "revoke", "acme", "web", "xyz"]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('invalid public key "xyz"');
  });
});
