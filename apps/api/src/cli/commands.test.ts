import { describe, expect, it } from "vitest";
import { CliUsageError, parseCliArgs } from "./commands.js";

function usageError(argv: string[]): string {
  try {
    parseCliArgs(argv);
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
