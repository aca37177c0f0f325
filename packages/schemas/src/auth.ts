import { SiftError } from "./errors.js";

/**
 * The one bearer-token grammar and scope model of Sift, used by the API and the ingest intake, and the
 * scopes a signed-in user's role grants. Pure: the token or session lookup is the caller's (storage),
 * and only the apps turn an AuthError into an HTTP answer.
 */
export const TOKEN_SCOPES = ["event:read", "event:write", "event:admin"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const NO_CREDENTIALS_DETAIL = "Authentication credentials were not provided.";
export const NO_TOKEN_IN_HEADER_DETAIL = "Invalid token header. No credentials provided.";
export const TOKEN_WITH_SPACES_DETAIL = "Invalid token header. Token string should not contain spaces.";
export const INVALID_TOKEN_DETAIL = "Invalid token";
export const PERMISSION_DENIED_DETAIL = "You do not have permission to perform this action.";

/**
 * A request without valid credentials (`UNAUTHENTICATED`: 401) or whose token lacks the scope
 * (`PERMISSION_DENIED`: 403). The message is the answer's detail, worded as Sentry's (DRF's) own.
 */
export class AuthError extends SiftError {
  declare readonly code: "UNAUTHENTICATED" | "PERMISSION_DENIED";

  constructor(code: "UNAUTHENTICATED" | "PERMISSION_DENIED", detail: string) {
    super(code, detail, { retryable: false });
  }
}

/** Too many failed sign-ins (`TOO_MANY_REQUESTS`: 429); `retryAfterSeconds` is the `Retry-After`. */
export class TooManyAttemptsError extends SiftError {
  declare readonly code: "TOO_MANY_REQUESTS";

  constructor(readonly retryAfterSeconds: number) {
    super("TOO_MANY_REQUESTS", "Too many failed sign-in attempts. Try again later.", {
      retryable: false,
      context: { retryAfterSeconds },
    });
  }
}

/**
 * The token of an `Authorization: Bearer <token>` header, read as DRF does: the scheme is
 * case-insensitive, surrounding whitespace is ignored, and the token is one word.
 */
export function parseBearerToken(header: string | undefined): string {
  if (!header) throw new AuthError("UNAUTHENTICATED", NO_CREDENTIALS_DETAIL);
  const parts = header.trim().split(/\s+/);
  if (parts[0]?.toLowerCase() !== "bearer") throw new AuthError("UNAUTHENTICATED", NO_CREDENTIALS_DETAIL);
  if (parts.length === 1) throw new AuthError("UNAUTHENTICATED", NO_TOKEN_IN_HEADER_DETAIL);
  if (parts.length > 2) throw new AuthError("UNAUTHENTICATED", TOKEN_WITH_SPACES_DETAIL);
  return parts[1]!;
}

/**
 * The live token of a request's `Authorization` header: parses it, then looks the token up with
 * `lookup` (null: unknown, malformed or revoked). Throws AuthError (`UNAUTHENTICATED`).
 */
export async function authenticateBearer<T>(
  header: string | undefined,
  lookup: (token: string) => Promise<T | null>,
): Promise<T> {
  const found = await lookup(parseBearerToken(header));
  if (found === null) throw new AuthError("UNAUTHENTICATED", INVALID_TOKEN_DETAIL);
  return found;
}

const LEVEL_RANK: Readonly<Record<string, number>> = { read: 1, write: 2, admin: 3 };

/**
 * Whether scopes grant `required`. Scopes are `resource:level` (Sentry's): within one resource
 * `admin` implies `write` implies `read` (`event:admin` grants `event:write` and `event:read`).
 */
export function scopeAllows(granted: readonly string[], required: string): boolean {
  const [resource, level] = required.split(":");
  const need = LEVEL_RANK[level ?? ""] ?? Number.POSITIVE_INFINITY;
  return granted.some((scope) => {
    const [r, l] = scope.split(":");
    return scope === required || (r === resource && (LEVEL_RANK[l ?? ""] ?? 0) >= need);
  });
}

/** A member's role in an organization; it decides a signed-in user's scopes. */
export const MEMBER_ROLES = ["member", "admin"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/**
 * The scopes of a signed-in user, by role: a member reads and writes issues; an admin also deletes
 * them and manages members (`member:admin`), API tokens (`org:admin`) and project keys (`project:admin`).
 * An unknown role (written by hand in the database) gets the member's scopes.
 */
export function scopesOfRole(role: string): readonly string[] {
  const member = ["event:read", "event:write"];
  return role === "admin" ? [...member, "event:admin", "member:admin", "org:admin", "project:admin"] : member;
}

/** Throws AuthError (`PERMISSION_DENIED`) unless the scopes grant `required`. */
export function requireScope(granted: readonly string[], required: string): void {
  if (!scopeAllows(granted, required)) throw new AuthError("PERMISSION_DENIED", PERMISSION_DENIED_DETAIL);
}

/** The scope an HTTP method needs: reads `event:read`, deletes `event:admin`, other writes `event:write`. */
export function scopeForMethod(method: string): TokenScope {
  switch (method.toUpperCase()) {
    case "GET":
    case "HEAD":
    case "OPTIONS":
      return "event:read";
    case "DELETE":
      return "event:admin";
    default:
      return "event:write";
  }
}
