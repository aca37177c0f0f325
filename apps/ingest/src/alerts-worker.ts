import { parentPort, workerData } from "node:worker_threads";
import pino from "pino";
import { groupTypes, systemClock } from "@sift/schemas";
import { createDb } from "@sift/storage";
import {
  createAlertDecider,
  createDeliveryWorker,
  createOutboundGuard,
  createSmtpMailer,
  startAlerts,
} from "@sift/alerts";
import { forwardedMetrics } from "./alerts-thread.js";
import type { ToThread } from "./alerts-thread.js";
import type { Env } from "./env.js";
import { loggerOptions } from "./logging.js";

// The alerts thread (started by `startAlertsThread`): the decider and the delivery worker, with a
// connection pool of their own (one connection each, and one spare).
const port = parentPort!;
const env = workerData as Env;
const clock = systemClock;
const logger = pino({ ...loggerOptions(env.LOG_LEVEL), name: "alerts" });
const metrics = forwardedMetrics(port);
const db = createDb({ url: env.DATABASE_URL, poolMax: 3, applicationName: "sift-ingest" });
const mailer = env.SIFT_SMTP_URL
  ? createSmtpMailer({ url: env.SIFT_SMTP_URL, from: env.SIFT_SMTP_FROM })
  : null;
const worker = createDeliveryWorker({
  db,
  clock,
  logger,
  metrics,
  guard: createOutboundGuard(env.SIFT_OUTBOUND_ALLOW),
  mailer,
  retryBaseMs: env.SIFT_ALERTS_RETRY_BASE_MS,
});
// What a pass decides is sent from memory by the worker of this thread.
const decider = createAlertDecider({
  db,
  clock,
  logger,
  metrics,
  types: groupTypes,
  baseUrl: env.SIFT_PUBLIC_URL,
  handOff: worker.handOff,
});
const alerts = startAlerts({ decider, worker, logger, intervalMs: env.SIFT_ALERTS_INTERVAL_MS });

port.on("message", (m: ToThread) => {
  if (m.kind !== "stop") return;
  void (async () => {
    await alerts.stop();
    // What was decided and not sent yet is due at once, for the next daemon, not after its lease.
    await worker.releaseHandedOff();
    mailer?.close();
    await db.destroy();
    metrics.flush();
    // Nothing is left to keep the thread alive: it exits.
    port.close();
  })();
});
