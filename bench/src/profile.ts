// Feeds the workload to the batch processor in-process (no Kafka) and reports the time per batch, with
// what does not depend on the machine's load: statements per batch, rows written per message per table
// (pg_stat_user_tables), and the process's CPU time per batch:
// `node --conditions=@sift/source --import tsx bench/src/profile.ts [messages] [batch]` (add --cpu-prof).
// With PROFILE_RULES=1 it starts from the "sift + 20 rules/project" template (written by
// `pnpm bench --only ingest-throughput`) and runs an alert decider pass after every third batch: its
// statements are listed apart ("decider"), with its CPU per pass.
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import pg from "pg";
import { groupTypes, noopMetrics, silentLogger, systemClock } from "@sift/schemas";
import { createDb, setProjectWebhookConfig } from "@sift/storage";
import { createPipeline } from "@sift/consumer";
import { createAlertDecider, createDeliveryWorker, createOutboundGuard } from "@sift/alerts";
import { startWebhookReceiver } from "./alert-rules.js";
import { databaseUrl, flushRedis, recreateDatabase, redisUrl } from "./context.js";
import { generateWorkload } from "./workload.js";
import { median } from "@sift/testkit";

const total = Number(process.argv[2] ?? 20_000);
const batchSize = Number(process.argv[3] ?? 1000);
const base = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/sift";
const redisBase = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const workload = generateWorkload({
  occurrences: total,
  projects: 10,
  fingerprints: 20_000,
  eventsPerProject: 500,
  seed: 20261127,
  now: new Date(),
});
const withRules = process.env.PROFILE_RULES === "1";
const url = await recreateDatabase(
  base,
  "sift_bench_profile",
  withRules ? "sift_bench_ingest_rules_template" : "sift_bench_ingest_template",
);
await flushRedis(redisBase, 8);
const rowsWritten = async (): Promise<Map<string, number>> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ relname: string; n: string }>(
      "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del AS n FROM pg_stat_user_tables",
    );
    return new Map(r.rows.map((row) => [row.relname, Number(row.n)]));
  } finally {
    await client.end();
  }
};
const rowsBefore = await rowsWritten();
const concurrency = Number(process.argv[4] ?? 1);
// A batch holds a connection for its transaction and briefly needs a second; the decider holds one.
const db = createDb({ url, poolMax: concurrency + 3 });
const redis = new Redis(redisUrl(redisBase, 8));
const { processor } = createPipeline({
  db,
  redis,
  logger: silentLogger,
  metrics: noopMetrics,
  clock: systemClock,
  types: groupTypes,
});
// The deliveries go to a receiver of this process (the template's one is gone): its CPU is counted.
const receiver = await startWebhookReceiver();
if (withRules)
  for (let projectId = 1; projectId <= 10; projectId++)
    await setProjectWebhookConfig(db, projectId, { urls: [receiver.url], enabled: true });
