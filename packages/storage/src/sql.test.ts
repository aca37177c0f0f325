import { describe, expect, it } from "vitest";
import { arrayLiteral } from "./sql.js";

describe("arrayLiteral", () => {
  it("writes numbers bare, strings quoted, nulls and booleans as Postgres reads them", () => {
    expect(arrayLiteral([1, -2, 3.5])).toBe("{1,-2,3.5}");
    expect(arrayLiteral(["a", "", "NULL", null])).toBe('{"a","","NULL",NULL}');
    expect(arrayLiteral([true, false])).toBe("{t,f}");
    expect(arrayLiteral([])).toBe("{}");
  });

  it("escapes quotes and backslashes", () => {
    expect(arrayLiteral(['say "hi"', "C:\\dir\\", '\\"'])).toBe('{"say \\"hi\\"","C:\\\\dir\\\\","\\\\\\""}');
  });

  it("leaves what it does not write to pg", () => {
    expect(arrayLiteral([new Date(0)])).toBeNull();
    expect(arrayLiteral([[1, 2]])).toBeNull();
    expect(arrayLiteral([{ a: 1 }])).toBeNull();
    expect(arrayLiteral([undefined])).toBeNull();
    expect(arrayLiteral([Number.NaN])).toBeNull();
  });
});
