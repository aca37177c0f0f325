import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest } from "@sift/storage";
import { testDatabase } from "@sift/testkit";
import type { TestDatabase } from "@sift/testkit";

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase({ prefix: "api_main", migrate: async (db) => void (await migrateToLatest(db)) });
});
afterAll(async () => {
  await t?.destroy();
});

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

describe("the API process (main.ts)", () => {
  it("listens, answers /healthz and /readyz, and stops cleanly on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      ["--conditions=@sift/source", "--import", "tsx", "apps/api/src/main.ts"],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: t.url, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      let address: string | null = null;
      while (!address && Date.now() < deadline) {
        address = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? null;
        if (!address) await new Promise((r) => setTimeout(r, 100));
      }
      expect(address, output).not.toBeNull();
      expect((await fetch(`${address}/healthz`)).status).toBe(200);
      const ready = await fetch(`${address}/readyz`);
      expect(ready.status).toBe(200);
      const unauthorised = await fetch(`${address}/api/0/organizations/acme/issues/`, {
        headers: { authorization: "Bearer sntryu_" + "1".repeat(64) },
      });
      expect(unauthorised.status).toBe(401);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(output).toContain("api.stopped");
      expect(output).not.toContain("1".repeat(64));
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
