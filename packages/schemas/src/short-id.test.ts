import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, parseQualifiedShortId, qualifiedShortId } from "./short-id.js";

describe("short ids", () => {
  it.each<[number, string]>([
    [0, "0"],
    [1, "1"],
    [31, "Z"],
    [32, "10"],
    [1234, "16J"],
    [Number.MAX_SAFE_INTEGER, "7ZZZZZZZZZZ"],
  ])("%d ⇄ %s", (value, text) => {
    expect(base32Encode(value)).toBe(text);
    expect(base32Decode(text)).toBe(value);
  });

  it("uses Sentry's alphabet: no I, L, O or U, which decode as 1, 1 and 0", () => {
    const all = Array.from({ length: 32 }, (_, i) => base32Encode(i)).join("");
    expect(all).toBe("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    expect(base32Decode("1O")).toBe(32);
    expect(base32Decode("Il")).toBe(33);
    expect(base32Decode("u")).toBeNull();
    expect(base32Decode("1-2")).toBeNull();
    expect(base32Decode("")).toBeNull();
    expect(base32Decode("Z".repeat(14))).toBeNull(); // beyond the column
  });

  it("qualifies with the upper-cased project slug", () => {
    expect(qualifiedShortId("bar", 1)).toBe("BAR-1");
    expect(qualifiedShortId("my-app", 1234)).toBe("MY-APP-16J");
  });

  it.each<[string, { projectSlug: string; shortId: number } | null]>([
    ["BAR-1", { projectSlug: "bar", shortId: 1 }],
    ["bar-1", { projectSlug: "bar", shortId: 1 }],
    ["issue:BAR-1", { projectSlug: "bar", shortId: 1 }],
    ["MY-APP-16J", { projectSlug: "my-app", shortId: 1234 }],
    ["my_app_16j", { projectSlug: "my_app", shortId: 1234 }],
    ["web 10", { projectSlug: "web", shortId: 32 }],
    ["  WEB-1  ", { projectSlug: "web", shortId: 1 }],
    ["WEB-O", { projectSlug: "web", shortId: 0 }],
    ["WEB", null],
    ["-1", null],
    ["WEB-", null],
    ["WEB-U1", null],
    ["WEB-1.5", null],
  ])("%j → %j", (text, expected) => {
    expect(parseQualifiedShortId(text)).toEqual(expected);
  });
});
