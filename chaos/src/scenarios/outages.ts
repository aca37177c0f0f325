import { sleep } from "@sift/testkit";
import { audit } from "../audit.js";
import { request } from "../http.js";
import { Feeder, groupProgress, waitForRecovery, withAdmin } from "../kafka.js";
import { fromAudit } from "../result.js";
import type { ScenarioResult } from "../result.js";
import { Rig, cpuSeconds } from "../rig.js";
import type { ChaosContext } from "../rig.js";
import { restoreServices } from "../services.js";
import type { Service } from "../services.js";
import { generateStream } from "../workload.js";

export interface OutagesOptions {
  /** How long Postgres and Redis stay down. */
  outageSeconds: number;
  services: readonly Service[];
  /** Why the services cannot be controlled here (the scenario is skipped), or null. */
  unavailable: string | null;
}

const ORG = "chaos-outages";
const PROBE_TIMEOUT_MS = 20_000;
/** Messages per second during the scenario. */
const RATE = 300;
/** Above this share of one core, averaged over an outage, the daemon counts as spinning. */
const SPIN_CPU_SHARE = 0.5;

interface OutageReport {
  service: string;
  downSeconds: number;
  readySamples: number;
  notReadySamples: number;
  namedDependency: boolean;
  /** What /readyz said while the service was down (first such answer). */
  readyzWhileDown: unknown;
  /** Intake and API answers while the service was down, by status. */
  intake: Record<string, number>;
  api: Record<string, number>;
  cpuShare: number;
  recoveredInSeconds: number | null;
}

async function readyz(base: string): Promise<{ status: number; body: unknown }> {
  try {
    const response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) });
    return { status: response.status, body: await response.json() };
  } catch (error) {
    return { status: 0, body: (error as Error).message };
  }
}

/**
 * outages: during a steady load, Postgres is stopped for `outageSeconds`, then Redis, then the Kafka broker
 * is restarted. The daemon must stay up, not spin, say on /readyz which dependency is down, resume by
 * itself, and the audit must be exact.
 */
