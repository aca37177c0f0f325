import type { Clock, GroupTypeRegistry } from "@sift/schemas";
import type { Db } from "@sift/storage";
import type { FastifyRequest } from "fastify";
import type { PromMetrics } from "@sift/schemas/prometheus";

/** What the routes work with, built once by `buildServer`. */
export interface ApiContext {
  db: Db;
  clock: Clock;
  types: GroupTypeRegistry;
  metrics: PromMetrics;
  /** Issues last seen longer ago are left out of the list. */
  retentionDays: number;
  /** Base of permalinks and `Link` URLs; the request's origin when null. */
  publicUrl: string | null;
}

export function baseUrlOf(ctx: ApiContext, request: FastifyRequest): string {
  if (ctx.publicUrl) return ctx.publicUrl.replace(/\/+$/, "");
  return `${request.protocol}://${request.host}`;
}

/** The absolute URL of the request (for `Link` headers). */
export function requestUrlOf(ctx: ApiContext, request: FastifyRequest): string {
  return `${baseUrlOf(ctx, request)}${request.url}`;
}
