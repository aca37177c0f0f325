import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GroupStatus } from "@sift/schemas";
import { createApiHarness, issueRow } from "@sift/api/testing";
import type { ApiHarness } from "@sift/api/testing";
import { runCli } from "./run.js";
import type { CliEnv } from "./commands.js";

// The `issues` commands against the real API (buildServer + listen on a free port, real Postgres),
// with issues ingested through the real pipeline.
let h: ApiHarness;
let url: string;
const MINUTE = 60_000;

beforeAll(async () => {
  h = await createApiHarness();
  url = await h.app.listen({ port: 0, host: "127.0.0.1" });
  const ago = (minutes: number) => new Date(h.clock.now().getTime() - minutes * MINUTE);
  await h.ingest([
    { projectId: 1, fingerprint: "cli-a", title: "Checkout fails", time: ago(30) },
    { projectId: 1, fingerprint: "cli-a", title: "Checkout fails", time: ago(20), user: { id: "u1" } },
    { projectId: 1, fingerprint: "cli-b", title: "Login slow", level: "warning", time: ago(10) },
    { projectId: 2, fingerprint: "cli-c", title: "Worker crashed", time: ago(5) },
  ]);
});
afterAll(async () => {
  await h?.destroy();
});

async function sift(
  argv: string[],
  env: CliEnv = { apiUrl: url, token: h.acme.tokens.admin },
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    databaseUrl: "postgres://postgres@127.0.0.1:1/unused", // the issues commands never open the database
    env,
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
  });
  return { code, stdout, stderr };
}

async function statusOf(projectId: number, fingerprint: string): Promise<number> {
  return (await issueRow(h.db, projectId, fingerprint))!.status;
}

interface IssueJson {
  id: string;
  shortId: string;
  title: string;
  status: string;
  count: string;
}

describe("sift issues list", () => {
  it("prints a table of the organization's issues: short id, status, count, users, last seen, title", async () => {
    const res = await sift(["issues", "list", "--org", "acme"]);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^SHORT ID\s+STATUS\s+COUNT\s+USERS\s+LAST SEEN\s+TITLE$/);
    const checkout = lines.find((l) => l.includes("Checkout fails"))!;
    expect(checkout).toMatch(
      /^WEB-\w+\s+unresolved\s+2\s+1\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z\s+Checkout fails$/,
    );
    expect(res.stdout).toContain("Worker crashed");
    expect(res.stdout).toMatch(/3 of 3 issue\(s\)/);
  });

  it("--project and --query narrow it; --json prints the API's issues", async () => {
    const res = await sift([
      "issues",
      "list",
      "--org",
      "acme",
      "--project",
      "web",
      "--query",
      "level:warning",
      "--json",
    ]);
    expect(res.code, res.stderr).toBe(0);
    const issues = JSON.parse(res.stdout) as IssueJson[];
    expect(issues.map((i) => i.title)).toEqual(["Login slow"]);
    expect(issues[0]!.shortId).toMatch(/^WEB-/);
  });

  it("pages with --limit and says how to get the next page", async () => {
    const first = await sift(["issues", "list", "--org", "acme", "--limit", "2"]);
    expect(first.code, first.stderr).toBe(0);
    const cursor = /--cursor "([^"]+)"/.exec(first.stdout)?.[1];
    expect(cursor).toBeDefined();
    const second = await sift([
      "issues",
      "list",
      "--org",
      "acme",
      "--limit",
      "2",
      "--cursor",
      cursor!,
      "--json",
    ]);
    expect(second.code, second.stderr).toBe(0);
    const titles = (JSON.parse(second.stdout) as IssueJson[]).map((i) => i.title);
    expect(titles).toHaveLength(1);
    expect(first.stdout).not.toContain(titles[0]);
  });

  it("reads the API's URL and token from SIFT_URL / SIFT_TOKEN through the real command line", async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
    // Asynchronous: the API answering this child runs in this very process.
    const child = spawn(
      process.execPath,
      [
        "--conditions=@sift/source",
        "--import",
        "tsx",
        "apps/cli/src/main.ts",
        "issues",
        "list",
        "--org",
        "acme",
      ],
      { cwd: root, env: { ...process.env, SIFT_URL: url, SIFT_TOKEN: h.acme.tokens.read } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => void (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("Checkout fails");
    expect(stdout).not.toContain(h.acme.tokens.read);
  });
});

