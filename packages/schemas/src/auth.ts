import { SiftError } from "./errors.js";

/**
 * The one bearer-token grammar and scope model of Sift, used by the API and the ingest intake. Pure: the
 * token lookup is the caller's (storage), and only the apps turn an AuthError into an HTTP answer.
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

const SCOPE_RANK: Record<TokenScope, number> = { "event:read": 1, "event:write": 2, "event:admin": 3 };

/** Whether scopes grant `required`: `event:admin` implies `event:write` implies `event:read`. */
export function scopeAllows(granted: readonly TokenScope[], required: TokenScope): boolean {
  return granted.some((scope) => (SCOPE_RANK[scope] ?? 0) >= SCOPE_RANK[required]);
}

/** Throws AuthError (`PERMISSION_DENIED`) unless the scopes grant `required`. */
export function requireScope(granted: readonly TokenScope[], required: TokenScope): void {
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
