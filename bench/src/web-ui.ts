import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { hashPassword } from "@sift/schemas";
import { addOrganizationMember, createDb, createUser, setUserPassword } from "@sift/storage";
import { Progress, percentile, repoRoot } from "@sift/testkit";
import type { QueryDatabase } from "./query.js";

export interface WebUiOptions {
  samples: number;
  /** Samples run first and left out of the figures. */
  warmups: number;
  /** Chromium's executable. */
  executablePath: string;
}

export interface Timing {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface WebUiResult {
  issues: number;
  /** Seconds the database took to seed (shared with query-latency). */
  seedSeconds: number;
  samples: number;
  /** Navigation → the first issue row painted, in a fresh browser context (empty cache, signed in). */
  streamCold: Timing;
  /** The same navigation again in that context: the assets come from its HTTP cache. */
  streamWarm: Timing;
  /** Click on a row's short id → the issue page's `h1` painted, in the same document. */
  rowToIssue: Timing;
  /** The stream route's JavaScript: every `.js` file it loads before its first rows, gzipped. */
  streamJs: { gzipBytes: number; files: string[] };
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

const USER = { email: "bench-ui@bench.test", password: "bench ui password" };
const VIEWPORT = { width: 1360, height: 900 };
const WAIT_MS = 60_000;
const WEB_DIST = resolve(repoRoot, "apps/web/dist");

/**
 * Runs in every document before the app (`addInitScript`). It notes, in the animation frame that paints
 * them, when the first issue row and the awaited `h1` are in the document, and the time of the click it
 * was armed for; `performance.now()` counts from the start of the document's navigation. A string, so
 * that nothing the TypeScript loader adds to functions reaches the page.
 */
const PROBE = `(() => {
  const b = { rows: null, h1: null, click: null, title: null, marker: null, pending: {} };
  window.__siftBench = b;
  const paintedAt = (key) => {
    if (b[key] !== null || b.pending[key]) return;
    b.pending[key] = true;
    requestAnimationFrame(() => { b[key] = performance.now(); });
  };
  const check = () => {
    if (document.querySelector("table.issues tbody tr")) paintedAt("rows");
    if (b.title !== null)
      for (const h of document.querySelectorAll("h1")) if (h.textContent === b.title) paintedAt("h1");
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  addEventListener("click", (e) => { if (b.title !== null && b.click === null) b.click = e.timeStamp; }, true);
})();`;

/** What PROBE notes in `window.__siftBench`. */
interface Probe {
  rows: number | null;
  h1: number | null;
  click: number | null;
  title: string | null;
  marker: number | null;
}

/** The page's probe, in functions run in the page (they cannot call this module's functions). */
type InPage = { __siftBench?: Probe };

const timing = (values: readonly number[]): Timing => ({
  p50Ms: percentile(values, 50),
  p95Ms: percentile(values, 95),
  maxMs: Math.max(...values),
});

/** A member of the seeded organisation with a password (the storage functions `sift user create` uses). */
async function createBenchUser(database: QueryDatabase): Promise<void> {
  const db = createDb({ url: database.url, poolMax: 1 });
  try {
    const { user } = await createUser(db, { email: USER.email, name: "Bench" });
    await addOrganizationMember(db, database.organizationId, user.id, "member");
    await setUserPassword(db, user.id, await hashPassword(USER.password));
  } finally {
    await db.destroy();
  }
}

/** Signs in once through the login page; every sample's context starts with its cookies and storage. */
async function signIn(browser: Browser, base: string, org: string): Promise<StorageState> {
  const context = await browser.newContext({ baseURL: base, viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.goto("/auth/login/");
    await page.getByLabel("Email").fill(USER.email);
    await page.getByLabel("Password").fill(USER.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(new RegExp(`/organizations/${org}/issues/`), { timeout: WAIT_MS });
    return await context.storageState();
  } finally {
    await context.close();
  }
}

/** Navigates to the stream; answers ms from the navigation's start to the first issue row painted. */
async function openStream(page: Page, path: string): Promise<number> {
  await page.goto(path, { waitUntil: "commit" });
  await page.waitForFunction(() => (globalThis as unknown as InPage).__siftBench?.rows != null, undefined, {
    timeout: WAIT_MS,
  });
  return (await page.evaluate(() => (globalThis as unknown as InPage).__siftBench!.rows))!;
}

/** Pathnames of the `.js` files the document fetched before its first issue row was painted. */
async function scriptsBeforeRows(page: Page): Promise<string[]> {
  return (await page.evaluate(`performance.getEntriesByType("resource")
    .filter((e) => e.startTime <= window.__siftBench.rows)
    .map((e) => new URL(e.name).pathname)
    .filter((p) => p.endsWith(".js"))`)) as string[];
}

/**
 * Clicks the short id of row `index` (modulo the page) and answers ms from the click to the issue page's
 * `h1` painted. Throws unless the document is the one the click was made in (no full reload).
 */
async function openIssue(page: Page, index: number): Promise<number> {
  const rows = page.locator("table.issues tbody tr");
  const row = rows.nth(index % (await rows.count()));
  const title = (await row.locator(".title").textContent()) ?? "";
  const link = row.getByRole("link").first();
  const href = (await link.getAttribute("href")) ?? "";
  await page.evaluate(
    `Object.assign(window.__siftBench, { marker: ${index}, title: ${JSON.stringify(title)} })`,
  );
  await link.click();
  await page.getByRole("heading", { level: 1, name: title, exact: true }).waitFor({ timeout: WAIT_MS });
  await page.waitForFunction(() => (globalThis as unknown as InPage).__siftBench?.h1 != null, undefined, {
    timeout: WAIT_MS,
  });
  const probe = (await page.evaluate(() => (globalThis as unknown as InPage).__siftBench))!;
  if (probe.marker !== index || probe.click === null)
    throw new Error(`opening ${href} from the stream reloaded the app (a new document)`);
  if (new URL(page.url()).pathname !== href.split("?")[0])
    throw new Error(`the row's link ${href} opened ${page.url()}`);
  return probe.h1! - probe.click;
}

interface Sample {
  cold: number;
  warm: number;
  click: number;
  scripts: string[];
}

/**
 * One user's first visit: a fresh context (no HTTP cache, the session's cookies), the stream, a click
 * on a row once the stream's requests have settled (as a user reads the list first), then the stream
 * again in that context.
 */
async function sample(browser: Browser, base: string, storage: StorageState, path: string, index: number) {
  const context = await browser.newContext({ baseURL: base, viewport: VIEWPORT, storageState: storage });
  try {
    await context.addInitScript({ content: PROBE });
    const page = await context.newPage();
    const cold = await openStream(page, path);
    const scripts = await scriptsBeforeRows(page);
    await page.waitForLoadState("networkidle", { timeout: WAIT_MS });
    const click = await openIssue(page, index);
    const warm = await openStream(page, path);
    return { cold, warm, click, scripts } satisfies Sample;
  } finally {
    await context.close();
  }
}

/** The build's `index.html` scripts (the entry and its preloads) and whatever else the samples loaded. */
function streamJavaScript(loaded: Iterable<string>): { gzipBytes: number; files: string[] } {
  const html = readFileSync(resolve(WEB_DIST, "index.html"), "utf8");
  const files = new Set([...html.matchAll(/(?:src|href)="(\/[^"]+\.js)"/g)].map((m) => m[1]!));
  for (const file of loaded) files.add(file);
  const sorted = [...files].sort();
  const gzipBytes = sorted.reduce(
    (sum, file) => sum + gzipSync(readFileSync(resolve(WEB_DIST, `.${file}`))).length,
    0,
  );
  return { gzipBytes, files: sorted };
}

/**
 * The web UI on query-latency's database: a member signs in once in a headless Chromium; each sample
 * then times a first visit to the stream and the click from a row to its issue page.
 */
export async function webUi(database: QueryDatabase, options: WebUiOptions): Promise<WebUiResult> {
  if (!existsSync(resolve(WEB_DIST, "index.html")))
    throw new Error("apps/web/dist has no index.html: pnpm build builds the web UI");
  await createBenchUser(database);
  const browser = await chromium.launch({ executablePath: options.executablePath, args: ["--no-sandbox"] });
  try {
    const base = database.api.base;
    const storage = await signIn(browser, base, database.org);
    const path = `/organizations/${database.org}/issues/`;
    const samples: Sample[] = [];
    const progress = new Progress("web-ui: samples");
    for (let i = -options.warmups; i < options.samples; i++) {
      const s = await sample(browser, base, storage, path, i + options.warmups);
      if (i >= 0) samples.push(s);
      progress.update(i + options.warmups + 1, options.samples + options.warmups);
    }
    const result: WebUiResult = {
      issues: database.issues,
      seedSeconds: database.seedSeconds,
      samples: samples.length,
      streamCold: timing(samples.map((s) => s.cold)),
      streamWarm: timing(samples.map((s) => s.warm)),
      rowToIssue: timing(samples.map((s) => s.click)),
      streamJs: streamJavaScript(samples.flatMap((s) => s.scripts)),
    };
    progress.done(
      `stream p95 ${result.streamCold.p95Ms.toFixed(0)} ms; row → issue p95 ${result.rowToIssue.p95Ms.toFixed(0)} ms`,
    );
    return result;
  } finally {
    await browser.close();
  }
}
