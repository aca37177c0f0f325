import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { SentryCli } from "@sentry/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness } from "./test/harness.js";
import type { ApiHarness } from "./test/harness.js";

const run = promisify(execFile);

let h: ApiHarness;
let url: string;
let home: string;

/**
 * Runs Sentry's own CLI against the API, as a user would: org `acme`, project `web`, the admin token
 * (or `token`; null for none). Its exit code and output, whether it failed or not.
 */
async function runSentryCli(
  args: string[],
  token: string | null = h.acme.tokens.admin,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    SENTRY_URL: url,
    SENTRY_ORG: "acme",
    SENTRY_PROJECT: "web",
    SENTRY_DISABLE_UPDATE_CHECK: "1",
  };
  if (token !== null) env.SENTRY_AUTH_TOKEN = token;
  try {
    const { stdout, stderr } = await run(SentryCli.getPath(), args, { env, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The output of a sentry-cli command that must succeed. */
async function sentryCli(...args: string[]): Promise<string> {
  const result = await runSentryCli(args);
  if (result.code !== 0)
    throw new Error(`sentry-cli ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  h = await createApiHarness();
  url = await h.app.listen({ port: 0, host: "127.0.0.1" });
  home = await mkdtemp(join(tmpdir(), "sift-sentry-cli-"));
});
afterAll(async () => {
  await h?.destroy();
  if (home) await rm(home, { recursive: true, force: true });
});

/** The rows of one of sentry-cli's tables, each a list of its trimmed cells (the header row first). */
function tableRows(output: string): string[][] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

const release = async (version: string) =>
  (await h.request("GET", `/api/0/organizations/acme/releases/${version}/`)).json<Record<string, unknown>>();

/** sentry-cli's date format: `2026-12-01 18:59:21.765 UTC`. */
const cliDate = (iso: string): string => iso.replace("T", " ").replace("Z", " UTC");

describe("sentry-cli releases", () => {
  it("new, info and list show the release; a new issue in it counts in New Events", async () => {
    expect(await sentryCli("releases", "new", "cli@1.0.0")).toBe("Created release cli@1.0.0\n");
    const created = await release("cli@1.0.0");
    expect(created).toMatchObject({ projects: [{ slug: "web" }], status: "open", dateReleased: null });
    expect(tableRows(await sentryCli("releases", "info", "cli@1.0.0"))).toEqual([
      ["Version", "Date created"],
      ["cli@1.0.0", cliDate(created.dateCreated as string)],
    ]);

    await h.request("POST", "/api/0/projects/acme/api/releases/", { body: { version: "other@1.0.0" } });
    await h.ingest([{ projectId: 1, fingerprint: "cli", time: h.clock.now(), release: "cli@1.0.0" }]);
    const rows = tableRows(await sentryCli("releases", "list"));
    expect(rows[0]).toEqual(["Released", "Version", "New Events", "Last Event"]);
    // Only the project's releases (not `other@1.0.0` of project `api`).
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([["(unreleased)", "cli@1.0.0", "1"]]);
  });

  it("archive and restore (an empty projects list) and finalize change the release", async () => {
    expect(await sentryCli("releases", "archive", "cli@1.0.0")).toBe("Archived release cli@1.0.0\n");
    expect(await release("cli@1.0.0")).toMatchObject({ status: "archived", projects: [{ slug: "web" }] });
    expect(await sentryCli("releases", "restore", "cli@1.0.0")).toBe("Restored release cli@1.0.0\n");
    expect(await release("cli@1.0.0")).toMatchObject({ status: "open" });
    expect(await sentryCli("releases", "finalize", "cli@1.0.0")).toBe("Finalized release cli@1.0.0\n");
    expect((await release("cli@1.0.0")).dateReleased).toEqual(expect.any(String));
  });

  it("deploys new and list", async () => {
    expect(
      await sentryCli("releases", "deploys", "cli@1.0.0", "new", "-e", "production", "-n", "first"),
    ).toBe("Created new deploy first for 'production'\n");
    const rows = tableRows(await sentryCli("releases", "deploys", "cli@1.0.0", "list"));
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      ["Environment", "Name"],
      ["production", "first"],
    ]);
    expect(await release("cli@1.0.0")).toMatchObject({
      deployCount: 1,
      lastDeploy: { environment: "production", name: "first" },
    });
  });

  it("set-commits finds the repository and stores the head commit; delete removes a release", async () => {
    await h.request("POST", "/api/0/organizations/acme/releases/", {
      body: {
        version: "cli@0.9.0",
        projects: ["web"],
        commits: [{ id: "0000aaaa", repository: "acme/web" }],
      },
    });
    const output = await sentryCli("releases", "set-commits", "cli@1.0.0", "--commit", "acme/web@1111bbbb");
    expect(tableRows(output)).toEqual([
      ["Repository", "Revision"],
      ["acme/web", "1111bbbb"],
    ]);
    expect(await release("cli@1.0.0")).toMatchObject({
      refs: [{ repository: "acme/web", commit: "1111bbbb", previousCommit: null }],
    });

    expect(await sentryCli("releases", "new", "cli@2.0.0")).toBe("Created release cli@2.0.0\n");
    expect(await sentryCli("releases", "delete", "cli@2.0.0")).toBe("Deleted release cli@2.0.0!\n");
    expect((await h.request("GET", "/api/0/organizations/acme/releases/cli@2.0.0/")).statusCode).toBe(404);
  });
});

describe("sentry-cli info", () => {
  it("shows the server, the defaults and the token's scopes (GET /api/0/)", async () => {
    const res = await runSentryCli(["info"], h.acme.tokens.write);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`Sentry Server: ${url}`);
    expect(res.stdout).toContain("Default Organization: acme");
    expect(res.stdout).toContain("Default Project: web");
    expect(res.stdout).toContain("Method: Auth Token");
    expect(res.stdout).toMatch(/Scopes:\s+- event:read\s+- event:write\n/);
  });

  it("--config-status-json reports a successful authentication, and a failed one for a bad token", async () => {
    const ok = await runSentryCli(["info", "--config-status-json"], h.acme.tokens.read);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      config: { org: "acme", project: "web", url },
      auth: { type: "token", successful: true },
    });
    const bad = await runSentryCli(["info", "--config-status-json"], `sntryu_${"0".repeat(64)}`);
    expect(JSON.parse(bad.stdout)).toMatchObject({ auth: { type: "token", successful: false } });
  });
});

describe("sentry-cli issues", () => {
  it("resolve -s muted resolves the ignored issues and nothing else; unresolve -s resolved reopens them", async () => {
    const now = h.clock.now();
    await h.ingest(
      ["open-1", "open-2", "muted-1", "muted-2"].map((fp) => ({ projectId: 1, fingerprint: fp, time: now })),
    );
    const issues = await h
      .db("issues")
      .where({ project_id: 1 })
      .whereIn("title", ["Issue open-1", "Issue open-2", "Issue muted-1", "Issue muted-2"]);
    const idOf = (title: string) =>
      Number((issues as { id: number; title: string }[]).find((i) => i.title === title)!.id);
    const muted = [idOf("Issue muted-1"), idOf("Issue muted-2")];
    const open = [idOf("Issue open-1"), idOf("Issue open-2")];
    await h.request("PUT", `/api/0/organizations/acme/issues/?id=${muted[0]}&id=${muted[1]}`, {
      body: { status: "ignored" },
    });
    const statuses = async (ids: number[]) =>
      Promise.all(
        ids.map(
          async (id) => (await h.request("GET", `/api/0/issues/${id}/`)).json<{ status: string }>().status,
        ),
      );

    const resolved = await runSentryCli(["issues", "resolve", "-s", "muted"]);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(await statuses(muted)).toEqual(["resolved", "resolved"]);
    expect(await statuses(open)).toEqual(["unresolved", "unresolved"]);

    const reopened = await runSentryCli(["issues", "unresolve", "-s", "resolved"]);
    expect(reopened.code, reopened.stderr).toBe(0);
    expect(await statuses([...muted, ...open])).toEqual([
      "unresolved",
      "unresolved",
      "unresolved",
      "unresolved",
    ]);
  });
});
