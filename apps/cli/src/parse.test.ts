import { describe, expect, it } from "vitest";
import { CliUsageError } from "./errors.js";
import { parseCliArgs } from "./parse.js";
import type { CliEnv } from "./commands.js";

function usageError(argv: string[], env: CliEnv = {}): string {
  try {
    parseCliArgs(argv, env);
  } catch (error) {
    if (error instanceof CliUsageError) return error.message;
    throw error;
  }
  throw new Error(`no usage error for ${argv.join(" ")}`);
}

describe("sift CLI arguments", () => {
  it("parses every command", () => {
    expect(parseCliArgs(["migrate"])).toEqual({ kind: "migrate", json: false });
    expect(parseCliArgs(["org", "create", "acme", "--name", "Acme Inc", "--json"])).toEqual({
      kind: "org-create",
      slug: "acme",
      name: "Acme Inc",
      json: true,
    });
    expect(parseCliArgs(["org", "feature", "acme", "performance-http-overhead-ingest", "on"])).toEqual({
      kind: "org-feature",
      org: "acme",
      flag: "performance-http-overhead-ingest",
      enabled: true,
      json: false,
    });
    // Sentry's prefixed name is the same flag.
    expect(
      parseCliArgs(["org", "feature", "acme", "organizations:profile-file-io-main-thread-ingest", "on"]),
    ).toMatchObject({ kind: "org-feature", flag: "profile-file-io-main-thread-ingest", enabled: true });
    expect(parseCliArgs(["project", "create", "acme", "web", "--id", "42"])).toMatchObject({
      kind: "project-create",
      org: "acme",
      slug: "web",
      id: 42,
      name: null,
    });
    expect(
      parseCliArgs(["token", "create", "acme", "--scopes", "event:read, event:write,event:read"]),
    ).toMatchObject({
      kind: "token-create",
      scopes: ["event:read", "event:write"],
    });
    expect(
      parseCliArgs(["user", "create", "ann@acme.test", "--org", "acme", "--username", "ann"]),
    ).toMatchObject({
      kind: "user-create",
      email: "ann@acme.test",
      username: "ann",
      org: "acme",
    });
    expect(parseCliArgs(["team", "create", "acme", "backend"])).toMatchObject({
      kind: "team-create",
      org: "acme",
      slug: "backend",
    });
    expect(parseCliArgs(["team", "add-member", "acme", "backend", "ann@acme.test"])).toMatchObject({
      kind: "team-add-member",
      team: "backend",
    });
  });

  it("has --help everywhere", () => {
    for (const argv of [
      [],
      ["--help"],
      ["help"],
      ["migrate", "--help"],
      ["org", "--help"],
      ["org", "create", "--help"],
      ["org", "feature", "-h"],
      ["project", "create", "--help"],
      ["token", "create", "--help"],
      ["user", "create", "--help"],
      ["team", "create", "--help"],
      ["team", "add-member", "--help"],
      ["issues", "--help"],
      ["issues", "list", "--help"],
      ["issues", "resolve", "--help"],
      ["issues", "ignore", "-h"],
      ["issues", "unresolve", "--help"],
    ]) {
      const parsed = parseCliArgs(argv);
      expect(parsed.kind, argv.join(" ")).toBe("help");
      expect((parsed as { text: string }).text).toMatch(/^Usage: sift/);
    }
  });

  it.each<[string[], string]>([
    [["frobnicate"], 'unknown command "frobnicate"'],
    [["org"], '"org" needs a subcommand'],
    [["org", "delete", "acme"], 'unknown command "org delete"'],
    [["org", "create"], "missing argument(s)"],
    [["org", "create", "a", "b"], 'unexpected argument "b"'],
    [["org", "create", "Not A Slug"], 'invalid organization slug "Not A Slug"'],
    [["org", "create", "acme", "--colour", "red"], "Unknown option '--colour'"],
    [["org", "feature", "acme", "flag", "maybe"], 'expected "on" or "off", got "maybe"'],
    [["project", "create", "acme", "web", "--id", "abc"], 'invalid --id "abc"'],
    [["project", "create", "acme", "web", "--id", "0"], 'invalid --id "0"'],
    [["token", "create", "acme"], "--scopes is required"],
    [["token", "create", "acme", "--scopes", "event:delete"], 'invalid scope(s) "event:delete"'],
    [["token", "create", "acme", "--scopes", ","], "invalid scope(s) (none)"],
    [["user", "create", "not-an-email", "--org", "acme"], 'invalid email "not-an-email"'],
    [["user", "create", "a@b.test"], "--org is required"],
    [["team", "create", "acme", "Bad Team"], 'invalid team slug "Bad Team"'],
  ])("%j → %s", (argv, message) => {
    expect(usageError(argv)).toContain(message);
  });
});

