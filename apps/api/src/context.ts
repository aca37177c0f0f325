import type { Clock, GroupTypeRegistry } from "@sift/schemas";
import type { Db } from "@sift/storage";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { PromMetrics } from "@sift/schemas/prometheus";
import type { SignInSettings } from "./sign-in/settings.js";

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
  /** Session lifetime and the failed sign-in throttle. */
  signIn: SignInSettings;
  /** The ingest daemon's public URL: the host of DSNs. */
  ingestPublicUrl: string;
}

/** The Fastify instance routes are registered on, with zod schemas typing params, query and body. */
export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A Fastify plugin made of the routes `register` adds, typed by their zod schemas. */
export function zodRoutes(register: (app: ZodApp) => void): (fastify: FastifyInstance) => Promise<void> {
  return async (fastify) => {
    register(fastify.withTypeProvider<ZodTypeProvider>());
  };
}

export function baseUrlOf(ctx: ApiContext, request: FastifyRequest): string {
  if (ctx.publicUrl) return ctx.publicUrl.replace(/\/+$/, "");
  return `${request.protocol}://${request.host}`;
}

/** The absolute URL of the request (for `Link` headers). */
export function requestUrlOf(ctx: ApiContext, request: FastifyRequest): string {
  return `${baseUrlOf(ctx, request)}${request.url}`;
}
