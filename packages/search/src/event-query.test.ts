import { describe, expect, it } from "vitest";

import { SearchError } from "./errors.js";
import { compileIssueEventFilter, parseEventSort } from "./event-query.js";
import { parseSearchQuery } from "./parser.js";

const NOW = new Date("2026-01-15T12:00:00.000Z");
const compile = (text: string, extra: { environmentNames?: string[] } = {}) =>
  compileIssueEventFilter({ query: parseSearchQuery(text, { now: NOW }), now: NOW, ...extra });

describe("compileIssueEventFilter", () => {
  it("is TRUE without a query, environments or window", () => {
    expect(compile("")).toEqual({ sql: "TRUE", bindings: [] });
  });

  it("binds every value, never writing it into the SQL", () => {
    const { sql, bindings } = compile("level:warning release:web@1.* browser:Chrome 'x'", {
      environmentNames: ["staging"],
    });
    expect(sql).not.toMatch(/warning|web@1|Chrome|staging/);
    expect(bindings).toEqual(expect.arrayContaining(["warning", "web@1.%", "staging"]));
  });

  it.each([
    ["is:unresolved", "status is not a filter of an issue's events"],
    ["assigned:me", "assigned is not a filter of an issue's events"],
    ["times_seen:>5", "times_seen is not a filter of an issue's events"],
    ["first_release:1.0", "first_release is not a filter of an issue's events"],
    ["release:latest", "release:latest is not a filter of an issue's events"],
    ["has:assigned_to", "has:assigned_to is not a filter of an issue's events"],
  ])("%s is a SearchError naming the key", (text, message) => {
    expect(() => compile(text)).toThrow(new SearchError(message));
  });
});

describe("parseEventSort", () => {
  it("takes -timestamp (the default) and timestamp, nothing else", () => {
    expect(parseEventSort(undefined)).toBe("-timestamp");
    expect(parseEventSort("")).toBe("-timestamp");
    expect(parseEventSort("timestamp")).toBe("timestamp");
    expect(() => parseEventSort("date")).toThrow(new SearchError("Sort key 'date' not supported."));
  });
});
