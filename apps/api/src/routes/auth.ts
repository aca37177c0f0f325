import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { AuthError, MAX_PASSWORD_LENGTH } from "@sift/schemas";
import { authenticateUserSession, revokeUserSession } from "@sift/storage";
import { zodRoutes } from "../context.js";
import type { ApiContext } from "../context.js";
import { badRequest } from "../http/errors.js";
import {
  CSRF_HEADER,
  checkCsrf,
  clearSessionCookies,
  sessionTokenOf,
  setSessionCookies,
} from "../http/session-cookie.js";
import { login } from "../sign-in/login.js";
import { loginAnswerSchema, serializeSessionUser } from "../serializers/user.js";
import { errorSchema, noContent } from "../serializers/schemas.js";
import { NO_CREDENTIALS_DETAIL, scopesOfRole } from "@sift/schemas";

const TAGS = ["Auth"];

const loginBody = z.looseObject({
  email: z.string().max(254).optional().describe("the user's email"),
  username: z.string().max(254).optional().describe("Sentry's name of the same field: the email"),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  organization: z
    .string()
    .max(100)
    .optional()
    .describe("slug of the organization to sign in to; the user's first one when absent"),
});

export const ORIGIN_FAILED_DETAIL =
  "CSRF Failed: Origin checking failed - the request came from another site.";

/**
 * Sign-in and sign-out are unsafe methods a page could send from another site: refused (403) when the
 * browser says so (`Sec-Fetch-Site: cross-site`) or the `Origin` is not this server's.
 */
function requireSameOrigin(request: FastifyRequest): void {
  if (request.headers["sec-fetch-site"] === "cross-site")
    throw new AuthError("PERMISSION_DENIED", ORIGIN_FAILED_DETAIL);
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let same = false;
  try {
    same = new URL(origin).origin === new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    same = false;
  }
  if (!same) throw new AuthError("PERMISSION_DENIED", ORIGIN_FAILED_DETAIL);
}

const publicResponses = {
  400: errorSchema.describe("invalid body"),
  401: errorSchema.describe("unknown email, wrong password, or not a member: always the same answer"),
  403: errorSchema.describe("the request came from another site"),
  404: errorSchema.describe("never (documented with every route)"),
  default: errorSchema.describe("any other error"),
};

/** `POST /api/0/auth/login/` and `/logout/` (and Sentry's `DELETE /api/0/auth/`): no token needed. */
export function signInRoutes(ctx: ApiContext) {
  return zodRoutes((app) => {
    app.post(
      "/auth/login/",
      {
        schema: {
          tags: TAGS,
          operationId: "login",
          summary: "Sign in with an email and a password",
          description:
            "Opens a session: sets the `sift_session` cookie (httpOnly) and the `sift_csrf` cookie, whose " +
            `value every unsafe request the session authenticates must echo in \`${CSRF_HEADER}\`. ` +
            "Both are `SameSite=Lax`, `Path=/`, `Secure` over HTTPS. After a few failures for one email " +
            "or from one address the answer is 429 with `Retry-After`.",
          body: loginBody,
          response: {
            200: loginAnswerSchema,
            ...publicResponses,
            429: errorSchema.describe("too many failed sign-ins: see `Retry-After`"),
          },
        },
        config: { responseHeaders: { 200: { "Set-Cookie": "`sift_session` and `sift_csrf`" } } },
      },
      async (req, reply) => {
        requireSameOrigin(req);
        const email = req.body.email ?? req.body.username;
        if (email === undefined || email.trim() === "") throw badRequest('Invalid field "email": required');
        const result = await login(
          { db: ctx.db, clock: ctx.clock, settings: ctx.signIn },
          {
            email,
            password: req.body.password,
            organization: req.body.organization,
            ipAddress: req.ip,
            userAgent: req.headers["user-agent"] ?? null,
          },
        );
        const found = await authenticateUserSession(ctx.db, { token: result.token, now: ctx.clock.now() });
        if (!found) throw new AuthError("UNAUTHENTICATED", NO_CREDENTIALS_DETAIL);
        setSessionCookies(req, reply, result.token, ctx.signIn.sessionTtlMs / 1000);
        return {
          nextUri: `/organizations/${found.organization.slug}/issues/`,
          user: serializeSessionUser(found, scopesOfRole(found.role)),
        };
      },
    );
    const logout = async (req: FastifyRequest, reply: FastifyReply) => {
      requireSameOrigin(req);
      const token = sessionTokenOf(req);
      const found = token && (await authenticateUserSession(ctx.db, { token, now: ctx.clock.now() }));
      if (token && found) {
        checkCsrf(req, token);
        await revokeUserSession(ctx.db, token, ctx.clock.now());
      }
      clearSessionCookies(req, reply);
      return reply.code(204).send();
    };
    const logoutSchema = (operationId: string, summary: string) => ({
      tags: TAGS,
      operationId,
      summary,
      description:
        `Revokes the session of the \`sift_session\` cookie (its \`${CSRF_HEADER}\` header is required) ` +
        "and deletes both cookies. Without a live session it only deletes the cookies.",
      response: { 204: noContent("signed out"), ...publicResponses },
    });
    app.post(
      "/auth/logout/",
      {
        schema: {
          ...logoutSchema("logout", "Sign out"),
          body: z.looseObject({}).nullish().describe("none needed"),
        },
      },
      logout,
    );
    app.delete("/auth/", { schema: logoutSchema("deleteAuth", "Sign out (Sentry's form)") }, logout);
  });
}
