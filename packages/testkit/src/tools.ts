import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { Admin } from "kafkajs";

/** The repository root (apps are started from it). */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One progress line on stderr, redrawn in place (one line per tenth when stderr is not a terminal). */
export class Progress {
  private last = 0;
  private lastTenth = -1;
  private readonly tty = process.stderr.isTTY === true;
  constructor(private readonly label: string) {}

  update(done: number, total: number, extra = ""): void {
    const now = Date.now();
    if (now - this.last < 200 && done < total) return;
    this.last = now;
    if (!this.tty) {
      // Not a terminal (CI, a pipe): one line per tenth instead of redrawing.
      const tenth = Math.floor((total > 0 ? done / total : 0) * 10);
      if (tenth > this.lastTenth && tenth < 10)
        process.stderr.write(`${this.label}: ${tenth * 10}% ${extra}\n`);
      this.lastTenth = Math.max(this.lastTenth, tenth);
      return;
    }
    const width = 28;
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(ratio * width);
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    process.stderr.write(
      `\r${this.label.padEnd(34)} ${bar} ${(ratio * 100).toFixed(0).padStart(3)}% ${extra}`.padEnd(110),
    );
  }

  done(text = ""): void {
    if (!this.tty) {
      process.stderr.write(`${this.label}: ${text}\n`);
      return;
    }
    process.stderr.write(`\r${this.label.padEnd(34)} ${text}`.padEnd(110) + "\n");
  }
}

export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: readonly string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(" | ")} |`;
  return [
    line(rows[0]!),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.slice(1).map(line),
  ].join("\n");
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Peak resident set (VmHWM) of a process, in MB. */
export function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export interface Daemon {
  child: ChildProcess;
  base: string;
  output(): string;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  /** The child's environment (pass PATH and whatever the app reads). */
  env: Record<string, string | undefined>;
  /** The variable that sets the app's port (a free one is chosen). */
  portVar: string;
  /** Run `apps/<name>/src/main.ts` through tsx instead of the built `dist/main.js`. */
  fromSource?: boolean;
  /** Write a V8 CPU profile of the app into this directory. */
  cpuProfileDir?: string;
}

/** Start an app's composition root and wait until its /readyz answers 200. */
export async function startApp(app: "ingest" | "api", options: StartAppOptions): Promise<Daemon> {
  const port = await freePort();
  let output = "";
  const profile = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const entry = options.fromSource
    ? ["--conditions=@sift/source", "--import", "tsx", `apps/${app}/src/main.ts`]
    : [`apps/${app}/dist/main.js`];
  const child = spawn(process.execPath, [...profile, ...entry], {
    cwd: repoRoot,
    env: {
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      SIFT_JOBS: "off",
      ...options.env,
      [options.portVar]: String(port),
    },
    // With an IPC channel the app stops once this process is gone, however it ends (a test that fails
    // before stopping it, a killed runner): no daemon is left running beside the next test or benchmark.
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  child.channel?.unref();
  child.stdout!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} exited early:\n${output}`);
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${app} did not become ready:\n${output}`);
    await sleep(100);
  }
  return {
    child,
    base,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * The group's committed offsets. A retriable broker answer (the group's coordinator is still being
 * elected on a fresh broker, or moved) is asked again, for at most 30 s.
 */
async function fetchGroupOffsets(admin: Admin, groupId: string, topic: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await admin.fetchOffsets({ groupId, topics: [topic] });
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Sum of the group's committed offsets minus the topic's start offsets (= messages done). */
export async function committedCount(
  admin: Admin,
  groupId: string,
  topic: string,
  low: Map<number, number>,
): Promise<number> {
  const [offsets] = await fetchGroupOffsets(admin, groupId, topic);
  let total = 0;
  for (const p of offsets?.partitions ?? []) {
    const committed = Number(p.offset);
    if (committed >= 0) total += committed - (low.get(p.partition) ?? 0);
  }
  return total;
}

export async function topicLowOffsets(admin: Admin, topic: string): Promise<Map<number, number>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map((o) => [o.partition, Number(o.low)]));
}
