// `pnpm demo`: an organisation `demo`, a project `web` (id 1) and a token; a realistic stream of
// occurrences through the intake (with a resolve and then a regression); the resulting issue list.
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";

const root = fileURLToPath(new URL("..", import.meta.url));
const apiPort = process.env.PORT ?? "8000";
const ingestPort = process.env.INGEST_PORT ?? "8001";
const api = `http://127.0.0.1:${apiPort}`;
const intake = `http://127.0.0.1:${ingestPort}`;
const ORG = "demo";
/** The demo's user: an admin of `demo`, signed in to the web UI with this password. */
const DEMO_USER = { email: "demo@sift.local", password: "sift-demo-password" };

const say = (line = "") => process.stdout.write(`${line}\n`);

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

function sift(
  args: string[],
  input?: string,
): { ok: boolean; json: Record<string, unknown> | null; text: string } {
  const result = spawnSync(
    process.execPath,
    ["--conditions=@sift/source", "--import", "tsx", "apps/cli/src/main.ts", ...args, "--json"],
    { cwd: root, env: process.env, encoding: "utf8", input },
  );
  const text = `${result.stdout}${result.stderr}`.trim();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(result.stdout) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { ok: result.status === 0, json, text };
}

let started: ChildProcess | null = null;
async function ensureRunning(): Promise<void> {
  if ((await answers(`${api}/readyz`)) && (await answers(`${intake}/readyz`))) return;
  say("Sift is not running here; starting it (Ctrl-C stops it)…");
  started = spawn(process.execPath, ["--conditions=@sift/source", "--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 120_000;
  while (!((await answers(`${api}/readyz`)) && (await answers(`${intake}/readyz`)))) {
    if (started.exitCode !== null || Date.now() > deadline)
      throw new Error("Sift did not start; run `pnpm start` to see why");
    await new Promise((r) => setTimeout(r, 300));
  }
}

function setUp(): string {
  const org = sift(["org", "create", ORG, "--name", "Demo"]);
  if (!org.ok && !/already exists/.test(org.text)) throw new Error(org.text);
  const project = sift([
    "project",
    "create",
    ORG,
    "web",
    "--id",
    "1",
    "--name",
    "Web",
    "--platform",
    "python",
  ]);
  if (!project.ok && !/already exists|is taken|exists/.test(project.text)) throw new Error(project.text);
  const token = sift([
    "token",
    "create",
    ORG,
    "--scopes",
    "event:read,event:write,event:admin",
    "--name",
    "demo",
  ]);
  if (!token.ok || typeof token.json?.token !== "string") throw new Error(token.text);
  // `user create` is idempotent: it (re)sets the password the demo prints.
  const user = sift(
    [
      "user",
      "create",
      DEMO_USER.email,
      "--org",
      ORG,
      "--name",
      "Demo",
      "--role",
      "admin",
      "--password-stdin",
    ],
    `${DEMO_USER.password}\n`,
  );
  if (!user.ok) throw new Error(user.text);
  return token.json.token;
}

const hex = () => randomUUID().replaceAll("-", "");

interface Spec {
  type: number;
  fingerprint: string;
  title: string;
  subtitle: string;
  culprit: string;
  level: string;
  release: string;
  environment: string;
  user?: string;
  at: Date;
}

type Kind = Omit<Spec, "at" | "user" | "release" | "environment">;

/** The error the demo resolves and then sees again in a new release. */
const CHECKOUT_TYPEERROR: Kind = {
  type: 1,
  fingerprint: "checkout-typeerror",
  title: "TypeError",
  subtitle: "Cannot read properties of undefined (reading 'total')",
  culprit: "/checkout",
  level: "error",
};

function occurrence(s: Spec): Record<string, unknown> {
  const eventId = hex();
  const time = s.at.getTime() / 1000;
  return {
    id: hex(),
    project_id: 1,
    event_id: eventId,
    fingerprint: [s.fingerprint],
    issue_title: s.title,
    subtitle: s.subtitle,
    culprit: s.culprit,
    resource_id: null,
    evidence_data: {},
    evidence_display: [{ name: "Offending Spans", value: s.subtitle, important: true }],
    type: s.type,
    detection_time: time,
    level: s.level,
    event: {
      event_id: eventId,
      project_id: 1,
      platform: "python",
      timestamp: time,
      received: s.at.toISOString(),
      release: s.release,
      environment: s.environment,
      tags: { server_name: "web-1" },
      ...(s.user ? { user: { id: s.user } } : {}),
    },
  };
}

/** The fixtures' messages with fresh ids and the times of this run. */
function fixtures(now: Date): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const name of ["occurrence-inline-event.json", "occurrence-buffered-spans.json"]) {
    const raw = JSON.parse(
      readFileSync(new URL(`../packages/testkit/fixtures/valid/${name}`, import.meta.url), "utf8"),
    ) as Record<string, unknown>;
    const event = raw.event as Record<string, unknown>;
    for (let i = 0; i < 5; i++) {
      const eventId = hex();
      const t = now.getTime() / 1000 - 900 + i * 30;
      out.push({
        ...raw,
        id: hex(),
        event_id: eventId,
        detection_time: t,
        event: { ...event, event_id: eventId, timestamp: t, received: new Date(t * 1000).toISOString() },
      });
    }
  }
  return out;
}