const TOKEN = `sntryu_${"a".repeat(64)}`;

describe("sift issues arguments", () => {
  it("parses list and the bulk updates, with the API from the options or the environment", () => {
    expect(
      parseCliArgs(
        ["issues", "list", "--org", "acme", "--project", "web", "--query", "is:resolved", "--limit", "5"],
        { token: TOKEN },
      ),
    ).toEqual({
      kind: "issues-list",
      org: "acme",
      project: "web",
      query: "is:resolved",
      sort: null,
      limit: 5,
      cursor: null,
      api: { url: "http://127.0.0.1:8000", token: TOKEN },
      json: false,
    });
    // Options win over SIFT_URL / SIFT_TOKEN; a trailing slash is dropped.
    expect(
      parseCliArgs(
        ["issues", "resolve", "--org", "acme", "--url", "http://api.test:9000/", "--token", "t0k", "--json"],
        { apiUrl: "http://other.test", token: TOKEN },
      ),
    ).toEqual({
      kind: "issues-update",
      action: "resolve",
      org: "acme",
      project: null,
      query: null,
      ids: [],
      api: { url: "http://api.test:9000", token: "t0k" },
      json: true,
    });
    expect(
      parseCliArgs(["issues", "ignore", "--org", "acme", "--id", "42", "--id", "WEB-1F"], {
        apiUrl: "https://sift.example.com",
        token: TOKEN,
      }),
    ).toMatchObject({
      kind: "issues-update",
      action: "ignore",
      ids: ["42", "WEB-1F"],
      query: null,
      api: { url: "https://sift.example.com" },
    });
    // An empty query is kept: it means "every issue", not the default query.
    expect(
      parseCliArgs(["issues", "unresolve", "--org", "acme", "--query", ""], { token: TOKEN }),
    ).toMatchObject({ action: "unresolve", query: "" });
  });

  it.each<[string[], CliEnv, string]>([
    [["issues"], {}, '"issues" needs a subcommand'],
    [["issues", "close", "--org", "acme"], { token: TOKEN }, 'unknown command "issues close"'],
    [["issues", "list"], { token: TOKEN }, "--org is required"],
    [["issues", "list", "--org", "Not A Slug"], { token: TOKEN }, 'invalid --org "Not A Slug"'],
    [["issues", "list", "--org", "acme"], {}, "no API token: pass --token or set SIFT_TOKEN"],
    [["issues", "list", "--org", "acme", "--token", ""], {}, "no API token"],
    [["issues", "list", "--org", "acme", "--url", "ftp://x"], { token: TOKEN }, 'invalid --url "ftp://x"'],
    [["issues", "list", "--org", "acme"], { token: TOKEN, apiUrl: "nope" }, 'invalid SIFT_URL "nope"'],
    [["issues", "list", "--org", "acme", "--limit", "0"], { token: TOKEN }, 'invalid --limit "0"'],
    [["issues", "list", "--org", "acme", "--limit", "101"], { token: TOKEN }, 'invalid --limit "101"'],
    [["issues", "list", "--org", "acme", "--id", "1"], { token: TOKEN }, "Unknown option '--id'"],
    [["issues", "list", "--org", "acme", "extra"], { token: TOKEN }, 'unexpected argument "extra"'],
    [["issues", "resolve", "--org", "acme", "--id", "1.5"], { token: TOKEN }, 'invalid --id "1.5"'],
    [
      ["issues", "resolve", "--org", "acme", "--id", "1", "--query", "is:unresolved"],
      { token: TOKEN },
      "use --id or --query, not both",
    ],
  ])("%j with %j → %s", (argv, env, message) => {
    expect(usageError(argv, env)).toContain(message);
  });
});
