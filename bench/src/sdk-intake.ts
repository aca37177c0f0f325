import {
  createApiToken,
  createDb,
  createOrganization,
  createProject,
  createProjectKey,
  migrateToLatest,
} from "@sift/storage";
import { committedCount, peakRssMb, sleep, startApp, topicLowOffsets } from "@sift/testkit";
import type { BenchContext } from "./context.js";
import { appOptions, flushRedis, recreateDatabase, redisUrl } from "./context.js";

export interface SdkIntakeOptions {
  envelopes: number;
  /** Requests in flight at once. */
  concurrency: number;
}

export interface SdkIntakeModeResult {
  mode: "kafka" | "direct";
  /** SDK envelopes answered 200 per second (into Kafka, or stored in direct mode). */
  envelopesPerSecond: number;
  /** Kafka mode: envelopes processed by the consumer per second, from the first send to the last commit. */
  processedPerSecond: number | null;
  /** Occurrences per second through the occurrence intake (same daemon, same messages per request). */
  occurrencesPerSecond: number;
  peakRssMb: number;
  refused: number;
}

const DB = "sift_bench_sdk_intake";
const REDIS_DB = 8;

/** An envelope as @sentry/node sends it: one error event with a stack trace, from one of 200 sites. */
function envelope(i: number): string {
  const eventId = crypto.randomUUID().replaceAll("-", "");
  const site = i % 200;
  const frames = Array.from({ length: 12 }, (_, f) => ({
    filename: f < 8 ? `/app/node_modules/lib${f}/index.js` : `/app/src/module-${site}.js`,
    module: f < 8 ? `lib${f}` : `module-${site}`,
    function: `fn${f}_${site}`,
    lineno: 10 + f,
    colno: 5,
    in_app: f >= 8,
    context_line: `  return step${f}(input);`,
  }));
  const event = {
    event_id: eventId,
    level: "error",
    platform: "node",
    timestamp: Date.now() / 1000,
    release: "shop@1.0.0",
    environment: "production",
    tags: { tenant: `t${i % 10}` },
    user: { id: `u${i % 500}` },
    exception: {
      values: [{ type: "TypeError", value: `Cannot read property of ${site}`, stacktrace: { frames } }],
    },
    sdk: { name: "sentry.javascript.node", version: "11.12.0" },
  };
  return `${JSON.stringify({ event_id: eventId, sent_at: new Date().toISOString() })}\n{"type":"event"}\n${JSON.stringify(event)}\n`;
}

function occurrenceBody(i: number): string {
  const id = crypto.randomUUID().replaceAll("-", "");
  return JSON.stringify({
    id,
    project_id: 1,
    event_id: id,
    fingerprint: [`bench-${i % 200}`],
    issue_title: "Slow DB Query",
    subtitle: "SELECT 1",
    type: 1,
    detection_time: Date.now() / 1000,
    event: { event_id: id, project_id: 1, platform: "python", timestamp: Date.now() / 1000, tags: {} },
  });
}

/** Sends `bodies` with `concurrency` requests in flight; answers the rate and how many were refused. */
async function blast(
  total: number,
  concurrency: number,
  send: (i: number) => Promise<Response>,
): Promise<{ perSecond: number; refused: number; seconds: number }> {
  let next = 0;
  let refused = 0;
  const reasons = new Map<string, number>();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const res = await send(next++);
        const body = await res.text();
        if (res.status >= 300) {
          refused += 1;
          const reason = `${res.status} ${body.slice(0, 200)}`;
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  for (const [reason, n] of reasons) process.stderr.write(`refused ${n}×: ${reason}\n`);
  return { perSecond: total / seconds, refused, seconds };
}

async function runMode(
  ctx: BenchContext,
  mode: "kafka" | "direct",
  options: SdkIntakeOptions,
): Promise<SdkIntakeModeResult> {
  const url = await recreateDatabase(ctx.databaseUrl, DB);
  await flushRedis(ctx.redisUrl, REDIS_DB);
  const db = createDb({ url, poolMax: 2 });
  await migrateToLatest(db);
  const org = await createOrganization(db, "bench");
  await createProject(db, { organizationId: org.id, slug: "web", id: 1 });
  const key = await createProjectKey(db, { projectId: 1 });
  const { token } = await createApiToken(db, { organizationId: org.id, scopes: ["event:write"] });
  await db.destroy();
  const topic = `bench-sdk-${Date.now()}`;
  const kafkaEnv: Record<string, string> =
    mode === "kafka"
      ? {
          KAFKA_BROKERS: ctx.brokers.join(","),
          KAFKA_TOPIC_OCCURRENCES: topic,
          KAFKA_TOPIC_DLQ: `${topic}-dlq`,
          KAFKA_GROUP_ID: topic,
        }
      : {};
  const ingest = await startApp(
    "ingest",
    appOptions(
      { DATABASE_URL: url, REDIS_URL: redisUrl(ctx.redisUrl, REDIS_DB), ...kafkaEnv },
      "INGEST_PORT",
    ),
  );
  try {
    const auth = `Sentry sentry_key=${key.publicKey}, sentry_version=7, sentry_client=sentry.javascript.node/11.12.0`;
    const bodies = Array.from({ length: options.envelopes }, (_, i) => envelope(i));
    const low = mode === "kafka" ? await topicLowOffsets(ctx.admin, topic) : null;
    const start = performance.now();
    const sdk = await blast(options.envelopes, options.concurrency, (i) =>
      fetch(`${ingest.base}/api/1/envelope/`, {
        method: "POST",
        headers: { "x-sentry-auth": auth, "content-type": "application/x-sentry-envelope" },
        body: bodies[i]!,
      }),
    );
    let processedPerSecond: number | null = null;
    if (low) {
      while ((await committedCount(ctx.admin, topic, topic, low)) < options.envelopes) await sleep(100);
      processedPerSecond = options.envelopes / ((performance.now() - start) / 1000);
    }
    const occurrences = await blast(options.envelopes, options.concurrency, (i) =>
      fetch(`${ingest.base}/api/0/organizations/bench/occurrences/`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: occurrenceBody(i),
      }),
    );
    return {
      mode,
      envelopesPerSecond: sdk.perSecond,
      processedPerSecond,
      occurrencesPerSecond: occurrences.perSecond,
      peakRssMb: peakRssMb(ingest.child.pid!),
      refused: sdk.refused + occurrences.refused,
    };
  } finally {
    await ingest.stop();
  }
}

/**
 * SDK envelopes per second through `POST /api/{project_id}/envelope/` into Kafka and, without Kafka,
 * into the database; the occurrence intake's rate on the same daemon with one message per request;
 * and the daemon's peak RSS.
 */
export async function sdkIntake(
  ctx: BenchContext,
  options: SdkIntakeOptions,
): Promise<SdkIntakeModeResult[]> {
  return [await runMode(ctx, "kafka", options), await runMode(ctx, "direct", options)];
}
