import type { Logger } from "@sift/schemas";
import type { AlertDecider } from "./decider.js";
import type { DeliveryWorker } from "./worker.js";

export interface AlertsRunner {
  /** Resolves once the round in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Runs the decider and the delivery worker every `intervalMs` until stopped. A failed round is logged
 * and the next one tries again: the cursor and the deliveries' state are in the database.
 */
export function startAlerts(options: {
  decider: AlertDecider;
  worker: DeliveryWorker;
  logger: Logger;
  intervalMs: number;
}): AlertsRunner {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> = Promise.resolve();
  const round = async (): Promise<void> => {
    try {
      for (let i = 0; i < 10 && !stopped; i++) if (!(await options.decider.decideOnce()).full) break;
      if (!stopped) await options.worker.runOnce();
    } catch (error) {
      options.logger.warn({ err: (error as Error).message }, "alerts.round_failed");
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = round().then(schedule);
    }, options.intervalMs);
  };
  current = round().then(schedule);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
