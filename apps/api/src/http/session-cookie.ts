import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AuthError } from "@sift/schemas";
import { parseCookies, serializeCookie } from "./cookies.js";

/**
 * The browser's session: the `sift_session` cookie (httpOnly) carries the session token, and the
 * `sift_csrf` cookie (readable by the page) carries the session's CSRF token. Every unsafe request a
 * session cookie authenticates must echo the CSRF token in the `X-CSRFToken` header (a double submit
 * bound to the session: the CSRF token is derived from the session token, so another site can neither
 * read nor forge it). Both cookies are `SameSite=Lax`, `Path=/`, and `Secure` when the request came
 * over HTTPS.
 */
export const SESSION_COOKIE = "sift_session";
export const CSRF_COOKIE = "sift_csrf";
export const CSRF_HEADER = "x-csrftoken";

export const CSRF_MISSING_DETAIL = "CSRF Failed: CSRF token missing.";
export const CSRF_INCORRECT_DETAIL = "CSRF Failed: CSRF token incorrect.";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The CSRF token of a session token. */
export function csrfTokenOf(sessionToken: string): string {
  return createHash("sha256").update(`csrf:${sessionToken}`, "utf8").digest("base64url");
}

/** The session token of the request's cookie, or null. */
export function sessionTokenOf(request: FastifyRequest): string | null {
  return parseCookies(request.headers.cookie).get(SESSION_COOKIE) ?? null;
}

/** Whether the request came over HTTPS (`X-Forwarded-Proto` counts only when the server trusts its proxy). */
const isSecure = (request: FastifyRequest): boolean => request.protocol === "https";

/** Sets both cookies for a new session. */
export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
): void {
  const secure = isSecure(request);
  reply.header("Set-Cookie", [
    serializeCookie(SESSION_COOKIE, token, { httpOnly: true, secure, maxAge: maxAgeSeconds }),
    serializeCookie(CSRF_COOKIE, csrfTokenOf(token), { httpOnly: false, secure, maxAge: maxAgeSeconds }),
  ]);
}

/** Deletes both cookies. */
export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply): void {
  const secure = isSecure(request);
  reply.header("Set-Cookie", [
    serializeCookie(SESSION_COOKIE, "", { httpOnly: true, secure, maxAge: 0 }),
    serializeCookie(CSRF_COOKIE, "", { httpOnly: false, secure, maxAge: 0 }),
  ]);
}

/**
 * Refuses (403) an unsafe request authenticated by the session `token` unless its `X-CSRFToken`
 * header carries the session's CSRF token.
 */
export function checkCsrf(request: FastifyRequest, token: string): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const given = request.headers[CSRF_HEADER];
  if (typeof given !== "string" || given === "")
    throw new AuthError("PERMISSION_DENIED", CSRF_MISSING_DETAIL);
  const expected = Buffer.from(csrfTokenOf(token));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
    throw new AuthError("PERMISSION_DENIED", CSRF_INCORRECT_DETAIL);
}
