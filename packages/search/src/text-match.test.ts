import { describe, expect, it } from "vitest";

import { hasWildcard, toLikePattern } from "./text-match.js";

describe("toLikePattern", () => {
  it("escapes LIKE metacharacters and turns * into %", () => {
    expect(toLikePattern("a%b_c\\d*e\\*f")).toBe("a\\%b\\_c\\\\d%e*f");
    // `\\` is a literal backslash, so the `*` after it is a wildcard again.
    expect(toLikePattern("x\\\\*")).toBe("x\\\\%");
    expect(hasWildcard("x\\\\*")).toBe(true);
    expect(hasWildcard("x\\*")).toBe(false);
  });
});
