import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type FixtureKind = "valid" | "invalid";

// src/fixtures.ts (and dist/index.js) sit one level below the package root.
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The wire-format message fixtures (`packages/testkit/fixtures`). */
export const fixturesDir = path.join(packageRoot, "fixtures");

/** The text of a fixture, e.g. `loadFixtureText("invalid/not-json.txt")`. */
export function loadFixtureText(relPath: string): string {
  return readFileSync(path.join(fixturesDir, relPath), "utf8");
}

/** A fixture parsed as JSON, e.g. `loadFixture("valid/occurrence-inline-event.json")`. */
export function loadFixture(relPath: string): unknown {
  return JSON.parse(loadFixtureText(relPath)) as unknown;
}

/** The fixture files of one kind, as sorted paths relative to `fixturesDir` (`valid/…`). */
export function listFixtures(kind: FixtureKind): string[] {
  const dir = path.join(fixturesDir, kind);
  return readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isFile())
    .sort()
    .map((name) => `${kind}/${name}`);
}
