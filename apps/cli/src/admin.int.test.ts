import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import knex from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findApiToken, getOrganizationBySlug, getOrganizationFeatures, listProjects } from "@sift/storage";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";
import { runCli } from "./run.js";

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase({ prefix: "cli" });
});
afterAll(async () => {
  await t?.destroy();
});

async function sift(
  argv: string[],
  databaseUrl = t.url,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    databaseUrl,
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
  });
  return { code, stdout, stderr };
}

describe("sift migrate", () => {
  it("migrates, and a second run is a no-op that says so", async () => {
    const first = await sift(["migrate"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Applied \d+ migration\(s\) to sift_test_cli_/);
    const second = await sift(["migrate", "--json"]);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ database: t.name, created: false, applied: [] });
    const third = await sift(["migrate"]);
    expect(third.stdout).toContain("is up to date; no migrations to apply");
  });

  it("creates the database when it does not exist", async () => {
    const name = `sift_test_cli_new_${randomBytes(4).toString("hex")}`;
    const url = new URL(t.url);
    url.pathname = `/${name}`;
    try {
      const res = await sift(["migrate"], url.toString());
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain(`Created database ${name}`);
      expect(res.stdout).toContain("Applied");
    } finally {
      const admin = new URL(t.url);
      admin.pathname = "/postgres";
      const client = knex({ client: "pg", connection: admin.toString() });
      await client.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.destroy();
    }
  });

  it("fails clearly when Postgres cannot be reached", async () => {
    const res = await sift(["migrate"], "postgres://postgres@127.0.0.1:1/sift");
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^sift: migrate failed: .*ECONNREFUSED/);
  });
});

describe("sift org / project / token / user / team", () => {
  it("creates an organization, a project and a token printed once", async () => {
    expect((await sift(["org", "create", "acme", "--name", "Acme Inc"])).stdout).toMatch(
      /^Created organization acme \(id \d+\)/,
    );
    const dup = await sift(["org", "create", "acme"]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toBe('sift: organization "acme" already exists\n');

    const project = await sift(["project", "create", "acme", "web", "--id", "7", "--json"]);
    expect(JSON.parse(project.stdout)).toEqual({ id: 7, slug: "web", name: "web", organization: "acme" });
    const auto = await sift(["project", "create", "acme", "api"]);
    expect(auto.code).toBe(0);
    expect((await sift(["project", "create", "acme", "other", "--id", "7"])).code).toBe(1);
    const missing = await sift(["project", "create", "nope", "web"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('organization "nope" does not exist');
    const org = await getOrganizationBySlug(t.db, "acme");
    expect((await listProjects(t.db, org!.id)).map((p) => p.slug).sort()).toEqual(["api", "web"]);

    const token = await sift([
      "token",
      "create",
      "acme",
      "--scopes",
      "event:read,event:admin",
      "--name",
      "ci",
    ]);
    expect(token.code).toBe(0);
    const secret = token.stdout.split("\n")[0]!;
    expect(secret).toMatch(/^sntryu_[0-9a-f]{64}$/);
    expect(token.stdout).toContain("shown only once");
    expect((await findApiToken(t.db, secret))?.scopes).toEqual(["event:read", "event:admin"]);
    const json = JSON.parse(
      (await sift(["token", "create", "acme", "--scopes", "event:write", "--json"])).stdout,
    ) as {
      token: string;
      scopes: string[];
    };
    expect(json.token).toMatch(/^sntryu_/);
    expect(json.scopes).toEqual(["event:write"]);
  });

  it("turns features on and off", async () => {
    await sift(["org", "create", "feat"]);
    expect((await sift(["org", "feature", "feat", "uptime-domain-failure-visible", "on"])).code).toBe(0);
    const org = await getOrganizationBySlug(t.db, "feat");
    expect([...(await getOrganizationFeatures(t.db, [org!.id])).get(org!.id)!]).toEqual([
      "uptime-domain-failure-visible",
    ]);
    await sift(["org", "feature", "feat", "uptime-domain-failure-visible", "off"]);
    expect((await getOrganizationFeatures(t.db, [org!.id])).get(org!.id)!.size).toBe(0);
    // Sentry's `organizations:` names turn on the same flag, which the ingest gate reads.
    const on = await sift([
      "org",
      "feature",
      "feat",
      "organizations:profile-file-io-main-thread-ingest",
      "on",
    ]);
    expect(on.code).toBe(0);
    expect([...(await getOrganizationFeatures(t.db, [org!.id])).get(org!.id)!]).toEqual([
      "profile-file-io-main-thread-ingest",
    ]);
  });

  it("creates users and teams for assignments", async () => {
    await sift(["org", "create", "people"]);
    const user = await sift([
      "user",
      "create",
      "ann@people.test",
      "--org",
      "people",
      "--username",
      "ann",
      "--json",
    ]);
    expect(JSON.parse(user.stdout)).toMatchObject({
      email: "ann@people.test",
      username: "ann",
      created: true,
      organization: "people",
    });
    const again = await sift(["user", "create", "ANN@people.test", "--org", "people"]);
    expect(again.stdout).toContain("Found user ann@people.test");
    expect((await sift(["team", "create", "people", "backend"])).stdout).toMatch(
      /^Created team people\/backend/,
    );
    expect((await sift(["team", "create", "people", "backend"])).code).toBe(1);
    expect((await sift(["team", "add-member", "people", "backend", "ann@people.test"])).code).toBe(0);
    expect((await sift(["team", "add-member", "people", "frontend", "ann@people.test"])).stderr).toContain(
      'team "frontend" does not exist',
    );
  });

  it("bad arguments exit 2 with the message and the command's usage on stderr", async () => {
    const res = await sift(["token", "create", "acme", "--scopes", "event:everything"]);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe("");
    expect(res.stderr).toContain('sift: invalid scope(s) "event:everything"');
    expect(res.stderr).toContain("Usage: sift token create");
    const help = await sift(["project", "create", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: sift project create");
  });
});

describe("pnpm sift", () => {
  it("runs as a process with the root script's command line", () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
    const env = { ...process.env, DATABASE_URL: t.url };
    const run = (args: string[]) =>
      spawnSync(
        process.execPath,
        ["--conditions=@sift/source", "--import", "tsx", "apps/cli/src/main.ts", ...args],
        {
          cwd: root,
          env,
          encoding: "utf8",
          timeout: 60_000,
        },
      );
    const migrate = run(["migrate"]);
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain("up to date");
    const bad = run(["org", "create", "NOPE!"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("invalid organization slug");
  });
});
