import { percentile, sleep } from "@sift/testkit";
import { audit } from "../audit.js";
import { request } from "../http.js";
import { Feeder, waitForDrain } from "../kafka.js";
import { between, pick, rng } from "@sift/testkit";
import { fromAudit } from "../result.js";
import type { ScenarioResult } from "../result.js";
import { Rig } from "../rig.js";
import type { ChaosContext } from "../rig.js";
import { generateStream } from "../workload.js";

export interface LoadOptions {
  seconds: number;
  clients: number;
}

const ORG = "chaos-load";
/** Messages per second ingested while the clients run. */
const INGEST_RATE = 300;
const PRELOAD = 5_000;

type Op = "list" | "search" | "details" | "bulk-resolve";

const QUERIES = [
  "is:unresolved",
  "is:resolved",
  "issue.category:cron",
  "issue.priority:high",
  "level:error OR level:warning",
  "times_seen:>5",
  "firstSeen:-1h",
  "lastSeen:-10m",
  "Monitor failure",
  "release:svc@1.1.0",
  "environment:staging",
  "is:unresolved (level:error OR issue.type:monitor_check_in_failure)",
  "",
];
const SORTS = ["date", "new", "freq", "user", "trends"];

/**
 * load: 50 concurrent API clients for `seconds` (list, search, details with events and activities, bulk
 * resolve and unresolve) while the ingest daemon processes a steady stream into the same issues. No
 * answer may be a 5xx (or no answer); p99 is reported per operation; the ingest audit must be exact.
 */
export async function loadScenario(ctx: ChaosContext, options: LoadOptions): Promise<ScenarioResult> {
  const started = Date.now();
  return Rig.run(ctx, "load", async (rig) => {
    const projects = [1, 2, 3, 4];
    const org = await rig.organization(
      ORG,
      projects.map((id) => ({ id, slug: `p${id}` })),
      { admin: ["event:admin"] },
    );
    const token = org.tokens.admin!.token;
    const stream = generateStream({
      count: PRELOAD + INGEST_RATE * (options.seconds + 30),
      resendRatio: 0.02,
      projects,
      fingerprints: 3_000,
      seed: ctx.seed + 20,
      now: new Date(),
      eventsPerProject: 100,
    });
    await rig.storeEvents(stream.events);
    await rig.start("ingest");
    const preload = new Feeder(ctx.kafka, rig.topic, stream.messages.slice(0, PRELOAD), 10_000);
    await preload.done;
    const drained = await waitForDrain(ctx.admin, rig.groupId, rig.topic, 180_000);
    if (!drained.drained) throw new Error(`the preload did not drain (lag ${drained.lag})`);
    const api = await rig.start("api");
    const base = `${api.daemon.base}/api/0/organizations/${ORG}`;

    let issueIds: string[] = [];
    const refreshIds = async () => {
      issueIds = (
        await rig.db.raw<{ rows: { id: string }[] }>(
          "SELECT id::text FROM issues ORDER BY random() LIMIT 2000",
        )
      ).rows.map((r) => r.id);
    };
    await refreshIds();
    ctx.log(
      `load: ${issueIds.length} issues to start with; ${options.clients} clients for ${options.seconds} s`,
    );

    const feeder = new Feeder(ctx.kafka, rig.topic, stream.messages.slice(PRELOAD), INGEST_RATE);
    const latencies: Record<Op, number[]> = { list: [], search: [], details: [], "bulk-resolve": [] };
    const statuses: Record<string, number> = {};
    const bad: string[] = [];
    const deadline = Date.now() + options.seconds * 1000;
    const refresher = (async () => {
      while (Date.now() < deadline) {
        await sleep(3_000);
        await refreshIds().catch(() => undefined);
      }
    })();
    const client = async (n: number) => {
      const random = rng(ctx.seed * 100 + n);
      let cursor: string | null = null;
      while (Date.now() < deadline) {
        const roll = random();
        const op: Op = roll < 0.3 ? "list" : roll < 0.6 ? "search" : roll < 0.85 ? "details" : "bulk-resolve";
        let method = "GET";
        let url: string;
        let body: unknown;
        if (op === "list") {
          url = `${base}/issues/?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
        } else if (op === "search") {
          url = `${base}/issues/?query=${encodeURIComponent(pick(random, QUERIES))}&sort=${pick(random, SORTS)}&limit=25&statsPeriod=24h`;
        } else if (op === "details") {
          const id = pick(random, issueIds);
          url = `${base}/issues/${id}/${pick(random, ["", "", "events/latest/", "events/", "activities/"])}`;
        } else {
          method = "PUT";
          const ids = Array.from({ length: between(random, 1, 10) }, () => pick(random, issueIds));
          url = `${base}/issues/?${ids.map((id) => `id=${id}`).join("&")}`;
          body = { status: random() < 0.7 ? "resolved" : "unresolved" };
        }
        const answer = await request(method, url, { token, body });
        latencies[op].push(answer.ms);
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        if (answer.status >= 500 || answer.status === 0 || (answer.status >= 400 && answer.status !== 404))
          bad.push(
            `${op} ${method} ${url.replace(base, "")}: ${answer.status} ${answer.error ?? answer.text.slice(0, 200)}`,
          );
        if (op === "list") {
          const link = answer.headers?.get("link") ?? "";
          const next = /rel="next"; results="true"; cursor="([^"]+)"/.exec(link);
          cursor = next && random() < 0.7 ? next[1]! : null;
        }
      }
    };
    await Promise.all(Array.from({ length: options.clients }, (_, n) => client(n)));
    await refresher;
    const ingested = feeder.acked;
    feeder.stop();
    await feeder.done;

    const all = Object.values(latencies).flat();
    const fiveHundreds = Object.entries(statuses)
      .filter(([s]) => Number(s) >= 500 || Number(s) === 0)
      .reduce((n, [, k]) => n + k, 0);
    const failures: string[] = [];
    if (fiveHundreds > 0) failures.push(`${fiveHundreds} of ${all.length} requests got a 5xx or no answer`);
    if (bad.length > 0)
      failures.push(`${bad.length} unexpected answers, e.g. ${[...new Set(bad)].slice(0, 6).join(" | ")}`);
    const produced = stream.messages.slice(0, PRELOAD + feeder.acked);
    const result = await audit({
      rig,
      projectIds: projects,
      valid: produced.map((m) => ({ id: m.id, projectId: m.projectId, payloadType: m.payloadType })),
    });
    failures.push(...rig.unexpectedExits);
    const p = (values: number[], q: number) => Math.round(percentile(values, q));
    const perOp = Object.fromEntries(
      (Object.keys(latencies) as Op[]).map((op) => [
        op,
        { requests: latencies[op].length, p50: p(latencies[op], 50), p99: p(latencies[op], 99) },
      ]),
    );
    const outcome = fromAudit("load", all.length, result, {
      failures,
      note:
        `${all.length.toLocaleString("en")} requests in ${options.seconds} s by ${options.clients} clients, ` +
        `${fiveHundreds} 5xx, p99 ${p(all, 99)} ms (list ${perOp.list!.p99}, search ${perOp.search!.p99}, ` +
        `details ${perOp.details!.p99}, bulk resolve ${perOp["bulk-resolve"]!.p99}); ${ingested.toLocaleString("en")} messages ingested meanwhile`,
      details: {
        statuses,
        latencyMs: { all: { p50: p(all, 50), p99: p(all, 99) }, ...perOp },
        ingestedDuringLoad: ingested,
        audited: produced.length,
        outcomes: result.outcomes,
      },
      started,
    });
    return outcome;
  });
}
