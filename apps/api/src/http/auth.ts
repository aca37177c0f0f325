import {
  AuthError,
  NO_CREDENTIALS_DETAIL,
  authenticateBearer,
  requireScope,
  scopeForMethod,
  scopesOfRole,
} from "@sift/schemas";
import type { Clock, TokenScope } from "@sift/schemas";
import {
  authenticateApiToken,
  authenticateUserSession,
  getProjectById,
  getProjectBySlug,
} from "@sift/storage";
import type { ApiToken, AuthenticatedSession, Db, Organization, Project } from "@sift/storage";
import type { FastifyRequest } from "fastify";
import { notFound } from "./errors.js";
import { checkCsrf, sessionTokenOf } from "./session-cookie.js";

/**
 * Who is calling: an organization-bound token, or a user signed in to one organization (a session
 * cookie). Either way the request acts in `organization` with `scopes` (Sift has no per-user project
 * membership).
 */
export interface AuthContext {
  organization: Organization;
  /** The token's scopes, or those of the signed-in user's role. */
  scopes: readonly string[];
  /** The bearer token; null for a session. */
  token: ApiToken | null;
  /** The signed-in user and the session; null for a token. */
  session: AuthenticatedSession | null;
}

declare module "fastify" {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** `optional`: the route also answers without a token (then `request.auth` is null). */
    auth?: "optional";
    /** The scope the route needs, when not the one its method needs (`scopeForMethod`). */
    scope?: RouteScope;
  }
}

/**
 * What a route may require: a token scope, or one only an admin's session has (`@sift/schemas`'
 * `scopesOfRole`): managing members (`member:admin`) and API tokens (`org:admin`). No token carries
 * those, so a token can neither mint tokens nor change who belongs to the organization.
 */
export type RouteScope = TokenScope | "member:admin" | "org:admin";

/** The scope a route needs: its own (`config.scope`), else its method's. */
export function routeScope(method: string, config: { scope?: RouteScope } | undefined): RouteScope {
  return config?.scope ?? scopeForMethod(method);
}

/** The signed-in user's id, or null for a token (what the per-user parts of the API key on). */
export const userIdOf = (auth: AuthContext): number | null => auth.session?.user.id ?? null;

/**
 * Authenticates the request with its `Authorization: Bearer` token, or else with its session cookie
 * (then an unsafe method must carry the CSRF token), and checks the route's scope. One statement,
 * which also records the token's or session's use. Throws AuthError (401 / 403, mapped in errors.ts).
 * Null for a route whose credentials are optional, called without any.
 */
export async function authenticate(
  request: FastifyRequest,
  db: Db,
  clock: Clock,
): Promise<AuthContext | null> {
  const config = request.routeOptions.config;
  const sessionToken = request.headers.authorization === undefined ? sessionTokenOf(request) : null;
  if (sessionToken !== null) {
    const session = await authenticateUserSession(db, { token: sessionToken, now: clock.now() });
    if (session === null) {
      if (config.auth === "optional") return null;
      throw new AuthError("UNAUTHENTICATED", NO_CREDENTIALS_DETAIL);
    }
    checkCsrf(request, sessionToken);
    const scopes = scopesOfRole(session.role);
    requireScope(scopes, routeScope(request.method, config));
    return { organization: session.organization, scopes, token: null, session };
  }
  if (config.auth === "optional" && request.headers.authorization === undefined) return null;
  const found = await authenticateBearer(request.headers.authorization, (token) =>
    authenticateApiToken(db, { token, now: clock.now() }),
  );
  requireScope(found.token.scopes, routeScope(request.method, config));
  return { organization: found.organization, scopes: found.token.scopes, token: found.token, session: null };
}

/**
 * The caller's organization when the path names it (by slug or id); any other organization — existing
 * or not — is a 404, so nothing about other organizations is ever revealed.
 */
export function requireOrganization(auth: AuthContext, slugOrId: string): Organization {
  const org = auth.organization;
  if (slugOrId === org.slug || slugOrId === String(org.id)) return org;
  throw notFound();
}

/** A project of the caller's organization by slug (or id); 404 otherwise. */
export async function requireProject(db: Db, organization: Organization, slugOrId: string): Promise<Project> {
  const bySlug = await getProjectBySlug(db, organization.id, slugOrId);
  if (bySlug) return bySlug;
  if (/^\d{1,15}$/.test(slugOrId)) {
    const byId = await getProjectById(db, Number(slugOrId));
    if (byId && byId.organizationId === organization.id) return byId;
  }
  throw notFound();
}

/** The organization and project a `/projects/{org}/{project}/…` path names (404 when not the caller's). */
export async function requirePathProject(
  db: Db,
  auth: AuthContext,
  params: { org: string; project: string },
): Promise<{ organization: Organization; project: Project }> {
  const organization = requireOrganization(auth, params.org);
  return { organization, project: await requireProject(db, organization, params.project) };
}
