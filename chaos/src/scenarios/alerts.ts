import { randomUUID } from "node:crypto";
import { ACTIONS, CONDITIONS, FILTERS } from "@sift/alerts";
import { createAlertRule, createSentryApp, setProjectWebhookConfig } from "@sift/storage";
import { between, rng, sleep } from "@sift/testkit";
import { auditAlerts, decidedEverything, deliveriesSettled, waitUntil } from "../alert-audit.js";
import { expectedAlerts, generateAlertWorkload, rulePlans } from "../alert-workload.js";
import type { RulePlan } from "../alert-workload.js";
import { audit } from "../audit.js";
import { Feeder, waitForDrain } from "../kafka.js";
import { startReceiver } from "../receiver.js";
import { fromAudit } from "../result.js";
import type { ScenarioResult } from "../result.js";
import { Rig, startTimeline } from "../rig.js";
import type { ChaosContext, DaemonSlot } from "../rig.js";
import type { StreamMessage } from "../workload.js";

export interface AlertsOptions {
  /** Distinct occurrences of the first phase (resends and the later phases come on top). */
  messages: number;
  /** kill -9 moments during the first phase. */
  kills: number;
}

/** The frequency rule: more than this many events in an hour. */
const FREQUENCY_VALUE = 20;
const SECRET = "chaos-alerts-integration-secret";
/** The daemons' alert settings: rounds every 100 ms, retries after 200 ms, the receiver on loopback. */
const ALERT_ENV = {
  SIFT_ALERTS: "on",
  SIFT_ALERTS_INTERVAL_MS: "100",
  SIFT_ALERTS_RETRY_BASE_MS: "200",
  SIFT_OUTBOUND_ALLOW: "127.0.0.1",
};

/**
 * An internal integration subscribed to `issue` webhooks, the legacy webhooks plugin of each project,
 * and the rules of `rulePlans`, all pointing at the receiver. Returns rule id → rule name.
 */
async function setUpAlerting(
  rig: Rig,
  organizationId: number,
  plans: readonly RulePlan[],
  receiverUrl: string,
): Promise<Map<number, string>> {
  const installationUuid = randomUUID();
  const at = new Date();
  await createSentryApp(
    rig.db,
    {
      organizationId,
      uuid: randomUUID(),
      slug: "chaos-receiver",
      name: "Chaos receiver",
      clientId: randomUUID().replaceAll("-", ""),
      clientSecret: SECRET,
      webhookUrl: `${receiverUrl}/sentry-app`,
      events: ["issue"],
      scopes: ["event:read"],
      isInternal: true,
    },
    installationUuid,
    at,
  );
  for (const projectId of new Set(plans.map((p) => p.projectId)))
    await setProjectWebhookConfig(rig.db, projectId, {
      urls: [`${receiverUrl}/plugin/p${projectId}`],
      enabled: true,
    });
  const names = new Map<number, string>();
  const condition = {
    "first-seen": { id: CONDITIONS.FIRST_SEEN },
    regression: { id: CONDITIONS.REGRESSION },
    frequency: {
      id: CONDITIONS.EVENT_FREQUENCY,
      value: FREQUENCY_VALUE,
      interval: "1h",
      comparisonType: "count",
    },
  };
  for (const plan of plans) {
    const rule = await createAlertRule(
      rig.db,
      {
        organizationId,
        projectId: plan.projectId,
        name: plan.name,
        environment: plan.environment,
        actionMatch: "all",
        filterMatch: "all",
        // A day: each rule fires at most once per issue during the run.
        frequency: 1440,
        conditions: [condition[plan.kind]],
        filters: plan.team ? [{ id: FILTERS.TAGGED_EVENT, key: "team", match: "eq", value: plan.team }] : [],
        actions: plan.actions.map((a) =>
          a === "webhooks"
            ? { id: ACTIONS.SERVICE, service: "webhooks" }
            : { id: ACTIONS.SENTRY_APP, sentryAppInstallationUuid: installationUuid, settings: [] },
        ),
        owner: null,
      },
      at,
    );
    names.set(rule.id, plan.name);
  }
  return names;
}

/**
 * alerts: projects with first-seen, regression and frequency rules whose actions are the legacy
 * webhooks plugin and an internal integration (also subscribed to `issue` webhooks), all aimed at an
 * HTTP receiver the scenario runs, which refuses the first attempt of a quarter of the deliveries and
 * answers some slowly. Two ingest daemons (each with its alert decider and delivery worker) consume
 * three phases: occurrences (with resends) while daemons are killed with SIGKILL and restarted; status
 * changes resolving some issues, after which one daemon leaves with SIGTERM; occurrences that regress
 * them, cross the frequency count, and open new issues. The audit: the ingest audit, and every alert
 * the workload calls for decided exactly once and delivered at least once, nothing else decided.
 */
