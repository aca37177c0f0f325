// The browser tests' world: a fresh database with organization `acme` (projects `web` 1 and `api` 2)
// and a token, the real API (serving the built UI) and ingest daemon started from source, and Debian's
// Chromium driven by playwright-core. Each test leaves a screenshot in apps/web/screenshots/.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { inject } from "vitest";
import { createApiToken, createOrganization, createProject, migrateToLatest } from "@sift/storage";
import type { Db } from "@sift/storage";
import { repoRoot, startApp, testDatabase } from "@sift/testkit";
import type { Daemon, TestDatabase } from "@sift/testkit";
import { occurrence } from "./occurrence.js";
import type { OccurrenceInput } from "./occurrence.js";

export const CHROMIUM = "/usr/bin/chromium";
export const ADMIN = { email: "ada@acme.test", password: "correct horse battery staple" };
export const MEMBER = { email: "max@acme.test", password: "member password 123" };

/** `pnpm sift user create <email> --org acme --role <role> --password-stdin`, on the test database. */
function createUser(databaseUrl: string, user: { email: string; password: string }, role: string): void {
  const result = spawnSync(
    process.execPath,
    [
      "--conditions=@sift/source",
      "--import",
      "tsx",
      "apps/cli/src/main.ts",
      "user",
      "create",
      user.email,
    ].concat(["--org", "acme", "--role", role, "--password-stdin"]),
    {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      input: `${user.password}\n`,
      encoding: "utf8",
    },
  );
  if (result.status !== 0) throw new Error(`sift user create failed: ${result.stdout}${result.stderr}`);
}
const SCREENSHOTS = fileURLToPath(new URL("../screenshots/", import.meta.url));

export interface Sift {
  db: Db;
  api: Daemon;
  ingest: Daemon;
  token: string;
  browser: Browser;
  /** POSTs occurrences to the ingest daemon's intake (processed before it answers). */
  ingestOccurrences(inputs: OccurrenceInput[]): Promise<void>;
  /** Calls the API with the token. */
  apiJson<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  newPage(): Promise<Page>;
  /** Signs in through the login page with an email and password (the admin by default). */
  signIn(page: Page, user?: { email: string; password: string }): Promise<void>;
  /** Signs in through the login page with the API token instead. */
  signInWithToken(page: Page): Promise<void>;
  screenshot(page: Page, name: string): Promise<void>;
  /** axe-core's serious and critical violations on the page, as `rule: targets` lines. */
  seriousViolations(page: Page): Promise<string[]>;
  stop(): Promise<void>;
}

export interface SiftOptions {
  /** More environment of the ingest daemon (its alert worker's settings, say). */
  ingestEnv?: Record<string, string>;
}

export async function startSift(prefix: string, options: SiftOptions = {}): Promise<Sift> {
  const database: TestDatabase = await testDatabase({
    prefix,
    migrate: async (db) => void (await migrateToLatest(db)),
  });
  const acme = await createOrganization(database.db, "acme", "Acme");
  await createProject(database.db, { organizationId: acme.id, slug: "web", id: 1 });
  await createProject(database.db, { organizationId: acme.id, slug: "api", id: 2 });
  const { token } = await createApiToken(database.db, {
    organizationId: acme.id,
    scopes: ["event:read", "event:write", "event:admin"],
  });
  createUser(database.url, ADMIN, "admin");
  createUser(database.url, MEMBER, "member");
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl"), PATH: process.env.PATH };
  const [api, ingest] = await Promise.all([
    startApp("api", { env, portVar: "PORT", fromSource: true }),
    startApp("ingest", { env: { ...env, ...options.ingestEnv }, portVar: "INGEST_PORT", fromSource: true }),
  ]);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  mkdirSync(SCREENSHOTS, { recursive: true });

  const call = async (base: string, path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${text}`);
    return text ? (JSON.parse(text) as unknown) : null;
  };

  return {
    db: database.db,
    api,
    ingest,
    token,
    browser,
    async ingestOccurrences(inputs) {
      await call(ingest.base, "/api/0/organizations/acme/occurrences/", {
        method: "POST",
        body: inputs.map(occurrence),
      });
    },
    async apiJson<T>(path: string, init?: { method?: string; body?: unknown }) {
      return (await call(api.base, `/api/0${path}`, init)) as T;
    },
    async newPage() {
      const context = await browser.newContext({ baseURL: api.base, viewport: { width: 1360, height: 900 } });
      return context.newPage();
    },
    async signIn(page, user = ADMIN) {
      await page.goto("/auth/login/");
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(user.password);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.waitForURL(/\/organizations\/acme\/issues\//);
    },
    async signInWithToken(page) {
      await page.goto("/auth/login/");
      await page.getByText("Sign in with an API token").click();
      await page.getByLabel("Organization").fill("acme");
      await page.getByLabel("API token").fill(token);
      await page.getByRole("button", { name: "Use token" }).click();
      await page.waitForURL(/\/organizations\/acme\/issues\//);
    },
    async screenshot(page, name) {
      await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
    },
    async seriousViolations(page) {
      const results = await new AxeBuilder({ page }).analyze();
      return results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    },
    async stop() {
      await browser.close();
      await Promise.all([api.stop(), ingest.stop()]);
      await database.destroy();
    },
  };
}
