import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness } from "./test/harness.js";
import type { ApiHarness } from "./test/harness.js";

// `sentry-cli info` (@sentry/cli) against Sift's API on a real socket: it reads `GET /api/0/`.

const SENTRY_CLI = new URL("../node_modules/@sentry/cli/bin/sentry-cli", import.meta.url).pathname;
const run = promisify(execFile);

let h: ApiHarness;
let url: string;
let home: string;

beforeAll(async () => {
  h = await createApiHarness();
  url = await h.app.listen({ port: 0, host: "127.0.0.1" });
  home = mkdtempSync(join(tmpdir(), "sift-cli-"));
});
afterAll(async () => {
  await h?.destroy();
  if (home) rmSync(home, { recursive: true, force: true });
});

/** Runs sentry-cli against the test API, with no configuration of this machine. */
async function sentryCli(args: string[], token: string | null) {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: home,
    SENTRY_URL: `${url}/`,
    SENTRY_ORG: "acme",
    SENTRY_PROJECT: "web",
    SENTRY_DISABLE_UPDATE_CHECK: "true",
  };
  if (token !== null) env.SENTRY_AUTH_TOKEN = token;
  try {
    const { stdout, stderr } = await run(process.execPath, [SENTRY_CLI, ...args], { env, cwd: home });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("sentry-cli info", () => {
  it("shows the server, the defaults and the token's scopes", async () => {
    const res = await sentryCli(["info"], h.acme.tokens.write);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`Sentry Server: ${url}`);
    expect(res.stdout).toContain("Default Organization: acme");
    expect(res.stdout).toContain("Default Project: web");
    expect(res.stdout).toContain("Method: Auth Token");
    expect(res.stdout).toMatch(/Scopes:\s+- event:read\s+- event:write/);
  });

  it("--config-status-json reports a successful authentication", async () => {
    const res = await sentryCli(["info", "--config-status-json"], h.acme.tokens.read);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({
      config: { org: "acme", project: "web", url },
      auth: { type: "token", successful: true },
    });
  });

  it("a revoked token fails", async () => {
    const res = await sentryCli(["info", "--config-status-json"], `sntryu_${"0".repeat(64)}`);
    expect(JSON.parse(res.stdout)).toMatchObject({ auth: { successful: false } });
  });
});
