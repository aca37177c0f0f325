import type { Clock, Logger } from "@sift/schemas";
import type { Db } from "@sift/storage";

export interface JobsOptions {
  db: Db;
  logger: Logger;
  clock: Clock;
  retentionDays: number;
  intervalSeconds: number;
}

export interface Jobs {
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/** Background upkeep on a timer: one run at a time; a failing run is logged and retried next time. */
export function startJobs(options: JobsOptions): Jobs {
  const { logger } = options;
  let running: Promise<void> | null = null;
  let stopped = false;
  const runOnce = async (): Promise<void> => {
    // Filled in by the retention and deletion jobs.
  };
  const tick = () => {
    if (running || stopped) return;
    running = runOnce()
      .catch((error: unknown) => logger.warn({ err: (error as Error).message }, "background job failed; retrying later"))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.intervalSeconds * 1000);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
