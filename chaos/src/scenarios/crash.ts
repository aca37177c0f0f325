import { sleep } from "@sift/testkit";
import { audit } from "../audit.js";
import { Feeder } from "../kafka.js";
import { between, rng } from "@sift/testkit";
import { fromAudit } from "../result.js";
import type { ScenarioResult } from "../result.js";
import { Rig, startTimeline } from "../rig.js";
import type { ChaosContext, DaemonSlot } from "../rig.js";
import { generateStream } from "../workload.js";

export interface CrashOptions {
  /** Distinct valid messages; 5% more are resends of earlier ones. */
  messages: number;
  kills: number;
}

/**
 * crash: a steady stream of valid messages (5% sent again later with the same id); the ingest daemon is
 * killed with SIGKILL at random moments and restarted; a second daemon joins the group for the middle
 * of the run and leaves it (rebalances), and may be the one killed.
 */
export async function crashScenario(ctx: ChaosContext, options: CrashOptions): Promise<ScenarioResult> {
  const started = Date.now();
  return Rig.run(ctx, "crash", async (rig) => {
    const projects = [1, 2, 3, 4];
    await rig.organization(
      "chaos-crash",
      projects.map((id) => ({ id, slug: `p${id}` })),
    );
    const stream = generateStream({
      count: options.messages,
      resendRatio: 0.05,
      projects,
      fingerprints: Math.max(500, Math.round(options.messages / 20)),
      seed: ctx.seed,
      now: new Date(),
      eventsPerProject: 200,
    });
    await rig.storeEvents(stream.events);

    // Production is spread so that every kill lands while messages flow: a kill stalls the group for
    // the dead member's session timeout (30 s), so each kill gets a slot of 45 s.
    const plannedMs = Math.max(40, options.kills * 45) * 1000;
    const rate = stream.messages.length / (plannedMs / 1000);
    const random = rng(ctx.seed + 1);
    ctx.log(
      `crash: producing ${stream.messages.length.toLocaleString("en")} messages at ${Math.round(rate)}/s; ${options.kills} kills`,
    );
    const { t0, lines: timeline, mark } = startTimeline(ctx, "crash");
    const until = (ms: number) => sleep(Math.max(0, t0 + ms - Date.now()));

    const primary: DaemonSlot = { current: await rig.start("ingest"), restarting: null };
    const second: DaemonSlot = { current: null, restarting: null };
    const feeder = new Feeder(ctx.kafka, rig.topic, stream.messages, rate);

    // A second daemon joins for the middle 40% of the run (two rebalances), and may be killed meanwhile.
    let secondActive = false;
    const visitor = (async () => {
      await until(0.3 * plannedMs);
      second.restarting = rig.start("ingest").then((d) => {
        second.current = d;
        secondActive = true;
        mark(`second daemon joined the group (${d.name})`);
      });
      await second.restarting;
      await until(0.7 * plannedMs);
      secondActive = false;
      await second.restarting;
      if (second.current && rig.alive(second.current)) {
        await rig.stop(second.current);
        mark(`second daemon left the group (SIGTERM, ${second.current.name})`);
      }
      second.current = null;
    })();

    // Each kill at a random moment of its slot, once the group has recovered from the one before.
    const recoveries: (number | null)[] = [];
    let secondKills = 0;
    for (let k = 0; k < options.kills; k++) {
      const slot = plannedMs * (0.85 / options.kills);
      await until(0.05 * plannedMs + k * slot + random() * 0.6 * slot);
      // The first kill while two daemons run takes the second one; later ones pick at random.
      const onSecond: boolean =
        secondActive && second.current !== null && (secondKills === 0 || random() < 0.4);
      const victim = onSecond ? second : primary;
      if (onSecond) secondKills++;
      const recovered = await rig.killAndRestart(victim, {
        restartAfterMs: between(random, 300, 3_000),
        timeoutMs: 240_000,
        mark,
        note: () => `${feeder.acked.toLocaleString("en")} produced`,
      });
      recoveries.push(recovered);
    }
    await visitor;
    await feeder.done;
    mark(`all ${feeder.acked.toLocaleString("en")} messages produced`);
    const recovered = recoveries;
    const failures: string[] = [];
    recovered.forEach((r, i) => {
      if (r === null)
        failures.push(`kill ${i + 1}: processing did not resume on every partition within 240 s`);
    });
    const result = await audit({
      rig,
      projectIds: projects,
      valid: stream.messages.map((m) => ({ id: m.id, projectId: m.projectId, payloadType: m.payloadType })),
    });
    failures.push(...rig.unexpectedExits);
    const recoveredIn = Math.max(0, ...recovered.filter((r): r is number => r !== null));
    const outcome = fromAudit("crash", stream.messages.length, result, {
      failures,
      recoveredInSeconds: recovered.length > 0 ? recoveredIn : null,
      note: `${options.kills} kills (${secondKills} of the second daemon), 2 daemons for 40% of the run, ${stream.mix.resend!.toLocaleString("en")} resends`,
      details: {
        distinctIds: options.messages,
        mix: stream.mix,
        recoveries: recovered,
        timeline,
        producerRetries: feeder.failures,
        outcomes: result.outcomes,
        issues: result.issues,
      },
      started,
    });
    return outcome;
  });
}
