import { describe, expect, it } from "vitest";
import { InvalidPayloadError, SiftError } from "@sift/schemas";
import { ApiError, describeError } from "./errors.js";
import { bearerToken, hasScope } from "./auth.js";
import type { ApiToken } from "@sift/storage";

describe("error mapping", () => {
  it("maps each kind of error to a status and a detail", () => {
    expect(describeError(new ApiError(404, "gone"))).toMatchObject({ status: 404, detail: "gone" });
    expect(describeError(new SiftError("INVALID_REQUEST", "Sort key 'x' not supported."))).toMatchObject({
      status: 400,
      detail: "Sort key 'x' not supported.",
    });
    expect(describeError(new InvalidPayloadError("INVALID_FIELD", "bad field", "a.b"))).toMatchObject({
      status: 400,
    });
    expect(describeError(new SiftError("STORAGE_UNAVAILABLE", "db down"))).toMatchObject({
      status: 503,
      detail: "Internal Error",
    });
    expect(describeError(Object.assign(new Error("value out of range"), { code: "22003" }))).toMatchObject({
      status: 400,
    });
    expect(
      describeError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })),
    ).toMatchObject({ status: 503 });
    expect(
      describeError(Object.assign(new Error("canceling statement due to lock timeout"), { code: "55P03" })),
    ).toMatchObject({
      status: 503,
    });
    expect(describeError(new TypeError("oops"))).toEqual({
      status: 500,
      detail: "Internal Error",
      expected: false,
    });
    expect(
      describeError(
        Object.assign(new Error("Body is not valid JSON"), {
          statusCode: 400,
          code: "FST_ERR_CTP_INVALID_JSON_BODY",
        }),
      ),
    ).toMatchObject({ status: 400, detail: expect.stringContaining("Malformed JSON body") });
  });
});

describe("bearer tokens and scopes", () => {
  it("reads the Authorization header as DRF does", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer  abc ")).toBe("abc");
    expect(() => bearerToken(undefined)).toThrow("Authentication credentials were not provided.");
    expect(() => bearerToken("Token abc")).toThrow("Authentication credentials were not provided.");
    expect(() => bearerToken("Bearer")).toThrow("No credentials provided");
    expect(() => bearerToken("Bearer a b")).toThrow("should not contain spaces");
  });

  it("admin implies write implies read", () => {
    const token = (scopes: ApiToken["scopes"]): ApiToken => ({
      id: 1,
      organizationId: 1,
      name: "",
      scopes,
      createdAt: new Date(),
      lastUsedAt: null,
      revokedAt: null,
    });
    const matrix = (["event:read", "event:write", "event:admin"] as const).map((scope) =>
      ["GET", "PUT", "POST", "DELETE"].map((m) => hasScope(token([scope]), m)),
    );
    expect(matrix).toEqual([
      [true, false, false, false],
      [true, true, true, false],
      [true, true, true, true],
    ]);
  });
});
