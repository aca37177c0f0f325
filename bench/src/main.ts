import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import os from "node:os";
import { Kafka, logLevel } from "kafkajs";
import { buildApps, runServices } from "@sift/testkit";
import { ingestThroughput } from "./throughput.js";
import { ingestLatency } from "./latency.js";
import { openQueryDatabase, queryLatency } from "./query.js";
import type { QueryDatabase } from "./query.js";
import { webUi } from "./web-ui.js";
import type { WebUiResult } from "./web-ui.js";
import { issueTags } from "./tags.js";
import { organizationTags } from "./org-tags.js";
import { sdkIntake } from "./sdk-intake.js";
import type { ThroughputResult } from "./throughput.js";
import { repoRoot, table, walkFlags } from "@sift/testkit";

interface Args {
  latencySeconds: number;
  latencyRate: number;
  requests: number;
  occurrences: number;
  issues: number;
  runs: number;
  only: string[];
  oneAtATimeSeconds: number;
  tagEvents: number;
  sdkEnvelopes: number;
  uiSamples: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    latencySeconds: 60,
    latencyRate: 2000,
    requests: 200,
    occurrences: 200_000,
    issues: 1_000_000,
    runs: 3,
    only: [],
    oneAtATimeSeconds: 20,
    tagEvents: 100_000,
    sdkEnvelopes: 20_000,
    uiSamples: 50,
  };
  walkFlags(argv, (flag, value) => {
    if (flag === "--occurrences") args.occurrences = value.positiveInt();
    else if (flag === "--issues") args.issues = value.positiveInt();
    else if (flag === "--runs") args.runs = value.positiveInt();
    else if (flag === "--latency-seconds") args.latencySeconds = value.positiveInt();
    else if (flag === "--latency-rate") args.latencyRate = value.positiveInt();
    else if (flag === "--requests") args.requests = value.positiveInt();
    else if (flag === "--one-at-a-time-seconds") args.oneAtATimeSeconds = value.positiveInt();
    else if (flag === "--tag-events") args.tagEvents = value.positiveInt();
    else if (flag === "--sdk-envelopes") args.sdkEnvelopes = value.positiveInt();
    else if (flag === "--ui-samples") args.uiSamples = value.positiveInt();
    else if (flag === "--only") args.only = value.list();
    else if (flag === "--help") {
      process.stdout.write(
        "pnpm bench [--occurrences N] [--issues N] [--runs N] [--one-at-a-time-seconds N] [--latency-seconds N]\n" +
          "           [--latency-rate N] [--requests N] [--tag-events N] [--sdk-envelopes N] [--ui-samples N]\n" +
          "           [--only ingest-throughput,ingest-latency,query-latency,web-ui,issue-tags,org-tags,sdk-intake]\n",
      );
      process.exit(0);
    } else throw new Error(`unknown flag ${flag}`);
  });
  return args;
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "n/a";

async function runQueryLatency(database: QueryDatabase, requests: number) {
  const r = await queryLatency(database, { requests });
  process.stdout.write(
    `\nquery-latency: ${fmt(r.issues)} issues in ${r.projects} projects (${fmt(r.statsRows)} hourly stats rows), ${requests} requests each\n` +
      table([
        ["request", "API p50", "API p95", "SQL p50", "SQL p95", "API/SQL (p95)"],
        ...r.queries.map((q) => [
          q.name,
          `${fmt(q.apiP50Ms, 1)} ms`,
          `${fmt(q.apiP95Ms, 1)} ms`,
          `${fmt(q.sqlP50Ms, 1)} ms`,
          `${fmt(q.sqlP95Ms, 1)} ms`,
          fmt(q.ratio, 2),
        ]),
      ]) +
      "\ngoals: default list p95 ≤ 50 ms; API/SQL ≤ 1.5\n",
  );
  return r;
}