const worker = createDeliveryWorker({
  db,
  clock: systemClock,
  logger: silentLogger,
  metrics: noopMetrics,
  guard: createOutboundGuard(["127.0.0.1"]),
  mailer: null,
});
// As in the daemon: what a pass decides is handed to the worker, which sends it after the ingest.
const decider = createAlertDecider({
  db,
  clock: systemClock,
  logger: silentLogger,
  metrics: noopMetrics,
  types: groupTypes,
  baseUrl: "http://127.0.0.1:8000",
  handOff: worker.handOff,
});
let deciding = false;
const pending = new Map<string, { sql: string; t: number }>();
const bySql = new Map<string, { n: number; ms: number }>();
let statements = 0;
db.on("query", (q: { __knexQueryUid: string; sql: string }) => {
  statements += 1;
  pending.set(q.__knexQueryUid, { sql: (deciding ? "alerts: " : "") + q.sql, t: performance.now() });
});
db.on("query-response", (_r: unknown, q: { __knexQueryUid: string }) => {
  const p = pending.get(q.__knexQueryUid);
  if (!p) return;
  pending.delete(q.__knexQueryUid);
  const key = p.sql.replace(/\s+/g, " ").slice(0, 70);
  const e = bySql.get(key) ?? { n: 0, ms: 0 };
  e.n += 1;
  e.ms += performance.now() - p.t;
  bySql.set(key, e);
});
const times: number[] = [];
const cpu: number[] = [];
const deciderCpu: number[] = [];
let decided = 0;
const streams: (typeof workload.messages)[] = Array.from({ length: concurrency }, () => []);
for (const m of workload.messages) {
  let h = 0;
  for (const c of m.key) h = (h * 31 + c.charCodeAt(0)) | 0;
  streams[Math.abs(h) % concurrency]!.push(m);
}
const wchar = (): number => Number(/wchar: (\d+)/.exec(readFileSync("/proc/self/io", "utf8"))![1]);
const wcharBefore = wchar();
const started = performance.now();
await Promise.all(
  streams.map(async (stream) => {
    for (let i = 0; i < stream.length; i += batchSize) {
      const t = performance.now();
      const c = process.cpuUsage();
      await processor.processIsolating(
        stream.slice(i, i + batchSize).map((m) => ({ value: Buffer.from(m.value) })),
      );
      times.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      if (withRules && times.length % 3 === 0) {
        const d = process.cpuUsage();
        deciding = true;
        decided += (await decider.decideOnce()).decided;
        deciding = false;
        const usedByDecider = process.cpuUsage(d);
        deciderCpu.push((usedByDecider.user + usedByDecider.system) / 1000);
      }
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const bytesWritten = wchar() - wcharBefore;
process.stdout.write(
  `${total} messages in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)}/s; batch median ${median(times).toFixed(0)} ms, first ${times[0]!.toFixed(0)} ms; ${Math.round(bytesWritten / total)} bytes written per message\n`,
);
if (withRules) {
  process.stdout.write(
    `decider: ${deciderCpu.length} passes, ${decided} deliveries decided, CPU ${deciderCpu.reduce((a, b) => a + b, 0).toFixed(0)} ms in all\n`,
  );
  deciding = true;
  const w = process.cpuUsage();
  const sendStarted = performance.now();
  let sent = 0;
  for (;;) {
    const r = await worker.runOnce();
    sent += r.delivered + r.retried + r.failed;
    if (!r.full) break;
  }
  const usedByWorker = process.cpuUsage(w);
  deciding = false;
  process.stdout.write(
    `worker: ${sent} deliveries sent in ${((performance.now() - sendStarted) / 1000).toFixed(2)} s, CPU ${((usedByWorker.user + usedByWorker.system) / 1000).toFixed(0)} ms in all (receiver included), ${receiver.received()} received\n`,
  );
}
await receiver.close();
for (const [sql, e] of [...bySql].sort((a, b) => b[1].ms - a[1].ms).slice(0, withRules ? 40 : 25)) {
  process.stdout.write(`${e.ms.toFixed(0).padStart(7)} ms ${String(e.n).padStart(5)}x  ${sql}\n`);
}
await db.destroy();
redis.disconnect();
// A backend reports its table statistics when it ends; give the closed pool's a moment.
await new Promise((resolve) => setTimeout(resolve, 1500));
const rowsAfter = await rowsWritten();
const written = [...rowsAfter]
  .map(([table, n]) => [table, (n - (rowsBefore.get(table) ?? 0)) / total] as const)
  .filter(([, perMessage]) => perMessage > 0)
  .sort((a, b) => b[1] - a[1]);
process.stdout.write(
  `${(statements / times.length).toFixed(1)} statements per batch, process CPU ${median(cpu).toFixed(0)} ms per batch (median); rows written per message ${written.reduce((sum, [, n]) => sum + n, 0).toFixed(2)}:\n`,
);
for (const [table, perMessage] of written)
  process.stdout.write(`${perMessage.toFixed(3).padStart(7)}  ${table}\n`);
void databaseUrl;
