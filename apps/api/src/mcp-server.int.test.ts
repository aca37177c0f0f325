import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { createApiHarness, issueRow } from "./test/harness.js";
import type { ApiHarness } from "./test/harness.js";

// Sentry's MCP server (@sentry/mcp-server, over stdio) against Sift's API on a real socket: every tool
// an assistant needs to find, read and triage an issue. Most tools sit behind its tool catalog and are
// run through `execute_sentry_tool`, as an assistant runs them.

const MCP_SERVER = new URL("../node_modules/@sentry/mcp-server/dist/index.js", import.meta.url).pathname;
const HOUR = 3_600_000;

let h: ApiHarness;
let host: string;
let home: string;
let client: Client;
let web1: number;

/** A client of a fresh MCP server process with `extra` flags; no telemetry, no config of this machine. */
async function connect(extra: string[] = []): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      MCP_SERVER,
      `--access-token=${h.acme.tokens.admin}`,
      `--host=${host}`,
      "--insecure-http",
      "--all-skills",
      ...extra,
    ],
    env: { PATH: process.env.PATH ?? "", HOME: home },
    stderr: "pipe",
  });
  const mcp = new Client({ name: "sift-test", version: "1.0.0" });
  await mcp.connect(transport);
  return mcp;
}

/** The text a tool answered (its first content part); fails on a tool error. */
async function call(mcp: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const result = (await mcp.callTool({ name, arguments: args })) as {
    isError?: boolean;
    content: { type: string; text?: string }[];
  };
  const text = result.content.map((c) => c.text ?? "").join("\n");
  if (result.isError) throw new Error(`${name} failed: ${text}`);
  return text;
}

/** The arguments that name issue WEB-1 to a tool. */
const WEB_1 = { organizationSlug: "acme", issueId: "WEB-1" };

/** `text` has every one of `parts`. */
function expectParts(text: string, parts: readonly string[]): void {
  for (const part of parts) expect(text).toContain(part);
}

const catalog = (mcp: Client, name: string, args: Record<string, unknown>) =>
  call(mcp, "execute_sentry_tool", { name, arguments: args });

