import type { Clock, Logger } from "@sift/schemas";
import { deleteExpiredData, expireIssues, purgeDeletedIssues } from "@sift/storage";
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
  /**
   * Retention (SIFT_RETENTION_DAYS): occurrences, events, stats and status changes older than the cutoff
   * go in bounded batches; issues not seen since then are deleted; deleted issues whose delay passed are
   * purged with every row that references them.
   */
  const runOnce = async (): Promise<void> => {
    const now = options.clock.now();
    const cutoff = new Date(now.getTime() - options.retentionDays * 86_400_000);
    const expired = await deleteExpiredData(options.db, { cutoff });
    const issues = await expireIssues(options.db, { cutoff, now });
    const purged = await purgeDeletedIssues(options.db, { now });
    const removed = expired.occurrences + expired.events + expired.stats + expired.statusChanges;
    if (removed + issues + purged.issues > 0) {
      logger.info(
        {
          job: "retention",
          cutoff: cutoff.toISOString(),
          ...expired,
          expiredIssues: issues,
          purgedIssues: purged.issues,
        },
        "retention and purge ran",
      );
    }
  };
  const tick = () => {
    if (running || stopped) return;
    running = runOnce()
      .catch((error: unknown) =>
        logger.warn({ err: (error as Error).message }, "background job failed; retrying later"),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.intervalSeconds * 1000);
  timer.unref();
  const first = setTimeout(tick, Math.min(5_000, options.intervalSeconds * 1000));
  first.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
