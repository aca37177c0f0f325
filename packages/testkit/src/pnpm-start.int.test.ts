import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { TestDatabase } from "./database.js";
import { testDatabase } from "./test-services.js";
import { freePort, repoRoot } from "./tools.js";

// `pnpm start` must leave nothing behind however it is stopped: pnpm 12 does not pass signals on to
// the script it runs, so these tests signal (or kill) only one process of the tree and then check that
// every process of the tree is gone and both ports are free. So must an app `startApp` started.

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase({ prefix: "start" });
});
afterAll(async () => {
  await database.destroy();
});

/** The parent pid of each live process, from /proc. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid …; comm may hold spaces and parentheses, so read after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      out.set(Number(entry), ppid);
    } catch {
      // the process ended while we read
    }
  }
  return out;
}

function descendants(root: number): number[] {
  const byParent = parents();
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const [child, parent] of byParent) {
      if (parent === pid) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function waitFor(what: string, ok: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200;
  } catch {
    return false;
  }
}

interface Started {
  pnpm: number;
  tree: number[];
  ports: number[];
  output: () => string;
}

async function startSift(): Promise<Started> {
  const [apiPort, ingestPort] = [await freePort(), await freePort()];
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: database.url,
    PORT: String(apiPort),
    INGEST_PORT: String(ingestPort),
    LOG_LEVEL: "warn",
    SIFT_JOBS: "off",
  };
  delete env.KAFKA_BROKERS;
  const child = spawn("pnpm", ["start"], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  await waitFor(
    `pnpm start to be ready:\n${output}`,
    // The start script says so once it has seen both ready itself: a signal before that would stop a
    // start still in progress.
    async () => output.includes("Sift is running") && (await ready(apiPort)) && (await ready(ingestPort)),
    120_000,
  );
  const tree = descendants(child.pid!);
  return { pnpm: child.pid!, tree, ports: [apiPort, ingestPort], output: () => output };
}

async function expectAllGone(started: Started): Promise<void> {
  await waitFor(
    "every process of pnpm start to exit and both ports to be free",
    async () =>
      !alive(started.pnpm) &&
      started.tree.every((pid) => !alive(pid)) &&
      !(await listening(started.ports[0]!)) &&
      !(await listening(started.ports[1]!)),
    // Generous for a loaded machine: the ingest daemon finishes its batch and closes its clients first.
    45_000,
  );
}

describe("pnpm start", () => {
  for (const signal of ["SIGTERM", "SIGHUP", "SIGKILL"] as const) {
    it(`stops the API and the ingest daemon when only its pnpm process gets ${signal}`, async () => {
      const started = await startSift();
      // pnpm, the start script and the two daemons (each daemon may run an esbuild helper too).
      expect(started.tree.length).toBeGreaterThanOrEqual(3);
      process.kill(started.pnpm, signal);
      await expectAllGone(started);
      expect(started.output()).not.toContain("did not become ready");
    });
  }

  it("stops both daemons when the start script itself is killed", async () => {
    const started = await startSift();
    const script = started.tree.find((pid) => {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      return cmd.includes("scripts/start.ts");
    });
    if (script === undefined) throw new Error(`no start script among ${started.tree.join(", ")}`);
    process.kill(script, "SIGKILL");
    // The daemons notice through their IPC channel; pnpm ends once its script is gone.
    await expectAllGone(started);
  });
});

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
    runner.stdout.on("data", (d: Buffer) => (output += d.toString()));
    runner.stderr.on("data", (d: Buffer) => (output += d.toString()));
    await waitFor("the runner to start the API", () => /app \d+/.test(output), 120_000);
    const pid = Number(/app (\d+)/.exec(output)![1]);
    try {
      expect(alive(pid)).toBe(true);
      runner.kill("SIGKILL");
      await waitFor("the API to exit after its runner", () => !alive(pid), 30_000);
    } finally {
      if (alive(pid)) process.kill(pid, "SIGKILL");
    }
  }, 180_000);
});
