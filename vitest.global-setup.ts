// Global setup of every workspace's "int" project (see vitest.shared.ts; the "unit" project has none and
// touches no service): checks that PostgreSQL, Redis and Kafka answer (starting the local Kafka broker
// if needed) and provides their addresses to the tests, which read them with `inject(...)` (usually
// through @sift/testkit's testDatabase/testRedis/testKafka).
// This file is the one place of the test setup that reads the environment.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

// The module that provided.ts augments must be in the program for `project.provide` to be typed.
import type {} from "vitest";
import type {} from "./packages/testkit/src/provided.js";
import { checkServices } from "./packages/testkit/src/services.js";

const root = path.dirname(fileURLToPath(import.meta.url));

function startKafka(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "scripts", "kafka.mjs"), "start"], {
      cwd: root,
      stdio: "inherit",
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`node scripts/kafka.mjs start failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

export default async function setup(project: TestProject): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/sift";
  const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
  const kafkaBrokers = (process.env.KAFKA_BROKERS ?? "")
    .split(",")
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);

  const services = await checkServices({
    databaseUrl,
    redisUrl,
    kafkaBrokers: kafkaBrokers.length > 0 ? kafkaBrokers : undefined,
    startKafka,
  });

  project.provide("databaseUrl", databaseUrl);
  project.provide("redisUrl", redisUrl);
  project.provide("kafkaBrokers", services.kafkaBrokers);
}
