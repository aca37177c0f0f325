// Composition root of the query API: load env, build logger and clients, listen, and on SIGTERM/SIGINT
// stop accepting requests, let the ones in flight finish, then close the database pool.
import { fileURLToPath } from "node:url";
import { groupTypes, systemClock } from "@sift/schemas";
import { createDb } from "@sift/storage";
import { loadEnv } from "./env.js";
import { createLogger } from "./logger.js";
import { PromMetrics } from "@sift/schemas/prometheus";
import { buildServer } from "./server.js";
import { webUiRoot } from "./http/web-ui.js";

/** The built web UI beside this app (`apps/web/dist`), from `src/` and from `dist/` alike. */
const WEB_DIST = fileURLToPath(new URL("../../web/dist/", import.meta.url));

async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger({ level: env.LOG_LEVEL });
  const db = createDb({
    url: env.DATABASE_URL,
    poolMax: env.DATABASE_POOL_MAX,
    applicationName: "sift-api",
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
  });
  const webRoot = webUiRoot(WEB_DIST);
  if (!webRoot) logger.warn({ folder: WEB_DIST }, "api.no_web_ui: pnpm build builds the web UI");
  const app = await buildServer({
    db,
    logger,
    clock: systemClock,
    metrics: new PromMetrics({ defaultMetrics: true }),
    types: groupTypes,
    retentionDays: env.SIFT_RETENTION_DAYS,
    publicUrl: env.SIFT_PUBLIC_URL ?? null,
    webRoot,
    trustProxy: env.SIFT_TRUST_PROXY,
    signIn: { sessionTtlMs: env.SIFT_SESSION_TTL_HOURS * 3_600_000 },
    ingestPublicUrl: env.SIFT_INGEST_PUBLIC_URL,
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "api.stopping");
    const force = setTimeout(() => {
      logger.error({}, "api.stop_timeout");
      process.exit(1);
    }, 20_000);
    force.unref();
    app
      .close()
      .then(() => db.destroy())
      .then(() => {
        logger.info({}, "api.stopped");
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, "api.stop_failed");
        process.exit(1);
      });
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  // Started with an IPC channel (as `pnpm start` does): stop when the starting process is gone.
  process.once("disconnect", () => stop("parent exited"));
  process.channel?.unref();

  await app.listen({ port: env.PORT, host: env.HOST });
  logger.info({ port: env.PORT, host: env.HOST }, "api.listening");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
