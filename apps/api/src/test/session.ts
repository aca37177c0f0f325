import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { hashPassword } from "@sift/schemas";
import { createUser, setOrganizationMemberRole, setUserPassword } from "@sift/storage";
import type { Db, User } from "@sift/storage";
import { expect } from "vitest";
import type { ApiHarness } from "./harness.js";

/** Test-side sign-in helpers: users with passwords, and requests with a session's cookies. */

/** Fast scrypt parameters for tests (the stored hash carries them, so verification uses them too). */
const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

export async function createMember(
  db: Db,
  input: { email: string; password: string; organizationId: number; role?: "member" | "admin" },
): Promise<User> {
  const { user } = await createUser(db, { email: input.email });
  await setOrganizationMemberRole(db, input.organizationId, user.id, input.role ?? "member");
  await setUserPassword(db, user.id, await hashPassword(input.password, TEST_SCRYPT));
  return user;
}

/** A signed-in browser: its cookies and the CSRF token it echoes. */
export interface BrowserSession {
  cookie: string;
  csrf: string;
  response: LightMyRequestResponse;
}

/** The `name=value` of each `Set-Cookie` of a response, by name. */
export function setCookies(response: LightMyRequestResponse): Map<string, string> {
  const header = response.headers["set-cookie"];
  const all = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return new Map(
    all.map((c) => {
      const pair = c.split(";")[0]!;
      const eq = pair.indexOf("=");
      return [pair.slice(0, eq), c];
    }),
  );
}

const valueOf = (setCookie: string): string => setCookie.split(";")[0]!.split("=").slice(1).join("=");

export async function signIn(
  app: FastifyInstance,
  email: string,
  password: string,
  options: { remoteAddress?: string; headers?: Record<string, string> } = {},
): Promise<BrowserSession> {
  const response = await app.inject({
    method: "POST",
    url: "/api/0/auth/login/",
    payload: { email, password },
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    headers: options.headers ?? {},
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookies = setCookies(response);
  const session = valueOf(cookies.get("sift_session")!);
  const csrf = valueOf(cookies.get("sift_csrf")!);
  return { cookie: `sift_session=${session}; sift_csrf=${csrf}`, csrf, response };
}

/** A request as the signed-in browser sends it: the cookies, and the CSRF header unless `csrf` is null. */
export function asBrowser(
  app: FastifyInstance,
  session: BrowserSession,
  method: "GET" | "PUT" | "POST" | "DELETE",
  url: string,
  options: { body?: unknown; csrf?: string | null } = {},
): Promise<LightMyRequestResponse> {
  const csrf = options.csrf === undefined ? session.csrf : options.csrf;
  return app.inject({
    method,
    url,
    headers: { cookie: session.cookie, ...(csrf === null ? {} : { "x-csrftoken": csrf }) },
    ...(options.body === undefined ? {} : { payload: options.body as Record<string, unknown> }),
  });
}

/** What a request answers, for a refusal: the status and the `detail`. */
export async function answerOf(
  response: Promise<LightMyRequestResponse>,
): Promise<{ status: number; detail: string }> {
  const res = await response;
  return { status: res.statusCode, detail: res.json<{ detail: string }>().detail };
}

/** A request only an admin's session may make: a member's session and even acme's admin token get 403. */
export async function expectAdminSessionOnly(
  h: Pick<ApiHarness, "app" | "request" | "acme">,
  member: BrowserSession,
  method: "PUT" | "POST" | "DELETE",
  url: string,
  body?: unknown,
): Promise<void> {
  expect((await asBrowser(h.app, member, method, url, { body })).statusCode, "a member's session").toBe(403);
  expect((await h.request(method, url, { token: h.acme.tokens.admin, body })).statusCode, "a token").toBe(
    403,
  );
}