async function runWebUi(database: QueryDatabase, samples: number): Promise<WebUiResult> {
  const r = await webUi(database, {
    samples,
    warmups: 3,
    executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  });
  const row = (name: string, t: WebUiResult["streamCold"], goal: string) => [
    name,
    `${fmt(t.p50Ms)} ms`,
    `${fmt(t.p95Ms)} ms`,
    `${fmt(t.maxMs)} ms`,
    goal,
  ];
  process.stdout.write(
    `\nweb-ui: the stream of ${fmt(r.issues)} issues in headless Chromium, ${r.samples} samples, each a fresh browser context (empty cache, signed in)\n` +
      table([
        ["measured", "p50", "p95", "max", "goal"],
        row("navigation → first issue rows (cold cache)", r.streamCold, "p95 ≤ 1 s"),
        row("navigation → first issue rows (warm cache)", r.streamWarm, ""),
        row("row click → issue page's h1 (same document)", r.rowToIssue, "p95 ≤ 300 ms"),
      ]) +
      `\nstream route JavaScript: ${fmt(r.streamJs.gzipBytes / 1024, 1)} KB gzipped (goal ≤ 250 KB): ${r.streamJs.files.join(", ")}\n`,
  );
  return r;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { databaseUrl, redisUrl, kafkaBrokers } = await runServices(process.env);
  if (process.env.BENCH_FROM_SOURCE !== "1") buildApps((line) => process.stderr.write(`${line}\n`));
  const kafka = new Kafka({ clientId: "sift-bench", brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ctx = { databaseUrl, redisUrl, brokers: kafkaBrokers, kafka, admin };
  const wants = (name: string) => args.only.length === 0 || args.only.includes(name);
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "",
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine, args };
  const started = Date.now();
  try {
    if (wants("ingest-throughput")) {
      const r: ThroughputResult = await ingestThroughput(ctx, {
        occurrences: args.occurrences,
        runs: args.runs,
        oneAtATimeSeconds: args.oneAtATimeSeconds,
        partitions: 8,
      });
      results.ingestThroughput = r;
      process.stdout.write(
        `\ningest-throughput: ${fmt(r.occurrences)} messages (${fmt(r.bytes / r.occurrences)} B avg), median of ${args.runs} rounds\n` +
          table([
            ["pipeline", "occurrences/s", "ratio", "goal"],
            ["floor (parse + one INSERT per batch)", fmt(r.median.floor), "", ""],
            [
              "sift (ingest daemon, defaults)",
              fmt(r.median.sift),
              `floor/sift ${fmt(r.median.floorOverSift, 2)}`,
              "≤ 2.0",
            ],
            [
              `sift + ${fmt(r.rulesPerProject)} rules/project (SIFT_ALERTS=on)`,
              fmt(r.median.siftWithRules),
              `rules/sift ${fmt(r.median.rulesOverSift, 2)}`,
              "≥ 0.90",
            ],
            [
              "one-at-a-time (batch size 1)",
              fmt(r.median.oneAtATime),
              `sift/one ${fmt(r.median.siftOverOneAtATime, 1)}`,
              "≥ 10",
            ],
          ]) +
          `\npeak RSS of the ingest daemon: ${fmt(r.peakRssMb)} MB (goal ≤ 300); Postgres rows written per message: ${fmt(r.rowsWrittenPerOccurrence, 2)}\n` +
          `outcomes: ${JSON.stringify(r.outcomes)}\n` +
          `with rules (first round, until the last offset was committed): ${fmt(r.alertsDecided)} alerts decided, ` +
          `${fmt(r.alertsDelivered)} delivered, ${fmt(r.webhooksReceived)} webhooks received\n`,
      );
    }
    if (wants("ingest-latency")) {
      if (!wants("ingest-throughput")) {
        throw new Error(
          "ingest-latency uses the database the throughput benchmark prepares; run them together",
        );
      }
      const r = await ingestLatency(ctx, {
        rate: args.latencyRate,
        seconds: args.latencySeconds,
        template: "sift_bench_ingest_template",
      });
      results.ingestLatency = r;
      process.stdout.write(
        `\ningest-latency: ${fmt(r.rate)} occurrences/s for ${r.seconds} s through Kafka, ${r.probes} probes (produce → visible in the API)\n` +
          table([
            ["measured", "p50", "p99", "goal"],
            ["produce → visible through the API", `${fmt(r.p50Ms)} ms`, `${fmt(r.p99Ms)} ms`, "p99 ≤ 500 ms"],
            [
              "produce → committed by the consumer",
              `${fmt(r.committedP50Ms)} ms`,
              `${fmt(r.committedP99Ms)} ms`,
              "",
            ],
            ["one API lookup while under load", `${fmt(r.pollP50Ms)} ms`, "", ""],
          ]) +
          "\n",
      );
    }
    if (wants("query-latency") || wants("web-ui")) {
      const database = await openQueryDatabase(ctx, { issues: args.issues, projects: 100 });
      try {
        if (wants("query-latency")) results.queryLatency = await runQueryLatency(database, args.requests);
        if (wants("web-ui")) results.webUi = await runWebUi(database, args.uiSamples);
      } finally {
        await database.stop();
      }
    }
    if (wants("issue-tags")) {
      const r = await issueTags(ctx, { events: args.tagEvents, requests: args.requests });
      results.issueTags = r;
      process.stdout.write(
        `\nissue-tags: one issue with ${fmt(r.events)} events (${fmt(r.counterRows)} tag value counters), ${args.requests} requests each\n` +
          table([
            ["request", "API p50", "API p95"],
            ...r.cases.map((c) => [c.name, `${fmt(c.p50Ms, 1)} ms`, `${fmt(c.p95Ms, 1)} ms`]),
            ["(the tag list computed from the events, SQL)", `${fmt(r.eventScanP50Ms, 1)} ms`, ""],
          ]) +
          "\n",
      );
    }
    if (wants("org-tags")) {
      const r = await organizationTags(ctx, { issues: args.issues, requests: args.requests });
      results.organizationTags = r;
      process.stdout.write(
        `\norg-tags: ${fmt(r.issues)} issues (${fmt(r.counterRows)} tag value counters), ${args.requests} requests each\n` +
          table([
            ["request", "API p50", "API p95"],
            ...r.cases.map((c) => [c.name, `${fmt(c.p50Ms, 1)} ms`, `${fmt(c.p95Ms, 1)} ms`]),
          ]) +
          "\n",
      );
    }
    if (wants("sdk-intake")) {
      const modes = await sdkIntake(ctx, { envelopes: args.sdkEnvelopes, concurrency: 16 });
      results.sdkIntake = modes;
      process.stdout.write(
        `\nsdk-intake: ${fmt(args.sdkEnvelopes)} @sentry/node-shaped error envelopes, 16 requests in flight\n` +
          table([
            ["mode", "SDK envelopes/s", "processed/s", "occurrence intake/s", "peak RSS"],
            ...modes.map((m) => [
              m.mode === "kafka" ? "into Kafka" : "direct (into Postgres)",
              fmt(m.envelopesPerSecond),
              m.processedPerSecond === null ? "(answered after storing)" : fmt(m.processedPerSecond),
              fmt(m.occurrencesPerSecond),
              `${fmt(m.peakRssMb)} MB`,
            ]),
          ]) +
          `\nrefused: ${modes.reduce((n, m) => n + m.refused, 0)}\n`,
      );
    }
  } finally {
    await admin.disconnect();
  }
  results.seconds = Math.round((Date.now() - started) / 1000);
  const out = resolve(repoRoot, process.env.BENCH_OUT ?? ".bench/results.json");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
  const copy = resolve(repoRoot, "bench/results", `${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  mkdirSync(dirname(copy), { recursive: true });
  writeFileSync(copy, JSON.stringify(results, null, 2) + "\n");
  process.stdout.write(`\nwrote ${out} (${results.seconds as number} s)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`\nbench failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