describe("sift issues resolve / ignore / unresolve", () => {
  it("resolves by query, and the API then lists them as resolved", async () => {
    const res = await sift(["issues", "resolve", "--org", "acme", "--query", "Checkout"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Resolved the issues matching "Checkout"');
    expect(await statusOf(1, "cli-a")).toBe(GroupStatus.RESOLVED);
    expect(await statusOf(1, "cli-b")).toBe(GroupStatus.UNRESOLVED);

    const list = await sift(["issues", "list", "--org", "acme", "--query", "is:resolved"]);
    expect(list.stdout).toMatch(/WEB-\w+\s+resolved\s+2\s+1\s+.*Checkout fails/);
    expect(list.stdout).not.toContain("Login slow");
  });

  it("ignores and unresolves the issues given by --id (ids and short ids), with --json", async () => {
    const login = (await issueRow(h.db, 1, "cli-b"))!;
    const listed = JSON.parse(
      (await sift(["issues", "list", "--org", "acme", "--json"])).stdout,
    ) as IssueJson[];
    const worker = listed.find((i) => i.title === "Worker crashed")!;

    const ignore = await sift([
      "issues",
      "ignore",
      "--org",
      "acme",
      "--id",
      String(login.id),
      "--id",
      worker.shortId,
      "--json",
    ]);
    expect(ignore.code, ignore.stderr).toBe(0);
    expect(JSON.parse(ignore.stdout)).toMatchObject({ matched: true, result: { status: "ignored" } });
    expect(await statusOf(1, "cli-b")).toBe(GroupStatus.IGNORED);
    expect(await statusOf(2, "cli-c")).toBe(GroupStatus.IGNORED);

    const back = await sift(["issues", "unresolve", "--org", "acme", "--project", "api", "--id", worker.id]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toBe(`Unresolved issue(s) ${worker.id} in acme/api.\n`);
    expect(await statusOf(2, "cli-c")).toBe(GroupStatus.UNRESOLVED);
    expect(await statusOf(1, "cli-b")).toBe(GroupStatus.IGNORED);
  });

  it("says so when the query matches nothing", async () => {
    const res = await sift(["issues", "resolve", "--org", "acme", "--query", "no-such-title-anywhere"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe("No issue matched; nothing changed.\n");
  });
});

describe("sift issues: failures", () => {
  it("exits 1 with the API's detail on an HTTP error", async () => {
    const other = await sift(["issues", "list", "--org", "globex"]);
    expect(other.code).toBe(1);
    expect(other.stderr).toBe("sift: the API answered 404: The requested resource does not exist\n");

    const readOnly = await sift(["issues", "resolve", "--org", "acme", "--query", "Login"], {
      apiUrl: url,
      token: h.acme.tokens.read,
    });
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr).toBe(
      "sift: the API answered 403: You do not have permission to perform this action.\n",
    );
    expect(await statusOf(1, "cli-b")).toBe(GroupStatus.IGNORED);

    const badToken = await sift(["issues", "list", "--org", "acme"], {
      apiUrl: url,
      token: `sntryu_${"0".repeat(64)}`,
    });
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toBe("sift: the API answered 401: Invalid token\n");

    const badQuery = await sift(["issues", "list", "--org", "acme", "--query", "is:bogus"]);
    expect(badQuery.code).toBe(1);
    expect(badQuery.stderr).toMatch(/^sift: the API answered 400: Error parsing search query: /);
  });

  it("exits 1 for an unknown short id, and when none of the given ids is the organization's", async () => {
    const unknown = await sift(["issues", "resolve", "--org", "acme", "--id", "WEB-ZZZZ"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("sift: issue WEB-ZZZZ does not exist in acme\n");
    const missing = await sift(["issues", "resolve", "--org", "acme", "--id", "999999999"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("none of 999999999 is an issue of acme");
  });

  it("exits 1 when the API cannot be reached, and 2 on bad arguments", async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, "127.0.0.1", () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise((resolve) => probe.close(resolve));
    const down = await sift(["issues", "list", "--org", "acme"], {
      apiUrl: `http://127.0.0.1:${port}`,
      token: h.acme.tokens.read,
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(`sift: cannot reach the API at http://127.0.0.1:${port}: ECONNREFUSED\n`);

    const noToken = await sift(["issues", "list", "--org", "acme"], { apiUrl: url });
    expect(noToken.code).toBe(2);
    expect(noToken.stdout).toBe("");
    expect(noToken.stderr).toContain("sift: no API token: pass --token or set SIFT_TOKEN");
    expect(noToken.stderr).toContain("Usage: sift issues list");
  });
});
