import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

import { describe, expect, it } from "vitest";

import { repoRoot } from "./tools.js";

// A user's clone has nothing beside it: no tracked file may read or name a folder next to the
// repository, or a path of one machine.
const OUTSIDE = [
  new RegExp(["\\.\\.", "shared"].join("/")),
  new RegExp(["", "work", ""].join("/")),
  new RegExp(["", "home", "\\w+", ""].join("/")),
];

function trackedFiles(...patterns: string[]): string[] {
  return execFileSync("git", ["ls-files", "-z", "--", ...patterns], { cwd: repoRoot, encoding: "utf8" })
    .split("\0")
    .filter((f) => f !== "" && existsSync(join(repoRoot, f)));
}

function trackedTextFiles(): string[] {
  return trackedFiles().filter(
    (f) => !f.endsWith("pnpm-lock.yaml") && !/\.(png|jpe?g|gif|ico|woff2?)$/.test(f),
  );
}

describe("the repository", () => {
  it("names nothing outside itself", () => {
    const offending: string[] = [];
    for (const file of trackedTextFiles()) {
      readFileSync(join(repoRoot, file), "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (OUTSIDE.some((re) => re.test(line))) offending.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offending).toEqual([]);
  });

  it("links its documents only to files inside it that exist", () => {
    const broken: string[] = [];
    for (const file of trackedFiles("*.md")) {
      const text = readFileSync(join(repoRoot, file), "utf8");
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!.split("#")[0]!;
        if (target === "" || /^[a-z][a-z+.-]*:/i.test(target)) continue;
        const resolved = join(repoRoot, dirname(file), target);
        if (relative(repoRoot, resolved).startsWith("..") || !existsSync(resolved)) {
          broken.push(`${file}: ${match[1]}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
