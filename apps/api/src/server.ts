import { randomUUID } from "node:crypto";
import fastify from "fastify";
import type { FastifyBaseLogger, FastifyInstance, RouteOptions } from "fastify";
import { validatorCompiler } from "fastify-type-provider-zod";
import { groupTypes, systemClock } from "@sift/schemas";
import type { Clock, GroupTypeRegistry } from "@sift/schemas";
import type { Db } from "@sift/storage";
import type { ApiContext } from "./context.js";
import { authenticate, routeScope } from "./http/auth.js";
import { ROUTE_NOT_FOUND_DETAIL, errorHandler } from "./http/errors.js";
import { registerOpenApi } from "./http/openapi.js";
import { responseSerializerCompiler } from "./http/serializer.js";
import { isUiPath, registerWebUi, sendWebUiIndex } from "./http/web-ui.js";
import { createLogger } from "./logger.js";
import { PromMetrics } from "@sift/schemas/prometheus";
import { hashRoutes } from "./routes/hashes.js";
import { issueEventRoutes } from "./routes/issue-events.js";
import { issueRoutes } from "./routes/issues.js";
import { noteRoutes } from "./routes/notes.js";
import { organizationRoutes } from "./routes/organizations.js";
import { DEFAULT_INGEST_PUBLIC_URL, projectKeyRoutes } from "./routes/project-keys.js";
import { releaseRoutes } from "./routes/releases.js";
import { serviceRoutes } from "./routes/service.js";
import { tagRoutes } from "./routes/tags.js";
import { organizationTagRoutes } from "./routes/organization-tags.js";
import { alertRuleRoutes } from "./routes/alert-rules.js";
import { alertDeliveryRoutes } from "./routes/alert-deliveries.js";
import { sentryAppRoutes, webhookPluginRoutes } from "./routes/sentry-apps.js";
import { memberRoutes } from "./routes/members.js";
import { orgAuthTokenRoutes } from "./routes/org-auth-tokens.js";
import { teamRoutes } from "./routes/teams.js";
import { errorSchema } from "./serializers/schemas.js";
import { signInRoutes } from "./routes/auth.js";
import { DEFAULT_SIGN_IN_SETTINGS } from "./sign-in/settings.js";
import type { SignInSettings } from "./sign-in/settings.js";

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
  /** The ingest daemon's public URL, the host of the DSNs the keys API answers. */
  ingestPublicUrl?: string;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /**
   * Check every answer against the zod schema its route documents (the OpenAPI document) and fail the
   * request on a mismatch. Off in production (answers are serialized as they are); the tests turn it on.
   */
  checkResponses?: boolean;
  /** Session lifetime and failed sign-in limits (defaults: DEFAULT_SIGN_IN_SETTINGS). */
  signIn?: Partial<SignInSettings>;
  /**
   * Behind a reverse proxy: take the client address from `X-Forwarded-For` and the scheme (which
   * decides the cookies' `Secure`) from `X-Forwarded-Proto`. Off by default: those headers are ignored.
   */
  trustProxy?: boolean;
  /** Sees every route as it is registered (the tests compare the route table with the OpenAPI document). */
  onRoute?: (route: RouteOptions) => void;
  /** The built web UI's folder (`apps/web/dist`), served at `/`; no UI when absent. */
  webRoot?: string | null;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Longest GET URL (path and query) accepted; see the onRequest hook. */
export const MAX_GET_URL_LENGTH = 6_144;

/**
 * Every route under `/api/0` needs a token and can answer 400 (validation), 404 (not the token's
 * organization, or nothing there): the document says so, with the scope, on each.
 */
function documentTokenRoute(route: RouteOptions): void {
  if (route.method === "HEAD") return;
  const method = Array.isArray(route.method) ? String(route.method[0]) : route.method;
  const scope = routeScope(method, route.config);
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  const description = typeof schema.description === "string" ? `${schema.description}\n\n` : "";
  route.schema = {
    ...schema,
    description: `${description}Scope: \`${scope}\`.`,
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    response: {
      400: errorSchema.describe("invalid parameters or body"),
      401: errorSchema.describe("no token, or an unknown or revoked one; no session, or an expired one"),
      403: errorSchema.describe(
        `the token lacks \`${scope}\`, or the user's role does${scope === "event:read" ? "" : ", or a session without its CSRF token"}`,
      ),
      404: errorSchema.describe("no such resource in the token's organization"),
      default: errorSchema.describe("any other error (413 body too large, 415, 503 unavailable, 500)"),
      ...(schema.response as Record<string, unknown> | undefined),
    },
  };
}

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
    signIn: { ...DEFAULT_SIGN_IN_SETTINGS, ...deps.signIn },
    ingestPublicUrl: deps.ingestPublicUrl ?? DEFAULT_INGEST_PUBLIC_URL,
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
    trustProxy: deps.trustProxy ?? false,
  });
  if (deps.onRoute) app.addHook("onRoute", deps.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler(deps.checkResponses ?? false));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    deps.webRoot && isUiPath(request)
      ? sendWebUiIndex(reply)
      : reply.code(404).send({ detail: ROUTE_NOT_FOUND_DETAIL }),
  );
  app.decorateRequest("auth", null);
  // List answers echo their URL twice in the Link header (previous, next): a longer GET URL would make
  // response headers most HTTP clients refuse (Node's fetch and http stop at 16 KB), so it is refused.
  app.addHook("onRequest", async (request, reply) => {
    if (request.method === "GET" && request.url.length > MAX_GET_URL_LENGTH) {
      return reply.code(414).send({
        detail: `The request URL is ${request.url.length} characters long; at most ${MAX_GET_URL_LENGTH} are accepted`,
      });
    }
  });

  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("X-Request-Id", request.id);
    return payload;
  });
  app.addHook("onResponse", async (request, reply) => {
    const status = String(reply.statusCode);
    ctx.metrics.increment("workflow.slo.http_response", { status });
    ctx.metrics.observe("http.server.duration", reply.elapsedTime / 1000, {
      method: request.method,
      route: request.routeOptions.url ?? "unknown",
      status,
    });
  });

  // The document generator collects routes as they are added: it comes first.
  await registerOpenApi(app, { publicUrl: ctx.publicUrl });
  await app.register(serviceRoutes(ctx));
  await app.register(signInRoutes(ctx), { prefix: "/api/0" });
  if (deps.webRoot) await registerWebUi(app, deps.webRoot);

  await app.register(
    async (api) => {
      api.addHook("onRequest", async (request) => {
        request.auth = await authenticate(request, ctx.db, ctx.clock);
      });
      api.addHook("onRoute", documentTokenRoute);
      await api.register(issueRoutes(ctx));
      await api.register(releaseRoutes(ctx));
      await api.register(tagRoutes(ctx));
      await api.register(organizationTagRoutes(ctx));
      await api.register(noteRoutes(ctx));
      await api.register(hashRoutes(ctx));
      await api.register(organizationRoutes(ctx));
      await api.register(issueEventRoutes(ctx));
      await api.register(projectKeyRoutes(ctx));
      await api.register(alertRuleRoutes(ctx));
      await api.register(alertDeliveryRoutes(ctx));
      await api.register(sentryAppRoutes(ctx));
      await api.register(webhookPluginRoutes(ctx));
      await api.register(memberRoutes(ctx));
      await api.register(orgAuthTokenRoutes(ctx));
      await api.register(teamRoutes(ctx));
    },
    { prefix: "/api/0" },
  );
  return app;
}
