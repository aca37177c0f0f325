import { Worker } from "node:worker_threads";
import type { MessagePort } from "node:worker_threads";
import type { Logger, MetricLabels, Metrics } from "@sift/schemas";
import type { Env } from "./env.js";

/**
 * The alert decider and delivery worker run in a thread of the daemon of their own: a pass that
 * evaluates a thousand issues or builds a round's bodies does not hold up the batches' database round
 * trips on the ingest thread, and the daemon uses a second core. This file is both ends of the thread:
 * the daemon's side starts, restarts and stops it; the thread's side forwards its metrics.
 */

type MetricOp = [kind: keyof Metrics, name: string, value: number, labels: MetricLabels];

/** What the thread posts to the daemon. */
type FromThread = { kind: "metrics"; ops: MetricOp[] };

/** What the daemon posts to the thread. */
export type ToThread = { kind: "stop" };

/**
 * The thread's metrics, posted to the daemon, whose registry `/metrics` serves, every `flushMs` and
 * when `flush` is called: one message per flush, with the increments of one counter and labels summed.
 */
export function forwardedMetrics(port: MessagePort, flushMs = 250): Metrics & { flush(): void } {
  let ops: MetricOp[] = [];
  let counters = new Map<string, MetricOp>();
  const flush = () => {
    const all = [...counters.values(), ...ops];
    if (all.length === 0) return;
    port.postMessage({ kind: "metrics", ops: all } satisfies FromThread);
    ops = [];
    counters = new Map();
  };
  setInterval(flush, flushMs).unref();
  return {
    increment: (name, labels = {}, value = 1) => {
      const key = `${name} ${JSON.stringify(labels)}`;
      const op = counters.get(key);
      if (op) op[2] += value;
      else counters.set(key, ["increment", name, value, labels]);
    },
    observe: (name, value, labels = {}) => void ops.push(["observe", name, value, labels]),
    gauge: (name, value, labels = {}) => void ops.push(["gauge", name, value, labels]),
    flush,
  };
}

function apply(metrics: Metrics, [kind, name, value, labels]: MetricOp): void {
  if (kind === "increment") metrics.increment(name, labels, value);
  else metrics[kind](name, value, labels);
}

const FROM_SOURCE = import.meta.url.endsWith(".ts");

/** The thread's entry: the built file beside the daemon's, or the source when run from source. */
const ENTRY = new URL(FROM_SOURCE ? "./alerts-worker.ts" : "./alerts-worker.js", import.meta.url);

/** A thread running `ENTRY`; from source, tsx's loader is registered in it first (hooks are per thread). */
function newThread(env: Env): Worker {
  const options = { workerData: env };
  if (!FROM_SOURCE) return new Worker(ENTRY, options);
  const tsx = import.meta.resolve("tsx/esm/api");
  const code = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(ENTRY.href)}); })`;
  return new Worker(code, { ...options, eval: true });
}

export interface AlertsThread {
  /** Asks the thread to finish its rounds and waits for it to exit (ended after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Starts the alerts thread with the daemon's configuration. A thread that exits on its own (an
 * uncaught error) is logged and started again a second later: the cursor and the deliveries' state are
 * in the database, so nothing is lost or decided twice.
 */
export function startAlertsThread(options: { env: Env; logger: Logger; metrics: Metrics }): AlertsThread {
  const { env, logger, metrics } = options;
  let stopping = false;
  let worker: Worker;
  let restart: NodeJS.Timeout | null = null;
  let exited: Promise<void>;

  const spawn = () => {
    worker = newThread(env);
    worker.on("message", (m: FromThread) => {
      if (m.kind === "metrics") for (const op of m.ops) apply(metrics, op);
    });
    worker.on("error", (error) => logger.error({ err: error.message }, "alerts.thread_failed"));
    exited = new Promise((resolve) =>
      worker.once("exit", (code) => {
        if (!stopping) {
          logger.error({ code, restartInMs: 1_000 }, "alerts.thread_exited");
          restart = setTimeout(spawn, 1_000);
        }
        resolve();
      }),
    );
  };
  spawn();

  return {
    async stop(timeoutMs = 20_000) {
      stopping = true;
      if (restart) clearTimeout(restart);
      worker.postMessage({ kind: "stop" } satisfies ToThread);
      const late = setTimeout(() => void worker.terminate(), timeoutMs);
      await exited;
      clearTimeout(late);
    },
  };
}