function stream(now: Date): Record<string, unknown>[] {
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  const messages: Record<string, unknown>[] = [...fixtures(now)];
  const kinds: Kind[] = [
    CHECKOUT_TYPEERROR,
    {
      type: 1,
      fingerprint: "login-keyerror",
      title: "KeyError",
      subtitle: "'session_id'",
      culprit: "/login",
      level: "error",
    },
    {
      type: 1006,
      fingerprint: "orders-n+1",
      title: "N+1 Query",
      subtitle: "SELECT * FROM order_items WHERE order_id = %s",
      culprit: "/api/orders",
      level: "info",
    },
    {
      type: 1009,
      fingerprint: "profile-http",
      title: "Consecutive HTTP",
      subtitle: "3 sequential calls to /api/profile",
      culprit: "/home",
      level: "info",
    },
    {
      type: 4001,
      fingerprint: "nightly-backup",
      title: "Monitor failure",
      subtitle: "Check-in missed for nightly-backup",
      culprit: "nightly-backup",
      level: "error",
    },
  ];
  let n = 0;
  for (let minute = 30; minute >= 2; minute--) {
    for (const [k, kind] of kinds.entries()) {
      if ((minute + k) % (k + 1) !== 0) continue;
      n += 1;
      messages.push(
        occurrence({
          ...kind,
          at: minutesAgo(minute),
          release: minute > 15 ? "web@1.0.0" : "web@1.1.0",
          environment: n % 3 === 0 ? "staging" : "production",
          user: `user-${n % 7}`,
        }),
      );
    }
  }
  return messages;
}

async function post(token: string, messages: Record<string, unknown>[]): Promise<void> {
  const res = await fetch(`${intake}/api/0/organizations/${ORG}/occurrences/`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(messages),
  });
  if (res.status !== 202) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
}

function bar(done: number, total: number): void {
  if (!process.stdout.isTTY) {
    if (done === total) say(`  sent ${total}/${total}`);
    return;
  }
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stdout.write(`\r  sending ${"█".repeat(filled)}${"░".repeat(width - filled)} ${done}/${total}`);
}

async function main(): Promise<void> {
  await ensureRunning();
  const token = setUp();
  const now = new Date();
  const messages = stream(now);
  say(`Sending ${messages.length} occurrences to ${intake} …`);
  for (let i = 0; i < messages.length; i += 10) {
    await post(token, messages.slice(i, i + 10));
    bar(Math.min(i + 10, messages.length), messages.length);
  }
  if (process.stdout.isTTY) say();
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  // Resolve the checkout error, then see it regress in the next release.
  const found = (await (
    await fetch(
      `${api}/api/0/organizations/${ORG}/issues/?query=${encodeURIComponent('"Cannot read properties"')}`,
      { headers },
    )
  ).json()) as {
    id: string;
  }[];
  if (found[0]) {
    await fetch(`${api}/api/0/organizations/${ORG}/issues/${found[0].id}/`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ status: "resolved" }),
    });
    say("Resolved the checkout TypeError; a new occurrence in web@1.2.0 follows…");
    await post(token, [
      occurrence({
        ...CHECKOUT_TYPEERROR,
        release: "web@1.2.0",
        environment: "production",
        at: new Date(),
      }),
    ]);
  }
  const listUrl = `${api}/api/0/organizations/${ORG}/issues/?query=`;
  const issues = (await (await fetch(listUrl, { headers })).json()) as {
    shortId: string;
    status: string;
    substatus: string | null;
    count: string;
    userCount: number;
    lastSeen: string;
    title: string;
    issueType: string;
  }[];
  const rows = [
    ["ISSUE", "STATUS", "EVENTS", "USERS", "LAST SEEN", "TYPE", "TITLE"],
    ...issues.map((i) => [
      i.shortId,
      i.substatus ? `${i.status} (${i.substatus})` : i.status,
      i.count,
      String(i.userCount),
      i.lastSeen.replace("T", " ").slice(0, 19),
      i.issueType,
      i.title,
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  say();
  for (const r of rows)
    say(
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join("  ")
        .trimEnd(),
    );
  say();
  say("The web UI (sign in with the demo user):");
  say(`  ${api}/organizations/${ORG}/issues/`);
  say(`  email     ${DEMO_USER.email}`);
  say(`  password  ${DEMO_USER.password}`);
  say();
  say("The same list through the API:");
  say(`  curl -H "Authorization: Bearer ${token}" "${listUrl}"`);
  if (started) {
    say();
    say("Sift keeps running for you to explore; Ctrl-C stops it.");
    process.on("SIGINT", () => started?.kill("SIGINT"));
    await new Promise((resolve) => started!.once("exit", resolve));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${(error as Error).message}\n`);
  started?.kill("SIGTERM");
  process.exit(1);
});
