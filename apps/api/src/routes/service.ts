import { z } from "zod";
import { pingDatabase } from "@sift/storage";
import { zodRoutes } from "../context.js";
import type { ApiContext } from "../context.js";

/** `/healthz`, `/readyz` and `/metrics`: the service's own routes, outside `/api/0` and without a token. */
export function serviceRoutes(ctx: ApiContext) {
  return zodRoutes((app) => {
    app.get(
      "/healthz",
      {
        schema: {
          tags: ["Service"],
          operationId: "healthz",
          summary: "The process is up",
          response: { 200: z.object({ status: z.literal("ok") }).describe("the process is up") },
        },
      },
      async () => ({ status: "ok" as const }),
    );
    app.get(
      "/readyz",
      {
        schema: {
          tags: ["Service"],
          operationId: "readyz",
          summary: "Postgres is reachable",
          response: {
            200: z
              .object({ status: z.literal("ok"), checks: z.object({ postgres: z.literal("ok") }) })
              .describe("ready"),
            503: z
              .object({
                status: z.literal("unavailable"),
                detail: z.string(),
                checks: z.object({ postgres: z.string().describe("why it is not reachable") }),
              })
              .describe("Postgres is not reachable"),
          },
        },
      },
      async (_request, reply) => {
        try {
          await pingDatabase(ctx.db);
          return { status: "ok" as const, checks: { postgres: "ok" as const } };
        } catch (error) {
          return reply.code(503).send({
            status: "unavailable",
            detail: "postgres is not reachable",
            checks: { postgres: (error as Error).message || "unreachable" },
          });
        }
      },
    );
    app.get(
      "/metrics",
      {
        schema: {
          tags: ["Service"],
          operationId: "metrics",
          summary: "Prometheus metrics",
          response: {
            200: {
              description: "Prometheus text exposition format",
              content: { "text/plain": { schema: z.string() } },
            },
          },
        },
      },
      async (_request, reply) => {
        const body = await ctx.metrics.registry.metrics();
        return reply.header("Content-Type", ctx.metrics.registry.contentType).send(body);
      },
    );
  });
}
