/**
 * Runs `work` when fewer than `max` others run for the same host: a round of a hundred deliveries to
 * one receiver goes out ten at a time over ten connections, not a hundred at once. A freed slot passes
 * straight to the next waiting send. Without a host (e-mail, bounded by the mailer's pool) it runs now.
 */
export function hostLimiter(max: number): <T>(host: string | null, work: () => Promise<T>) => Promise<T> {
  const running = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();
  return async (host, work) => {
    if (host === null) return work();
    const n = running.get(host) ?? 0;
    if (n < max) running.set(host, n + 1);
    else
      await new Promise<void>((resolve) => {
        const queue = waiting.get(host);
        if (queue) queue.push(resolve);
        else waiting.set(host, [resolve]);
      });
    try {
      return await work();
    } finally {
      const queue = waiting.get(host);
      const next = queue?.shift();
      if (queue?.length === 0) waiting.delete(host);
      if (next) next();
      else if (running.get(host) === 1) running.delete(host);
      else running.set(host, running.get(host)! - 1);
    }
  };
}
