import { describe, expect, it } from "vitest";
import {
  AuthError,
  authenticateBearer,
  parseBearerToken,
  requireScope,
  scopeAllows,
  scopesOfRole,
  scopeForMethod,
} from "./auth.js";
import type { TokenScope } from "./auth.js";

/** The AuthError a call throws, as `code: detail`. */
async function refusal(call: () => unknown): Promise<string> {
  try {
    await call();
  } catch (error) {
    if (error instanceof AuthError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error("no AuthError");
}

describe("the Authorization header", () => {
  it("yields the token of a Bearer header, whatever the scheme's case and the surrounding spaces", () => {
    expect(parseBearerToken("Bearer abc")).toBe("abc");
    expect(parseBearerToken("bearer  abc ")).toBe("abc");
    expect(parseBearerToken(" BEARER\tsntryu_1")).toBe("sntryu_1");
  });

  it("refuses a missing header, another scheme, an empty token and a token with spaces", async () => {
    const notProvided = "UNAUTHENTICATED: Authentication credentials were not provided.";
    expect(await refusal(() => parseBearerToken(undefined))).toBe(notProvided);
    expect(await refusal(() => parseBearerToken(""))).toBe(notProvided);
    expect(await refusal(() => parseBearerToken("   "))).toBe(notProvided);
    expect(await refusal(() => parseBearerToken("Basic dXNlcjpwYXNz"))).toBe(notProvided);
    expect(await refusal(() => parseBearerToken("Token abc"))).toBe(notProvided);
    expect(await refusal(() => parseBearerToken("Bearerabc"))).toBe(notProvided);
    expect(await refusal(() => parseBearerToken("Bearer"))).toBe(
      "UNAUTHENTICATED: Invalid token header. No credentials provided.",
    );
    expect(await refusal(() => parseBearerToken("Bearer   "))).toBe(
      "UNAUTHENTICATED: Invalid token header. No credentials provided.",
    );
    expect(await refusal(() => parseBearerToken("Bearer a b"))).toBe(
      "UNAUTHENTICATED: Invalid token header. Token string should not contain spaces.",
    );
  });
});

describe("authenticateBearer", () => {
  const tokens = new Map([["sntryu_known", { organizationId: 7, scopes: ["event:read"] as TokenScope[] }]]);
  const lookup = (token: string) => Promise.resolve(tokens.get(token) ?? null);

  it("answers what the lookup found for the header's token", async () => {
    expect(await authenticateBearer("Bearer sntryu_known", lookup)).toEqual({
      organizationId: 7,
      scopes: ["event:read"],
    });
  });

  it("refuses an unknown token as invalid, and never looks up a malformed header", async () => {
    expect(await refusal(() => authenticateBearer("Bearer sntryu_unknown", lookup))).toBe(
      "UNAUTHENTICATED: Invalid token",
    );
    const looked: string[] = [];
    const spy = (token: string) => {
      looked.push(token);
      return lookup(token);
    };
    expect(await refusal(() => authenticateBearer("Token sntryu_known", spy))).toBe(
      "UNAUTHENTICATED: Authentication credentials were not provided.",
    );
    expect(looked).toEqual([]);
  });
});

describe("scopes", () => {
  it("admin implies write implies read", () => {
    const matrix = (["event:read", "event:write", "event:admin"] as const).map((scope) =>
      ["GET", "PUT", "POST", "DELETE"].map((m) => scopeAllows([scope], scopeForMethod(m))),
    );
    expect(matrix).toEqual([
      [true, false, false, false],
      [true, true, true, false],
      [true, true, true, true],
    ]);
  });

  it.each([
    ["event:read", ["get", "HEAD", "OPTIONS"]],
    ["event:write", ["PUT", "POST", "PATCH"]],
    ["event:admin", ["DELETE"]],
  ] as const)("maps the methods that need %s to it: %j", (scope, methods) => {
    for (const method of methods) expect(scopeForMethod(method)).toBe(scope);
  });

  it("refuses a token without the scope, and no scopes grant nothing", async () => {
    expect(() => requireScope(["event:write"], "event:write")).not.toThrow();
    expect(await refusal(() => requireScope(["event:read"], "event:write"))).toBe(
      "PERMISSION_DENIED: You do not have permission to perform this action.",
    );
    expect(await refusal(() => requireScope(["event:write"], "event:admin"))).toBe(
      "PERMISSION_DENIED: You do not have permission to perform this action.",
    );
    expect(scopeAllows([], "event:read")).toBe(false);
  });

  it("grants by resource: a level implies the lower ones of its own resource only", () => {
    expect(scopeAllows(["project:admin"], "project:write")).toBe(true);
    expect(scopeAllows(["project:admin"], "event:read")).toBe(false);
    expect(scopeAllows(["member:read"], "member:admin")).toBe(false);
    expect(scopeAllows(["event:admin"], "event:other")).toBe(false);
  });

  it("gives a member read and write, and an admin delete, members, tokens and keys", () => {
    expect(scopesOfRole("member")).toEqual(["event:read", "event:write"]);
    expect(scopesOfRole("admin")).toEqual([
      "event:read",
      "event:write",
      "event:admin",
      "member:admin",
      "org:admin",
      "project:admin",
    ]);
    expect(scopesOfRole("owner")).toEqual(scopesOfRole("member"));
    expect(scopeAllows(scopesOfRole("member"), scopeForMethod("DELETE"))).toBe(false);
    expect(scopeAllows(scopesOfRole("admin"), scopeForMethod("DELETE"))).toBe(true);
  });
});
