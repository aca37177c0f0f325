import { authenticateBearer, requireScope, scopeForMethod } from "@sift/schemas";
import type { Clock, TokenScope } from "@sift/schemas";
import { authenticateApiToken, getProjectById, getProjectBySlug } from "@sift/storage";
import type { ApiToken, Db, Organization, Project } from "@sift/storage";
import type { FastifyRequest } from "fastify";
import { notFound } from "./errors.js";

/** Who is calling: an organization-bound token (Sift has no per-user project membership). */
export interface AuthContext {
  token: ApiToken;
  organization: Organization;
}

declare module "fastify" {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** `optional`: the route also answers without a token (then `request.auth` is null). */
    auth?: "optional";
    /** The scope the route needs, when not the one its method needs (`scopeForMethod`). */
    scope?: TokenScope;
  }
}

/** The scope a route needs: its own (`config.scope`), else its method's. */
export function routeScope(method: string, config: { scope?: TokenScope } | undefined): TokenScope {
  return config?.scope ?? scopeForMethod(method);
}

/**
 * Authenticates the request (one statement, which also records the token's use) and checks the
 * route's scope. Throws AuthError (401 / 403, mapped in errors.ts). Null for a route whose token is
 * optional, called without one.
 */
export async function authenticate(
  request: FastifyRequest,
  db: Db,
  clock: Clock,
): Promise<AuthContext | null> {
  const config = request.routeOptions.config;
  if (config.auth === "optional" && request.headers.authorization === undefined) return null;
  const found = await authenticateBearer(request.headers.authorization, (token) =>
    authenticateApiToken(db, { token, now: clock.now() }),
  );
  requireScope(found.token.scopes, routeScope(request.method, config));
  return found;
}

/**
 * The token's organization when the path names it (by slug or id); any other organization — existing
 * or not — is a 404, so nothing about other organizations is ever revealed.
 */
export function requireOrganization(auth: AuthContext, slugOrId: string): Organization {
  const org = auth.organization;
  if (slugOrId === org.slug || slugOrId === String(org.id)) return org;
  throw notFound();
}

/** A project of the token's organization by slug (or id); 404 otherwise. */
export async function requireProject(db: Db, organization: Organization, slugOrId: string): Promise<Project> {
  const bySlug = await getProjectBySlug(db, organization.id, slugOrId);
  if (bySlug) return bySlug;
  if (/^\d{1,15}$/.test(slugOrId)) {
    const byId = await getProjectById(db, Number(slugOrId));
    if (byId && byId.organizationId === organization.id) return byId;
  }
  throw notFound();
}
