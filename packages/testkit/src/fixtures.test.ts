import { existsSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { fixturesDir, listFixtures, loadFixture, loadFixtureText } from "./fixtures.js";

describe("fixtures", () => {
  it("finds the fixtures inside the testkit package", () => {
    expect(path.basename(fixturesDir)).toBe("fixtures");
    expect(path.basename(path.dirname(fixturesDir))).toBe("testkit");
    expect(existsSync(path.join(fixturesDir, "README.md"))).toBe(true);
  });

  const fixtureNames = {
    valid: [
      "occurrence-buffered-spans.json",
      "occurrence-inline-event.json",
      "occurrence-lookup-event.json",
      "status-change-archive-forever.json",
      "status-change-resolve.json",
    ],
    invalid: [
      "bad-uuid.json",
      "no-event-id.json",
      "not-json.txt",
      "project-mismatch.json",
      "unknown-type.json",
    ],
  };
  it.each(["valid", "invalid"] as const)("lists the five %s fixtures", (kind) => {
    expect(listFixtures(kind)).toEqual(fixtureNames[kind].map((name) => `${kind}/${name}`));
  });

  it("parses a JSON fixture", () => {
    const occurrence = loadFixture("valid/occurrence-inline-event.json") as Record<string, unknown>;
    expect(occurrence.payload_type).toBe("occurrence");
    expect(occurrence.project_id).toBe(1);
    expect(occurrence.issue_title).toBe("N+1 Query");
  });

  it("gives the raw text of a fixture that is not JSON, and loadFixture rejects it", () => {
    const raw = loadFixtureText("invalid/not-json.txt");
    expect(raw.startsWith('{"id": "b6e6e7d9e58240fd81015666e96eb034"')).toBe(true);
    expect(() => loadFixture("invalid/not-json.txt")).toThrow(SyntaxError);
  });
});
