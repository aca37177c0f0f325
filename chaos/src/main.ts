import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, resolve } from "node:path";
import { Redis } from "ioredis";
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";
import { buildApps, maintenanceUrl, repoRoot, runServices, table, walkFlags } from "@sift/testkit";
import { SCENARIOS } from "./result.js";
import type { ScenarioName, ScenarioResult } from "./result.js";
import type { ChaosContext } from "./rig.js";
import { localServices, restoreServices } from "./services.js";
import { alertsScenario } from "./scenarios/alerts.js";
import { badInputScenario } from "./scenarios/bad-input.js";
import { crashScenario } from "./scenarios/crash.js";
import { isolationScenario } from "./scenarios/isolation.js";
import { loadScenario } from "./scenarios/load.js";
import { outagesScenario } from "./scenarios/outages.js";

export interface Args {
  messages: number;
  kills: number;
  seconds: number;
  outageSeconds: number;
  malformed: number;
  clients: number;
  alertMessages: number;
  alertKills: number;
  seed: number;
  only: ScenarioName[];
  short: boolean;
}

const FULL: Omit<Args, "only" | "short" | "seed"> = {
  messages: 100_000,
  kills: 5,
  seconds: 60,
  outageSeconds: 15,
  malformed: 2_400,
  clients: 50,
  alertMessages: 20_000,
  alertKills: 3,
};
/** The CI form: smaller counts, fewer kills, shorter load; the same checks. */
const SHORT: Omit<Args, "only" | "short" | "seed"> = {
  messages: 10_000,
  kills: 2,
  seconds: 15,
  outageSeconds: 10,
  malformed: 2_000,
  clients: 50,
  alertMessages: 3_000,
  alertKills: 1,
};

const USAGE = `pnpm chaos [--short] [--only crash,outages,bad-input,isolation,load,alerts] [--messages N] [--kills N]
           [--seconds N] [--outage-seconds N] [--malformed N] [--clients N] [--alert-messages N]
           [--alert-kills N] [--seed N]

  --short            the CI form (${SHORT.messages.toLocaleString("en")} messages, ${SHORT.kills} kills, ${SHORT.seconds} s of API load)
  --messages N       crash: distinct valid messages, 5% more are resends (${FULL.messages.toLocaleString("en")})
  --kills N          crash: kill -9 moments (${FULL.kills})
  --seconds N        load: seconds of 50 concurrent API clients (${FULL.seconds})
  --outage-seconds N outages: how long Postgres and Redis stay down (${FULL.outageSeconds})
  --malformed N      bad-input: malformed messages, with half as many valid ones (${FULL.malformed.toLocaleString("en")})
  --clients N        load: concurrent API clients (${FULL.clients})
  --alert-messages N alerts: distinct occurrences of the first phase (${FULL.alertMessages.toLocaleString("en")}; ${SHORT.alertMessages.toLocaleString("en")} short)
  --alert-kills N    alerts: kill -9 moments in the first phase (${FULL.alertKills}; ${SHORT.alertKills} short)
Results: a table on stdout and JSON in CHAOS_OUT (default .chaos/results.json). Exit 1 when an audit fails.
Environment: DATABASE_URL, REDIS_URL, KAFKA_BROKERS as for the tests; CHAOS_FROM_SOURCE=1 runs the apps
through tsx instead of building them; CHAOS_KEEP=1 keeps a failed scenario's database.
`;

export function parseArgs(argv: readonly string[]): Args {
  const short = argv.includes("--short");
  const args: Args = { ...(short ? SHORT : FULL), seed: 20_261_127, only: [], short };
  walkFlags(argv, (flag, value) => {
    if (flag === "--short") return;
    else if (flag === "--messages") args.messages = value.positiveInt();
    else if (flag === "--kills") args.kills = value.positiveInt();
    else if (flag === "--seconds") args.seconds = value.positiveInt();
    else if (flag === "--outage-seconds") args.outageSeconds = value.positiveInt();
    else if (flag === "--malformed") args.malformed = Math.max(2_000, value.positiveInt());
    else if (flag === "--clients") args.clients = value.positiveInt();
    else if (flag === "--alert-messages") args.alertMessages = value.positiveInt();
    else if (flag === "--alert-kills") args.alertKills = value.positiveInt();
    else if (flag === "--seed") args.seed = value.positiveInt();
    else if (flag === "--only") {
      const names = value.list();
      for (const n of names)
        if (!SCENARIOS.includes(n as ScenarioName))
          throw new Error(`unknown scenario ${n} (${SCENARIOS.join(", ")})`);
      args.only = names as ScenarioName[];
    } else if (flag === "--help" || flag === "-h") {
      process.stdout.write(USAGE);
      process.exit(0);
    } else throw new Error(`unknown flag ${flag}\n${USAGE}`);
  });
  return args;
}

interface Versions {
  node: string;
  postgres: string;
  redis: string;
  kafka: string;
}

