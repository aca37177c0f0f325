import { describe, expect, it } from "vitest";
import { AuthError, InvalidPayloadError, SiftError } from "@sift/schemas";
import { ApiError, describeError } from "./errors.js";

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
    expect(describeError(new AuthError("UNAUTHENTICATED", "Invalid token"))).toEqual({
      status: 401,
      detail: "Invalid token",
      expected: true,
    });
    expect(describeError(new AuthError("PERMISSION_DENIED", "no"))).toMatchObject({
      status: 403,
      detail: "no",
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
