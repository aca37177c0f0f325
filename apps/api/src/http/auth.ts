import { authenticateBearer, requireScope, scopeForMethod } from "@sift/schemas";
import type { Clock } from "@sift/schemas";
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
}

/**
 * Authenticates the request (one statement, which also records the token's use) and checks the
 * method's scope. Throws AuthError (401 / 403, mapped in errors.ts).
 */
export async function authenticate(request: FastifyRequest, db: Db, clock: Clock): Promise<AuthContext> {
  const found = await authenticateBearer(request.headers.authorization, (token) =>
    authenticateApiToken(db, { token, now: clock.now() }),
  );
  requireScope(found.token.scopes, scopeForMethod(request.method));
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
