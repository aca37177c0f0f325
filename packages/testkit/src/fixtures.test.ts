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

  it("lists the five valid fixtures", () => {
    expect(listFixtures("valid")).toEqual([
      "valid/occurrence-buffered-spans.json",
      "valid/occurrence-inline-event.json",
      "valid/occurrence-lookup-event.json",
      "valid/status-change-archive-forever.json",
      "valid/status-change-resolve.json",
    ]);
  });

  it("lists the five invalid fixtures", () => {
    expect(listFixtures("invalid")).toEqual([
      "invalid/bad-uuid.json",
      "invalid/no-event-id.json",
      "invalid/not-json.txt",
      "invalid/project-mismatch.json",
      "invalid/unknown-type.json",
    ]);
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
