import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./tools.js";

/** pnpm's own commands: their flags come after the command; anything else is a root script. */
const PNPM_BUILTINS = new Set(["install", "add", "exec", "run", "dlx", "build", "why", "list", "outdated"]);
/** Global flags that take a value (`--filter @sift/api`). */
const FLAGS_WITH_VALUE = new Set(["--filter", "-F", "--dir", "-C", "--workspace-root"]);
const PROBE = "sift-readme-probe-that-does-not-exist";
const REPO_DIRS = ["apps", "packages", "scripts", "bench", "chaos", "docs", ".ci"];

function markdownFiles(): string[] {
  const files = ["README.md"];
  for (const dir of ["docs", "apps", "packages", "bench", "chaos"]) {
    const base = join(repoRoot, dir);
    if (!existsSync(base)) continue;
    if (existsSync(join(base, "README.md"))) files.push(join(dir, "README.md"));
    for (const entry of readdirSync(base, { withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith(".md") && entry.name !== "README.md") {
        files.push(join(dir, entry.name));
      }
      if (entry.isDirectory() && existsSync(join(base, entry.name, "README.md"))) {
        files.push(join(dir, entry.name, "README.md"));
      }
    }
  }
  return files;
}

/** The shell code blocks of a markdown file, line continuations joined and comments removed. */
function shellBlocks(file: string): string[] {
  const text = readFileSync(join(repoRoot, file), "utf8");
  return [...text.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)].map((m) =>
    m[1]!
      .replace(/\\\n/g, " ")
      .split("\n")
      .map((line) => line.replace(/(^|\s)#.*$/, ""))
      .join("\n"),
  );
}

interface PnpmCall {
  file: string;
  /** Global flags, the command, and the command's own flags when it is one of pnpm's. */
  args: string[];
  builtin: boolean;
}

function pnpmCalls(file: string): PnpmCall[] {
  const calls: PnpmCall[] = [];
  for (const block of shellBlocks(file)) {
    for (const m of block.matchAll(/(?:^|[\s;&|(])pnpm\s+([^\n;&|)]*)/g)) {
      const words = m[1]!.trim().split(/\s+/).filter(Boolean);
      const args: string[] = [];
      let i = 0;
      while (i < words.length && words[i]!.startsWith("-")) {
        args.push(words[i]!);
        if (FLAGS_WITH_VALUE.has(words[i]!) && i + 1 < words.length) args.push(words[++i]!);
        i++;
      }
      const command = words[i];
      if (command === undefined) continue;
      const builtin = PNPM_BUILTINS.has(command);
      args.push(command);
      if (builtin) {
        // The command's own flags, up to its first positional argument (`exec prettier --write …`).
        for (i++; i < words.length && words[i]!.startsWith("-"); i++) args.push(words[i]!);
      }
      calls.push({ file, args, builtin });
    }
  }
  return calls;
}

/** Paths inside the repository that a code block names (`packages/testkit/fixtures/…`, `apps/api/dist/cli.js`). */
function repoPaths(file: string): string[] {
  const pattern = new RegExp(
    `(?:^|[\\s@=("'])((?:${REPO_DIRS.map((d) => d.replace(".", "\\.")).join("|")})/[\\w./@+-]*)`,
    "g",
  );
  return shellBlocks(file).flatMap((block) =>
    [...block.matchAll(pattern)].map((m) => m[1]!.replace(/[.,:]+$/, "")),
  );
}

/** A built file exists after `pnpm build` when its source is one of the workspace's tsup entries. */
function builtFrom(path: string): string | null {
  const match = /^(.*)\/dist\/([\w-]+)\.js$/.exec(path);
  if (!match) return null;
  const [, workspace, name] = match;
  const config = join(repoRoot, workspace!, "tsup.config.ts");
  if (!existsSync(config)) return null;
  const source = `src/${name}.ts`;
  return readFileSync(config, "utf8").includes(`"${source}"`) ? join(workspace!, source) : null;
}

function rejectedFlag(call: PnpmCall): string | null {
  // pnpm refuses an unknown flag before it looks for the command, so a missing script is a safe probe;
  // pnpm's own commands are asked for their help instead of being run.
  const args = call.builtin ? [...call.args, "--help"] : [...call.args.slice(0, -1), PROBE];
  const result = spawnSync("pnpm", args, { cwd: repoRoot, encoding: "utf8", timeout: 30_000 });
  const output = `${result.stdout}${result.stderr}`;
  const unexpected = /unexpected argument '([^']+)'/.exec(output);
  return unexpected ? unexpected[1]! : null;
}

const files = markdownFiles();

describe("the commands the documentation shows", () => {
  it("finds the README's pnpm commands", () => {
    const commands = pnpmCalls("README.md").map((c) => c.args.join(" "));
    expect(commands).toContain("--silent sift");
    expect(commands).toContain("install --frozen-lockfile");
  });

  it("uses no pnpm flag that pnpm rejects", { timeout: 120_000 }, () => {
    const distinct = new Map<string, PnpmCall>();
    for (const call of files.flatMap(pnpmCalls)) distinct.set(call.args.join(" "), call);
    const rejected = [...distinct.values()].flatMap((call) => {
      const flag = rejectedFlag(call);
      return flag === null ? [] : [`${call.file}: pnpm ${call.args.join(" ")} (pnpm rejects ${flag})`];
    });
    expect(rejected).toEqual([]);
  });

  it("a pnpm flag pnpm rejects is caught", () => {
    expect(rejectedFlag({ file: "README.md", args: ["-s", "sift"], builtin: false })).toBe("-s");
    expect(rejectedFlag({ file: "README.md", args: ["--silent", "sift"], builtin: false })).toBeNull();
  });

  it("names only files that exist in the repository", () => {
    const missing = files.flatMap((file) =>
      repoPaths(file)
        .filter((path) => !existsSync(join(repoRoot, path)) && builtFrom(path) === null)
        .map((path) => `${file}: ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it("a built file counts only when its source is a build entry", () => {
    expect(builtFrom("apps/api/dist/main.js")).toBe(join("apps/api", "src/main.ts"));
    expect(builtFrom("apps/api/dist/no-such-entry.js")).toBeNull();
  });

  it("reads the README, the docs and every workspace README", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "README.md",
        join("docs", "wire-format.md"),
        join("apps", "api", "README.md"),
        join("packages", "testkit", "README.md"),
      ]),
    );
  });
});
