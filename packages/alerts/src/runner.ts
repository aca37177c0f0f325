import type { Logger } from "@sift/schemas";
import type { AlertDecider } from "./decider.js";
import type { DeliveryWorker } from "./worker.js";

export interface AlertsRunner {
  /** Resolves once the rounds in progress have finished. */
  stop(): Promise<void>;
}

/** Runs `round` now and then `intervalMs` after each round ends, until stopped. */
function loop(round: () => Promise<void>, intervalMs: number, stopped: () => boolean) {
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> = Promise.resolve();
  const schedule = (): void => {
    if (stopped()) return;
    timer = setTimeout(() => {
      current = round().then(schedule);
    }, intervalMs);
  };
  current = round().then(schedule);
  return {
    async stop() {
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

/**
 * Runs the decider and the delivery worker every `intervalMs` until stopped, each in its own loop so
 * a backlog of decisions does not hold deliveries back; each works through its backlog before waiting.
 * A failed round is logged and the next one tries again: the cursor and the deliveries' state are in
 * the database.
 */
export function startAlerts(options: {
  decider: Pick<AlertDecider, "decideOnce">;
  worker: Pick<DeliveryWorker, "runOnce">;
  logger: Logger;
  intervalMs: number;
}): AlertsRunner {
  let stopped = false;
  const isStopped = () => stopped;
  const guarded = (what: string, fn: () => Promise<void>) => async () => {
    try {
      await fn();
    } catch (error) {
      options.logger.warn({ err: (error as Error).message, what }, "alerts.round_failed");
    }
  };
  const deciding = loop(
    guarded("decide", async () => {
      for (let i = 0; i < 10 && !stopped; i++) if (!(await options.decider.decideOnce()).full) break;
    }),
    options.intervalMs,
    isStopped,
  );
  // A backlog is sent round after round (each `batchSize` deliveries at once) until a round is not full.
  const delivering = loop(
    guarded("deliver", async () => {
      while (!stopped && (await options.worker.runOnce()).full);
    }),
    options.intervalMs,
    isStopped,
  );
  return {
    async stop() {
      stopped = true;
      await Promise.all([deciding.stop(), delivering.stop()]);
    },
  };
}
