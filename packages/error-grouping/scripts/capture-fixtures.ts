// Captures the fixtures in ../fixtures/ from the real SDKs: it starts a small HTTP server that
// answers Sentry's store and envelope endpoints and keeps every event it receives, then runs
//   - apps/node-app.mjs with @sentry/node (this package's devDependency),
//   - apps/python-app.py with Debian's python3-sentry-sdk (/usr/bin/python3),
//   - apps/browser-app.js with @sentry/browser, bundled by esbuild and opened in Debian's Chromium
//     (/usr/bin/chromium) through playwright-core,
// and writes each event, as the SDK sent it, to ../fixtures/<sdk>/<scenario>.json (the scenario is the
// event's `fixture` tag). The one change made to a payload: the repository's absolute path is replaced
// by /srv/sift, so that the files do not depend on where the repository was checked out.
//
//   apt-get install -y python3-sentry-sdk && apt-get install -y --no-install-recommends chromium
//   pnpm --filter @sift/error-grouping capture-fixtures
//
// Tests never run this: they read the files it wrote.
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { build } from "esbuild";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const fixturesDir = resolve(here, "../fixtures");
const repoRoot = resolve(here, "../../..");
const PORT = 47611;
/** One event per scenario of the three apps. */
const EXPECTED_EVENTS = 26;
const run = promisify(execFile);

type SdkEvent = { event_id?: string; tags?: Record<string, string> | [string, string][] };

const events = new Map<string, SdkEvent>();
let onEvent: () => void = () => undefined;

function decode(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === "gzip") return gunzipSync(body);
  if (encoding === "deflate") return inflateSync(body);
  if (encoding === "br") return brotliDecompressSync(body);
  return body;
}

/** The `event` items of an envelope: header line, then per item a header line and a payload. */
function envelopeEvents(data: Buffer): SdkEvent[] {
  const found: SdkEvent[] = [];
  let offset = data.indexOf(10) + 1;
  while (offset > 0 && offset < data.length) {
    const headerEnd = data.indexOf(10, offset);
    const header = JSON.parse(data.subarray(offset, headerEnd).toString()) as {
      type: string;
      length?: number;
    };
    const start = headerEnd + 1;
    const end = header.length === undefined ? data.indexOf(10, start) : start + header.length;
    const payload = data.subarray(start, end === -1 ? data.length : end);
    if (header.type === "event") found.push(JSON.parse(payload.toString()) as SdkEvent);
    offset = (end === -1 ? data.length : end) + 1;
  }
  return found;
}

function fixtureName(event: SdkEvent): string | undefined {
  const tags = event.tags;
  if (Array.isArray(tags)) return tags.find(([key]) => key === "fixture")?.[1];
  return tags?.fixture;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function handle(req: IncomingMessage, res: ServerResponse, page: string, script: string) {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Headers", "*");
  const url = new URL(req.url ?? "/", "http://localhost");
  if (req.method === "GET" && url.pathname === "/") return void res.end(page);
  if (req.method === "GET" && url.pathname === "/app.js") {
    res.setHeader("Content-Type", "text/javascript");
    return void res.end(script);
  }
  if (req.method !== "POST") return void res.end();
  const body = decode(await readBody(req), req.headers["content-encoding"]);
  const received = url.pathname.endsWith("/store/")
    ? [JSON.parse(body.toString()) as SdkEvent]
    : envelopeEvents(body);
  for (const event of received) {
    const name = fixtureName(event);
    if (name) events.set(name, event);
  }
  if (received.length) onEvent();
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(received[0]?.event_id ? { id: received[0].event_id } : {}));
}

function waitForEvents(count: number): Promise<void> {
  return new Promise((done) => {
    onEvent = () => events.size >= count && done();
    onEvent();
  });
}

async function main() {
  const bundle = await build({
    entryPoints: [join(here, "apps/browser-app.js")],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2022",
  });
  const script = bundle.outputFiles[0]?.text ?? "";
  const dsn = `http://key@127.0.0.1:${PORT}/1`;
  const page = `<!doctype html><html><body><button id="checkout">Checkout</button><script>window.SENTRY_DSN = ${JSON.stringify(dsn)};</script><script src="/app.js"></script></body></html>`;
  const server = createServer((req, res) => {
    handle(req, res, page, script).catch((error: unknown) => {
      console.error(error);
      res.statusCode = 400;
      res.end();
    });
  });
  await new Promise<void>((done) => server.listen(PORT, "127.0.0.1", done));
  console.log(`capture server on ${(server.address() as AddressInfo).port}`);

  await run(process.execPath, [join(here, "apps/node-app.mjs"), dsn], { cwd: join(here, "apps") });
  await run("/usr/bin/python3", [join(here, "apps/python-app.py"), dsn], { cwd: join(here, "apps") });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${PORT}/`);
  await tab.waitForFunction(() => (window as unknown as { fixturesDone?: boolean }).fixturesDone === true);
  await browser.close();
  await waitForEvents(EXPECTED_EVENTS);
  server.close();

  for (const [name, event] of [...events].sort(([a], [b]) => a.localeCompare(b))) {
    const text = JSON.stringify(event, null, 2).replaceAll(repoRoot, "/srv/sift");
    const file = join(fixturesDir, `${name}.json`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${text}\n`);
    console.log(`wrote fixtures/${name}.json`);
  }
}

await main();
