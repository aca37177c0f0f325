import { randomUUID } from "node:crypto";
import fastify from "fastify";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { groupTypes, systemClock } from "@sift/schemas";
import type { Clock, GroupTypeRegistry } from "@sift/schemas";
import { pingDatabase } from "@sift/storage";
import type { Db } from "@sift/storage";
import type { ApiContext } from "./context.js";
import { authenticate } from "./http/auth.js";
import { ROUTE_NOT_FOUND_DETAIL, errorHandler } from "./http/errors.js";
import { createLogger } from "./logger.js";
import { PromMetrics } from "./metrics.js";
import { issueRoutes } from "./routes/issues.js";
import { releaseRoutes } from "./routes/releases.js";

export interface ServerDeps {
  db: Db;
  /** pino logger (secrets redacted); a silent one when absent. */
  logger?: FastifyBaseLogger;
  clock?: Clock;
  metrics?: PromMetrics;
  types?: GroupTypeRegistry;
  /** Event retention of the issue list, in days (default 90). */
  retentionDays?: number;
  /** Base URL of permalinks and `Link` headers; the request's origin when absent. */
  publicUrl?: string | null;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The query API: Sentry's issue routes under `/api/0`, `/healthz`, `/readyz` and `/metrics`. Nothing
 * listens here; `main.ts` does. Call `close()` to stop (it does not close `db`).
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const ctx: ApiContext = {
    db: deps.db,
    clock: deps.clock ?? systemClock,
    types: deps.types ?? groupTypes,
    metrics: deps.metrics ?? new PromMetrics(),
    retentionDays: deps.retentionDays ?? 90,
    publicUrl: deps.publicUrl ?? null,
  };
  const app = fastify({
    loggerInstance: deps.logger ?? createLogger({ level: "silent" }),
    bodyLimit: deps.bodyLimit ?? 1_048_576,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    requestIdHeader: "x-request-id",
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ detail: ROUTE_NOT_FOUND_DETAIL }));
  app.decorateRequest("auth", null);

  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("X-Request-Id", request.id);
    return payload;
  });
  app.addHook("onResponse", async (request, reply) => {
    const status = String(reply.statusCode);
    ctx.metrics.increment("workflow.slo.http_response", { status });
    ctx.metrics.observe("http.server.duration_seconds", reply.elapsedTime / 1000, {
      method: request.method,
      route: request.routeOptions.url ?? "unknown",
      status,
    });
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    try {
      await pingDatabase(ctx.db);
      return { status: "ok", checks: { postgres: "ok" } };
    } catch (error) {
      return reply.code(503).send({
        status: "unavailable",
        detail: "postgres is not reachable",
        checks: { postgres: (error as Error).message || "unreachable" },
      });
    }
  });
  app.get("/metrics", async (_request, reply) => {
    const body = await ctx.metrics.registry.metrics();
    return reply.header("Content-Type", ctx.metrics.registry.contentType).send(body);
  });

  await app.register(
    async (api) => {
      api.addHook("onRequest", async (request) => {
        request.auth = await authenticate(request, ctx.db, ctx.clock);
      });
      await api.register(issueRoutes(ctx));
      await api.register(releaseRoutes(ctx));
    },
    { prefix: "/api/0" },
  );
  return app;
}
