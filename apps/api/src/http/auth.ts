import { findApiTokenWithOrganization, getProjectById, getProjectBySlug, touchApiToken } from "@sift/storage";
import type { ApiToken, Db, Organization, Project, TokenScope } from "@sift/storage";
import type { Clock } from "@sift/schemas";
import type { FastifyRequest } from "fastify";
import {
  ApiError,
  INVALID_TOKEN_DETAIL,
  NO_CREDENTIALS_DETAIL,
  PERMISSION_DENIED_DETAIL,
  notFound,
} from "./errors.js";

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

/** Scopes that allow a method; `event:admin` implies `event:write` implies `event:read`. */
export function scopesFor(method: string): readonly TokenScope[] {
  switch (method.toUpperCase()) {
    case "GET":
    case "HEAD":
    case "OPTIONS":
      return ["event:read", "event:write", "event:admin"];
    case "DELETE":
      return ["event:admin"];
    default:
      return ["event:write", "event:admin"];
  }
}

export function hasScope(token: ApiToken, method: string): boolean {
  const allowed = scopesFor(method);
  return token.scopes.some((s) => allowed.includes(s));
}

/** The bearer token of a request, or an ApiError (401) with DRF's messages. */
export function bearerToken(header: string | undefined): string {
  if (!header) throw new ApiError(401, NO_CREDENTIALS_DETAIL);
  const parts = header.trim().split(/\s+/);
  if (parts[0]?.toLowerCase() !== "bearer") throw new ApiError(401, NO_CREDENTIALS_DETAIL);
  if (parts.length === 1) throw new ApiError(401, "Invalid token header. No credentials provided.");
  if (parts.length > 2)
    throw new ApiError(401, "Invalid token header. Token string should not contain spaces.");
  return parts[1]!;
}

/** When each token's last use was last written (the write happens at most once a minute per token). */
const touched = new Map<number, number>();
const TOUCH_EVERY_MS = 60_000;

/** Authenticates the request (one query) and checks the method's scope: 401 / 403 as ApiErrors. */
export async function authenticate(request: FastifyRequest, db: Db, clock: Clock): Promise<AuthContext> {
  const secret = bearerToken(request.headers.authorization);
  const found = await findApiTokenWithOrganization(db, secret);
  if (!found) throw new ApiError(401, INVALID_TOKEN_DETAIL);
  const { token, organization } = found;
  if (!hasScope(token, request.method)) throw new ApiError(403, PERMISSION_DENIED_DETAIL);
  const now = clock.now();
  if (now.getTime() - (touched.get(token.id) ?? 0) >= TOUCH_EVERY_MS) {
    touched.set(token.id, now.getTime());
    if (touched.size > 10_000) touched.clear();
    // Off the request's path: last-used bookkeeping never delays or fails a request.
    touchApiToken(db, token.id, now).catch((error: unknown) =>
      request.log.warn({ err: (error as Error).message }, "could not record the token's last use"),
    );
  }
  return { token, organization };
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
