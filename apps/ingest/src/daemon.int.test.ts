import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashFingerprintElement } from "@sift/schemas";
import { createApiToken, createOrganization, createProject, migrateToLatest } from "@sift/storage";
import { freePort, testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";

const appDir = fileURLToPath(new URL("..", import.meta.url));

async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

let t: TestDatabase;
let token: string;
beforeAll(async () => {
  t = await testDatabase({ migrate: async (db) => void (await migrateToLatest(db)) });
  const org = await createOrganization(t.db, "acme");
  await createProject(t.db, { organizationId: org.id, slug: "web", id: 1 });
  token = (await createApiToken(t.db, { organizationId: org.id, scopes: ["event:write"] })).token;
});
afterAll(async () => {
  await t.destroy();
});

async function runDaemon(extraEnv: Record<string, string>) {
  const port = await freePort();
  let output = "";
  const child = spawn(process.execPath, ["--conditions=@sift/source", "--import", "tsx", "src/main.ts"], {
    cwd: appDir,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: t.url,
      REDIS_URL: inject("redisUrl"),
      INGEST_PORT: String(port),
      HOST: "127.0.0.1",
      SIFT_JOBS: "off",
      LOG_LEVEL: "info",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = exitOf(child);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined),
    60_000,
    `readyz (${output})`,
  );
  return { child, base, exited, output: () => output };
}

const body = (fingerprint: string) =>
  JSON.stringify({
    id: crypto.randomUUID(),
    project_id: 1,
    event_id: crypto.randomUUID(),
    fingerprint: [fingerprint],
    issue_title: "Consecutive HTTP",
    subtitle: "s",
    type: 1010,
    detection_time: Date.now() / 1000,
    evidence_display: [],
    event: {
      event_id: "",
      project_id: 1,
      platform: "node",
      timestamp: Date.now() / 1000,
      received: new Date().toISOString(),
      tags: {},
    },
  }).replace('"event_id":""', '"event_id":null');

describe("the ingest daemon process", () => {
  it("runs with direct processing, answers /readyz, and stops cleanly on SIGTERM", async () => {
    const d = await runDaemon({});
    const res = await fetch(`${d.base}/api/0/organizations/acme/occurrences/`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body("daemon-direct"),
    });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { messages: { status: string }[] }).messages[0]!.status).toBe("grouped");
    expect(d.output()).toContain("processing intake directly");
    d.child.kill("SIGTERM");
    expect(await d.exited).toBe(0);
    expect(d.output()).toContain('"msg":"stopped"');
  });

  it("runs with KAFKA_BROKERS, consumes what the intake produced, and stops cleanly on SIGTERM", async () => {
    const suffix = crypto.randomUUID().slice(0, 8);
    const d = await runDaemon({
      KAFKA_BROKERS: inject("kafkaBrokers").join(","),
      KAFKA_TOPIC_OCCURRENCES: `daemon-${suffix}`,
      KAFKA_TOPIC_DLQ: `daemon-${suffix}-dlq`,
      KAFKA_GROUP_ID: `daemon-${suffix}`,
      KAFKA_TOPIC_PARTITIONS: "2",
    });
    const res = await fetch(`${d.base}/api/0/organizations/acme/occurrences/`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body("daemon-kafka"),
    });
    expect(res.status).toBe(202);
    const issue = await waitFor(
      async () =>
        (await t
          .db("issues as i")
          .join("issue_hashes as h", "h.issue_id", "i.id")
          .where("h.hash", hashFingerprintElement("daemon-kafka"))
          .first("i.id")) as unknown,
      30_000,
      "the consumed occurrence",
    );
    expect(issue).toBeDefined();
    expect(await t.db("occurrences").where({ outcome: "grouped" }).count("* as n").first()).toEqual({ n: 2 });
    const readiness = (await (await fetch(`${d.base}/readyz`)).json()) as { checks: Record<string, string> };
    expect(readiness.checks.kafka).toBe("ok");
    d.child.kill("SIGTERM");
    expect(await d.exited).toBe(0);
  });
});
