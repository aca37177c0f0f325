import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "./database.js";
import { testDatabase } from "./test-services.js";
import { repoRoot } from "./tools.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase({ prefix: "startapp" });
});
afterAll(async () => {
  await database.destroy();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("startApp", () => {
  it("an app it started stops when the process that started it is killed", async () => {
    // A runner that starts the API, says its pid and then never stops it, killed with SIGKILL.
    const tools = new URL("./tools.ts", import.meta.url).href;
    const code = `const { startApp } = await import(${JSON.stringify(tools)});
      const app = await startApp("api", { fromSource: true, portVar: "PORT",
        env: { PATH: process.env.PATH, DATABASE_URL: ${JSON.stringify(database.url)} } });
      console.log("app " + app.child.pid);
      setInterval(() => undefined, 1000);`;
    const runner = spawn(
      process.execPath,
      ["--conditions=@sift/source", "--import", "tsx", "--input-type=module", "-e", code],
      { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    const pid = await new Promise<number>((resolve, reject) => {
      runner.stdout.on("data", (d: Buffer) => {
        output += d.toString();
        const m = /app (\d+)/.exec(output);
        if (m) resolve(Number(m[1]));
      });
      runner.stderr.on("data", (d: Buffer) => (output += d.toString()));
      runner.once("exit", () => reject(new Error(`the runner exited first:\n${output}`)));
    });
    try {
      expect(alive(pid)).toBe(true);
      runner.kill("SIGKILL");
      const deadline = Date.now() + 30_000;
      while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(alive(pid)).toBe(false);
    } finally {
      if (alive(pid)) process.kill(pid, "SIGKILL");
    }
  }, 120_000);
});
