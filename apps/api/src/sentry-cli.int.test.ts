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

/** Runs Sentry's own CLI against the API, as a user would: org `acme`, project `web`, the admin token. */
async function sentryCli(...args: string[]): Promise<string> {
  const { stdout } = await run(SentryCli.getPath(), args, {
    env: {
      PATH: process.env.PATH,
      HOME: home,
      SENTRY_URL: url,
      SENTRY_AUTH_TOKEN: h.acme.tokens.admin,
      SENTRY_ORG: "acme",
      SENTRY_PROJECT: "web",
      SENTRY_DISABLE_UPDATE_CHECK: "1",
    },
    timeout: 30_000,
  });
  return stdout;
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