beforeAll(async () => {
  h = await createApiHarness();
  host = new URL(await h.app.listen({ port: 0, host: "127.0.0.1" })).host;
  home = mkdtempSync(join(tmpdir(), "sift-mcp-"));
  const now = h.clock.now().getTime();
  await h.ingest([
    {
      projectId: 1,
      fingerprint: "boom",
      title: "TypeError: boom",
      time: new Date(now - 2 * HOUR),
      environment: "production",
      release: "web@1.0.0",
      tags: { browser: "Firefox" },
    },
    {
      projectId: 1,
      fingerprint: "boom",
      title: "TypeError: boom",
      time: new Date(now - HOUR),
      environment: "staging",
      tags: { browser: "Chrome" },
      eventId: "5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e",
    },
    {
      projectId: 1,
      fingerprint: "boom",
      title: "TypeError: boom",
      time: new Date(now - HOUR / 2),
      tags: { browser: "Firefox" },
    },
    { projectId: 2, fingerprint: "slow", title: "Slow query", time: new Date(now - HOUR / 4) },
  ]);
  web1 = (await issueRow(h.db, 1, "boom"))!.id;
  client = await connect();
}, 60_000);
afterAll(async () => {
  await client?.close();
  await h?.destroy();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe("Sentry's MCP server against Sift", () => {
  it("whoami: the token", async () => {
    const text = await catalog(client, "whoami", {});
    const token = await h
      .db("api_tokens")
      .whereRaw("scopes @> ?", [["event:admin"]])
      .first("id");
    expect(JSON.parse(text)).toEqual({
      user: {
        id: `token:${(token as { id: number }).id}`,
        name: `API token ${(token as { id: number }).id}`,
        email: "",
      },
      sessionConstraints: null,
    });
  });

  it("find_organizations and find_projects", async () => {
    expect(JSON.parse(await call(client, "find_organizations", {}))).toEqual({
      organizations: [{ slug: "acme", webUrl: `http://${host}`, regionUrl: `http://${host}` }],
      hasMore: false,
    });
    expect(JSON.parse(await call(client, "find_projects", { organizationSlug: "acme" }))).toEqual({
      projects: [{ slug: "api" }, { slug: "web" }],
      hasMore: false,
    });
    const found = JSON.parse(await call(client, "find_projects", { organizationSlug: "acme", query: "we" }));
    expect(found.projects).toEqual([{ slug: "web" }]);
  });

  it("search_issues: organization-wide, and with a project slug", async () => {
    const all = await call(client, "search_issues", { organizationSlug: "acme", query: "is:unresolved" });
    expectParts(all, ["Found **2** issues", "[WEB-1]", "**TypeError: boom**", "- **Events**: 3", "[API-1]"]);
    const web = await call(client, "search_issues", {
      organizationSlug: "acme",
      query: "is:unresolved",
      projectSlugOrId: "web",
    });
    expect(web).toContain("Found **1** issue:");
    expect(web).toContain("[WEB-1]");
    expect(web).not.toContain("API-1");
  });

  it("get_issue_details: the issue and its latest event", async () => {
    const text = await catalog(client, "get_issue_details", WEB_1);
    expectParts(text, [
      "# Issue WEB-1 in **acme**",
      "**Description**: TypeError: boom",
      "**Occurrences**: 3",
      "**Status**: unresolved",
      "**Project**: web",
      `http://${host}/organizations/acme/issues/WEB-1`,
      "**browser**: Firefox",
    ]);
  });

  it("update_issue resolves the issue, and Sift has it resolved", async () => {
    const text = await call(client, "update_issue", { ...WEB_1, status: "resolved" });
    expect(text).toContain("**Status**: unresolved → **resolved**");
    const issue = await h.request("GET", `/api/0/issues/${web1}/`);
    expect(issue.json()).toMatchObject({ status: "resolved", statusDetails: {} });
  });

  it("add_issue_note and get_issue_activity: the note and the resolution are in the activity", async () => {
    const added = await catalog(client, "add_issue_note", {
      ...WEB_1,
      text: "Fixed by the retry in web@1.0.1",
    });
    expect(added).toContain("**Text**: Fixed by the retry in web@1.0.1");
    const notes = await h.request("GET", `/api/0/issues/${web1}/notes/`);
    expect(notes.json<{ data: { text: string } }[]>().map((n) => n.data.text)).toEqual([
      "Fixed by the retry in web@1.0.1",
    ]);
    const activity = await catalog(client, "get_issue_activity", WEB_1);
    expectParts(activity, [
      "# Activity for Issue WEB-1 in **acme**",
      "set_resolved",
      "first_seen",
      "Fixed by the retry in web@1.0.1",
    ]);
  });

  it("search_issue_events and get_issue_tag_values", async () => {
    const events = await catalog(client, "search_issue_events", { ...WEB_1, query: "environment:staging" });
    expect(events).toContain("5a1e5a1e5a1e5a1e5a1e5a1e5a1e5a1e");
    const tags = JSON.parse(
      await catalog(client, "get_issue_tag_values", { ...WEB_1, tagKey: "browser" }),
    ) as { tag: { key: string; totalValues: number; topValues: { value: string; count: number }[] } };
    expect(tags.tag).toMatchObject({ key: "browser", totalValues: 3 });
    expect(tags.tag.topValues.map((v) => [v.value, v.count])).toEqual([
      ["Firefox", 2],
      ["Chrome", 1],
    ]);
  });

  it("a server constrained to the organization and a project searches that project", async () => {
    const constrained = await connect(["--organization-slug=acme", "--project-slug=api"]);
    try {
      const text = await call(constrained, "search_issues", {
        organizationSlug: "acme",
        query: "is:unresolved",
      });
      expect(text).toContain("[API-1]");
      expect(text).not.toContain("WEB-1");
    } finally {
      await constrained.close();
    }
  }, 30_000);
});