async function versions(databaseUrl: string, redisUrl: string): Promise<Versions> {
  const out: Versions = { node: process.version, postgres: "?", redis: "?", kafka: "?" };
  const client = new pg.Client({ connectionString: maintenanceUrl(databaseUrl) });
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    out.postgres = rows[0]?.v.split(" ")[0] ?? "?";
  } catch {
    out.postgres = "?";
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    out.redis = /redis_version:(\S+)/.exec(await redis.info("server"))?.[1] ?? "?";
  } catch {
    out.redis = "?";
  } finally {
    redis.disconnect();
  }
  try {
    out.kafka =
      /const KAFKA_VERSION = "([^"]+)"/.exec(
        readFileSync(resolve(repoRoot, "scripts/kafka.mjs"), "utf8"),
      )?.[1] ?? "?";
  } catch {
    out.kafka = "?";
  }
  return out;
}

const fmt = (n: number) => n.toLocaleString("en");

export function resultTable(results: readonly ScenarioResult[]): string {
  return table([
    ["scenario", "result", "messages", "lost", "duplicated", "dead-lettered", "recovered-in", "notes"],
    ...results.map((r) => [
      r.scenario,
      r.status,
      fmt(r.messages),
      fmt(r.lost),
      fmt(r.duplicated),
      fmt(r.deadLettered),
      r.recoveredInSeconds === null || !Number.isFinite(r.recoveredInSeconds)
        ? "—"
        : `${r.recoveredInSeconds.toFixed(1)} s`,
      r.note,
    ]),
  ]);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { databaseUrl, redisUrl, kafkaBrokers } = await runServices(process.env);
  const fromSource = process.env.CHAOS_FROM_SOURCE === "1";
  if (!fromSource) buildApps(log);
  const { services, unavailable } = await localServices({ databaseUrl, redisUrl, brokers: kafkaBrokers });
  // Whatever ends the run, the services other people's tests use come back up.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`\n${signal}: restoring the services before exiting…`);
      void restoreServices(services, log).finally(() => process.exit(130));
    });
  }

  const kafka = new Kafka({
    clientId: "sift-chaos",
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2_000 },
  });
  const admin = kafka.admin();
  await admin.connect();
  const ctx: ChaosContext = {
    databaseUrl,
    redisUrl,
    redisDb: Number(process.env.CHAOS_REDIS_DB ?? 13),
    brokers: kafkaBrokers,
    kafka,
    admin,
    fromSource,
    seed: args.seed,
    keepFailed: process.env.CHAOS_KEEP === "1",
    log,
  };
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "",
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    ...(await versions(databaseUrl, redisUrl)),
  };
  const wants = (name: ScenarioName) => args.only.length === 0 || args.only.includes(name);
  const results: ScenarioResult[] = [];
  const started = Date.now();
  const runOne = async (name: ScenarioName, fn: () => Promise<ScenarioResult>) => {
    if (!wants(name)) return;
    log(`\n=== ${name}`);
    const t = Date.now();
    let result: ScenarioResult;
    try {
      result = await fn();
    } catch (error) {
      result = {
        scenario: name,
        status: "failed",
        messages: 0,
        lost: 0,
        duplicated: 0,
        deadLettered: 0,
        recoveredInSeconds: null,
        note: "the scenario itself failed",
        failures: [`scenario error: ${(error as Error)?.stack ?? String(error)}`],
        seconds: Math.round((Date.now() - t) / 1000),
        details: {},
      };
    }
    results.push(result);
    log(`=== ${name}: ${result.status} in ${result.seconds} s`);
    for (const f of result.failures) log(`  ✗ ${f}`);
  };
  try {
    await runOne("crash", () => crashScenario(ctx, { messages: args.messages, kills: args.kills }));
    await runOne("outages", () =>
      outagesScenario(ctx, { outageSeconds: args.outageSeconds, services, unavailable }),
    );
    await runOne("bad-input", () => badInputScenario(ctx, { malformed: args.malformed }));
    await runOne("isolation", () => isolationScenario(ctx));
    await runOne("load", () => loadScenario(ctx, { seconds: args.seconds, clients: args.clients }));
    await runOne("alerts", () =>
      alertsScenario(ctx, { messages: args.alertMessages, kills: args.alertKills }),
    );
  } finally {
    await restoreServices(services, log);
    await admin.disconnect().catch(() => undefined);
  }

  const seconds = Math.round((Date.now() - started) / 1000);
  const command = ["pnpm chaos", ...process.argv.slice(2).filter((a) => a !== "--")].join(" ");
  const output = { date: new Date().toISOString(), command, machine, args, seconds, results };
  const out = resolve(repoRoot, process.env.CHAOS_OUT ?? ".chaos/results.json");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(output, null, 2) + "\n");

  const failed = results.filter((r) => r.status === "failed");
  const skipped = results.filter((r) => r.status === "skipped");
  process.stdout.write(
    `\n${resultTable(results)}\n\n` +
      `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, ` +
      `Postgres ${machine.postgres}, Redis ${machine.redis}, Kafka ${machine.kafka}; ${command}; ${seconds} s\n` +
      `wrote ${out}\n` +
      `chaos: ${results.length - failed.length - skipped.length} passed, ${failed.length} failed, ${skipped.length} skipped\n`,
  );
  process.exit(failed.length > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`\nchaos failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
