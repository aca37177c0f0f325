// `pnpm start`: migrate, then run the ingest daemon and the API side by side until Ctrl-C, a signal
// (SIGTERM, SIGINT, SIGHUP), or the death of the process that started it. pnpm does not pass signals
// on to the script it runs, so this process watches its parent, and the daemons watch this process
// through their IPC channel: whichever of them goes away, nothing is left running.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = { ...process.env };
const databaseUrl = env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/sift";
const apiPort = env.PORT ?? "8000";
const ingestPort = env.INGEST_PORT ?? "8001";
const kafka = (env.KAFKA_BROKERS ?? "").trim() !== "";

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** `sift migrate`: creates the database if needed and applies migrations. */
function migrate(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=@sift/source", "--import", "tsx", "apps/cli/src/main.ts", "migrate"],
      {
        cwd: root,
        env,
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`migrate exited with ${code}`))));
  });
}

function run(name: string, entry: string): ChildProcess {
  // The IPC channel closes when this process dies, however it dies; the daemons stop on that.
  const child = spawn(process.execPath, ["--conditions=@sift/source", "--import", "tsx", entry], {
    cwd: root,
    env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      say(`${name} exited (${signal ?? code}); stopping Sift`);
      void stop(code ?? 1);
    }
  });
  return child;
}

async function waitReady(url: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

let stopping = false;
const children: ChildProcess[] = [];
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(0));

// When pnpm (or whatever started this) is gone, this process has been re-parented: stop too.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) {
    say("the process that started Sift is gone; stopping");
    void stop(0);
  }
}, 250).unref();

try {
  await migrate();
} catch {
  say(`could not migrate the database at ${databaseUrl.replace(/:[^:@/]*@/, ":***@")}`);
  say("start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
  process.exit(1);
}
const ingest = run("ingest daemon", "apps/ingest/src/main.ts");
const api = run("API", "apps/api/src/main.ts");
children.push(ingest, api);
const [ingestReady, apiReady] = await Promise.all([
  waitReady(`http://127.0.0.1:${ingestPort}/readyz`, ingest),
  waitReady(`http://127.0.0.1:${apiPort}/readyz`, api),
]);
// A stop asked for while starting (a signal, the parent gone) is not a failure to start.
if (stopping) await new Promise(() => undefined);
if (!ingestReady || !apiReady) {
  say(`Sift did not become ready (${!ingestReady ? "ingest daemon" : "API"}); see the logs above`);
  await stop(1);
}
say(`
Sift is running (Ctrl-C stops it)
  API      http://127.0.0.1:${apiPort}/api/0/            reference: http://127.0.0.1:${apiPort}/api/0/docs
  intake   http://127.0.0.1:${ingestPort}/api/0/organizations/<org>/occurrences/
  ingest   ${kafka ? `Kafka (${env.KAFKA_BROKERS})` : "direct processing (set KAFKA_BROKERS to consume from Kafka)"}

A demo stream and a token:   pnpm demo
Or by hand:
  pnpm sift org create acme
  pnpm sift project create acme web --id 1
  pnpm sift token create acme --scopes event:read,event:write,event:admin
`);
