import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./tools.js";

const PNPM_BUILTINS = new Set(["install", "exec", "add", "run"]);
const rootScripts = (
  JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

describe("the root package.json", () => {
  it("defines every command the README tells users to run", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const commands = new Set([...readme.matchAll(/\bpnpm ([a-z][a-z:-]*)/g)].map((m) => m[1]!));
    for (const required of ["start", "demo", "test", "bench", "chaos", "sift", "kafka:start", "kafka:stop"]) {
      expect(commands).toContain(required);
    }
    const missing = [...commands].filter((c) => !PNPM_BUILTINS.has(c) && !(c in rootScripts));
    expect(missing).toEqual([]);
  });

  it("points each script that runs a repository file at a file that exists", () => {
    const files = Object.values(rootScripts).flatMap((script) =>
      [...script.matchAll(/(?:^|\s)((?:scripts|apps)\/\S+\.(?:ts|mjs|sh))/g)].map((m) => m[1]!),
    );
    expect(files).toEqual(
      expect.arrayContaining([
        "scripts/start.ts",
        "scripts/demo.ts",
        "scripts/kafka.mjs",
        "apps/cli/src/main.ts",
      ]),
    );
    expect(files.filter((f) => !existsSync(join(repoRoot, f)))).toEqual([]);
  });
});