export async function outagesScenario(ctx: ChaosContext, options: OutagesOptions): Promise<ScenarioResult> {
  const started = Date.now();
  if (options.unavailable) {
    const reason = `skipped: cannot stop and start the services here (${options.unavailable})`;
    ctx.log(`outages: ${reason}`);
    return {
      scenario: "outages",
      status: "skipped",
      messages: 0,
      lost: 0,
      duplicated: 0,
      deadLettered: 0,
      recoveredInSeconds: null,
      note: reason,
      failures: [],
      seconds: 0,
      details: {},
    };
  }
  const rig = await Rig.create(ctx, "outages");
  let passed = false;
  try {
    const projects = [1, 2];
    const org = await rig.organization(
      ORG,
      projects.map((id) => ({ id, slug: `p${id}` })),
      { admin: ["event:admin"] },
    );
    const token = org.tokens.admin!.token;
    // More than the scenario can send; the feeder stops when the outages are over.
    const plannedSeconds = 3 * (options.outageSeconds + 40) + 60;
    const stream = generateStream({
      count: RATE * plannedSeconds,
      resendRatio: 0.02,
      projects,
      fingerprints: 2_000,
      seed: ctx.seed + 2,
      now: new Date(),
      eventsPerProject: 100,
    });
    // Messages posted to the intake while a dependency is down (their ids are audited when accepted).
    const probes = generateStream({
      count: 2_000,
      resendRatio: 0,
      projects,
      fingerprints: 200,
      seed: ctx.seed + 3,
      now: new Date(),
      eventsPerProject: 0,
      statusChangeRatio: 0,
      lookupRatio: 0,
      fingerprintPrefix: "intake",
    }).messages;
    let nextProbe = 0;
    const unanswered: typeof probes = [];
    const acceptedProbes: typeof probes = [];
    await rig.storeEvents(stream.events);
    const daemon = await rig.start("ingest");
    const api = await rig.start("api");
    const postProbe = (probe: (typeof probes)[number]) =>
      request("POST", `${daemon.daemon.base}/api/0/organizations/${ORG}/occurrences/`, {
        token,
        body: probe.value,
        timeoutMs: PROBE_TIMEOUT_MS,
      });
    const pid = daemon.daemon.child.pid!;
    const feeder = new Feeder(ctx.kafka, rig.topic, stream.messages, RATE);
    const failures: string[] = [];
    const reports: OutageReport[] = [];
    try {
      for (const service of options.services) {
        await sleep(5_000);
        const down = service.name === "kafka" ? Math.min(options.outageSeconds, 10) : options.outageSeconds;
        ctx.log(
          `outages: stopping ${service.name} for ${down} s (${feeder.acked.toLocaleString("en")} produced)`,
        );
        const cpuBefore = cpuSeconds(pid);
        const stoppedAt = Date.now();
        let restoredAt = stoppedAt;
        const report: OutageReport = {
          service: service.name,
          downSeconds: 0,
          readySamples: 0,
          notReadySamples: 0,
          namedDependency: false,
          readyzWhileDown: null,
          intake: {},
          api: {},
          cpuShare: Number.NaN,
          recoveredInSeconds: null,
        };
        try {
          await service.stop();
          const until = Date.now() + down * 1000;
          const count = (tally: Record<string, number>, status: number) =>
            (tally[status] = (tally[status] ?? 0) + 1);
          await Promise.all([
            (async () => {
              while (Date.now() < until) {
                const r = await readyz(daemon.daemon.base);
                if (r.status === 200) report.readySamples++;
                else report.notReadySamples++;
                const checks = (r.body as { checks?: Record<string, string> } | null)?.checks ?? {};
                if (r.status === 503 && (checks[service.name] ?? "").startsWith("down")) {
                  report.namedDependency = true;
                  report.readyzWhileDown ??= r.body;
                }
                await sleep(500);
              }
            })(),
            // The intake: accepted (202) or "retry later" (503 with Retry-After) — never a 500 or a hang.
            (async () => {
              while (Date.now() < until) {
                const probe = probes[nextProbe++]!;
                const answer = await postProbe(probe);
                count(report.intake, answer.status);
                if (answer.status === 202) acceptedProbes.push(probe);
                else unanswered.push(probe); // a client sends it again later, with the same id
                if (answer.status !== 202 && (answer.status !== 503 || !answer.headers?.get("retry-after")))
                  failures.push(
                    `intake during the ${service.name} outage: ${answer.status || answer.error} ${answer.text.slice(0, 200)}`,
                  );
                await sleep(1_000);
              }
            })(),
            // The API: answers (200) or 503 — never a 500 or a hang.
            (async () => {
              while (Date.now() < until) {
                const answer = await request(
                  "GET",
                  `${api.daemon.base}/api/0/organizations/${ORG}/issues/?limit=5`,
                  {
                    token,
                    timeoutMs: PROBE_TIMEOUT_MS,
                  },
                );
                count(report.api, answer.status);
                if (answer.status !== 200 && answer.status !== 503)
                  failures.push(
                    `API during the ${service.name} outage: ${answer.status || answer.error} ${answer.text.slice(0, 200)}`,
                  );
                await sleep(1_000);
              }
            })(),
          ]);
          report.cpuShare = (cpuSeconds(pid) - cpuBefore) / ((Date.now() - stoppedAt) / 1000);
        } finally {
          await service.start();
          restoredAt = Date.now();
          report.downSeconds = Math.round((restoredAt - stoppedAt) / 100) / 10;
        }
        ctx.log(`outages: ${service.name} is back; waiting for the daemon to resume`);
        const snapshot = await withAdmin(ctx.admin, (a) => groupProgress(a, rig.groupId, rig.topic));
        report.recoveredInSeconds = await waitForRecovery(
          ctx.admin,
          rig.groupId,
          rig.topic,
          snapshot,
          restoredAt,
          180_000,
          async () => (await readyz(daemon.daemon.base)).status === 200,
        );
        reports.push(report);
        // What the intake refused during the outage is sent again now, as a client would.
        for (const probe of unanswered.splice(0)) {
          const deadline = Date.now() + 60_000;
          for (;;) {
            const answer = await postProbe(probe);
            if (answer.status === 202) {
              acceptedProbes.push(probe);
              break;
            }
            if (Date.now() > deadline) {
              failures.push(
                `the intake still refuses after the ${service.name} outage: ${answer.status} ${answer.text}`,
              );
              break;
            }
            await sleep(1_000);
          }
        }
        ctx.log(
          `outages: ${service.name}: /readyz not ready ${report.notReadySamples}× (named: ${report.namedDependency}), ` +
            `CPU ${(report.cpuShare * 100).toFixed(0)}% of a core, resumed in ${report.recoveredInSeconds?.toFixed(1) ?? "never"} s`,
        );
        if (!rig.alive(daemon)) failures.push(`the daemon exited during the ${service.name} outage`);
        if (!rig.alive(api)) failures.push(`the API exited during the ${service.name} outage`);
        if (!report.namedDependency)
          failures.push(`/readyz never reported ${service.name} down while it was down`);
        if (!(report.cpuShare < SPIN_CPU_SHARE))
          failures.push(
            `the daemon used ${(report.cpuShare * 100).toFixed(0)}% of a core during the ${service.name} outage (spinning)`,
          );
        if (report.recoveredInSeconds === null)
          failures.push(`processing did not resume within 180 s after ${service.name} came back`);
      }
      await sleep(5_000);
    } finally {
      feeder.stop();
      await feeder.done;
      await restoreServices(options.services, ctx.log);
    }
    const produced = [...stream.messages.slice(0, feeder.acked), ...acceptedProbes];
    const result = await audit({
      rig,
      projectIds: projects,
      valid: produced.map((m) => ({ id: m.id, projectId: m.projectId, payloadType: m.payloadType })),
    });
    failures.push(...rig.unexpectedExits);
    const recoveries = reports.map((r) => r.recoveredInSeconds ?? Number.NaN);
    const outcome = fromAudit("outages", produced.length, result, {
      failures,
      recoveredInSeconds: Math.max(...recoveries),
      note: reports
        .map(
          (r) => `${r.service} ${r.downSeconds} s: resumed in ${r.recoveredInSeconds?.toFixed(1) ?? "—"} s`,
        )
        .join("; "),
      details: { outages: reports, producerRetries: feeder.failures, outcomes: result.outcomes },
      started,
    });
    passed = outcome.status === "passed";
    return outcome;
  } finally {
    await restoreServices(options.services, ctx.log);
    await rig.destroy(!passed && ctx.keepFailed);
  }
}