export async function alertsScenario(ctx: ChaosContext, options: AlertsOptions): Promise<ScenarioResult> {
  const started = Date.now();
  return Rig.run(ctx, "alerts", async (rig) => {
    const receiver = await startReceiver({
      secret: SECRET,
      refuseFirst: (id) => "0123".includes(id.at(-1) ?? ""),
      delayMs: (id) => (id.at(-2) === "f" ? 400 : 5),
    });
    try {
      const projects = [1, 2];
      const org = await rig.organization(
        "chaos-alerts",
        projects.map((id) => ({ id, slug: `p${id}` })),
      );
      const plans = rulePlans(projects);
      const ruleNames = await setUpAlerting(rig, org.id, plans, receiver.url);
      const workload = generateAlertWorkload({
        messages: options.messages,
        fingerprints: Math.max(60, Math.round(options.messages / 25)),
        projects,
        resendRatio: 0.05,
        frequencyValue: FREQUENCY_VALUE,
        seed: ctx.seed,
        now: new Date(),
      });
      const expected = expectedAlerts(workload, plans, FREQUENCY_VALUE);
      const random = rng(ctx.seed + 7);
      const { lines: timeline, mark } = startTimeline(ctx, "alerts");
      const failures: string[] = [];
      const phaseDone = async (what: string) => {
        const drained = await waitForDrain(ctx.admin, rig.groupId, rig.topic, 180_000);
        if (!drained.drained) failures.push(`${what}: consumer lag ${drained.lag} after 180 s`);
        if (!(await waitUntil(() => decidedEverything(rig.db), 60_000)))
          failures.push(`${what}: the alert decider had not read everything after 60 s`);
        mark(`${what}: consumed and decided`);
      };

      const start = async (): Promise<DaemonSlot> => ({
        current: await rig.start("ingest", ALERT_ENV),
        restarting: null,
      });
      const slots = await Promise.all([start(), start()]);
      // The first decider pass sets the cursor: what is ingested from then on is alerted on.
      await waitUntil(async () => (await rig.db("alert_cursors").first()) !== undefined, 30_000);
      mark("two daemons running");

      // Phase 1, with the kills spread over it; each kill waits for the group to recover.
      const occurrences = workload.phases.occurrences;
      const plannedMs = Math.max(8_000, options.kills * 40_000);
      const p0 = Date.now();
      const feeder = new Feeder(ctx.kafka, rig.topic, occurrences, occurrences.length / (plannedMs / 1000));
      const recoveries: (number | null)[] = [];
      for (let k = 0; k < options.kills; k++) {
        const slot = (0.85 * plannedMs) / options.kills;
        await sleep(Math.max(0, p0 + 0.05 * plannedMs + k * slot + random() * 0.4 * slot - Date.now()));
        const victim = slots[k % 2]!;
        const recovered = await rig.killAndRestart(victim, {
          restartAfterMs: between(random, 300, 2_000),
          env: ALERT_ENV,
          timeoutMs: 120_000,
          mark,
          note: () => `${feeder.acked.toLocaleString("en")} produced`,
        });
        recoveries.push(recovered);
        if (recovered === null) failures.push(`kill ${k + 1}: processing did not resume within 120 s`);
      }
      await feeder.done;
      for (const s of slots) await s.restarting;
      mark(`${occurrences.length.toLocaleString("en")} occurrences produced`);
      await phaseDone("phase 1");

      const produce = (messages: StreamMessage[]) => new Feeder(ctx.kafka, rig.topic, messages, 2_000).done;
      await produce(workload.phases.resolves);
      await phaseDone(`phase 2 (${workload.phases.resolves.length} status changes)`);
      const leaving = slots[1]!.current!;
      await rig.stop(leaving);
      mark(`${leaving.name} left the group (SIGTERM)`);
      await produce(workload.phases.regressions);
      await phaseDone(`phase 3 (${workload.phases.regressions.length} occurrences)`);
      if (!(await waitUntil(() => deliveriesSettled(rig.db), 90_000)))
        failures.push("deliveries still pending 90 s after the last decision");
      mark(`${receiver.receptions.length} requests received`);

      const ingest = await audit({
        rig,
        projectIds: projects,
        valid: workload.all.map((m) => ({ id: m.id, projectId: m.projectId, payloadType: m.payloadType })),
      });
      const alerts = await auditAlerts({
        db: rig.db,
        expected,
        receptions: receiver.receptions,
        ruleNames,
        fingerprintOf: workload.fingerprintOf,
      });
      failures.push(...rig.unexpectedExits, ...alerts.failures);
      const result = fromAudit("alerts", workload.all.length, ingest, {
        failures,
        recoveredInSeconds: recoveries.length > 0 ? Math.max(0, ...recoveries.map((r) => r ?? 0)) : null,
        note:
          `${alerts.decided.toLocaleString("en")} alerts decided of ${alerts.expected.toLocaleString("en")} expected, ` +
          `${alerts.delivered.toLocaleString("en")} delivered (${alerts.refused} refused once, ${alerts.resent} sent again); ` +
          `${options.kills} kill${options.kills === 1 ? "" : "s"}, 2 daemons`,
        details: { alerts, timeline, recoveries, outcomes: ingest.outcomes, issues: ingest.issues },
        started,
      });
      return {
        ...result,
        lost: result.lost + alerts.lost,
        duplicated: result.duplicated + alerts.duplicated,
      };
    } finally {
      await receiver.close();
    }
  });
}
