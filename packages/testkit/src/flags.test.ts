import { describe, expect, it } from "vitest";
import { walkFlags } from "./flags.js";

function read(argv: string[]): Record<string, unknown> {
  const seen: Record<string, unknown> = {};
  walkFlags(argv, (flag, value) => {
    if (flag === "--runs") seen.runs = value.positiveInt();
    else if (flag === "--only") seen.only = value.list();
    else if (flag === "--short") seen.short = true;
    else throw new Error(`unknown flag ${flag}`);
  });
  return seen;
}

describe("walkFlags", () => {
  it("reads values, lists and bare flags in order, skipping --", () => {
    expect(read(["--", "--runs", "3", "--short", "--only", "a,,b"])).toEqual({
      runs: 3,
      only: ["a", "b"],
      short: true,
    });
  });

  it("names the flag whose value is not a positive integer", () => {
    expect(() => read(["--runs", "0"])).toThrow("--runs needs a positive integer");
    expect(() => read(["--runs", "2.5"])).toThrow("--runs needs a positive integer");
    expect(() => read(["--runs"])).toThrow("--runs needs a positive integer");
  });

  it("does not swallow the next flag as a value of a bare flag", () => {
    expect(() => read(["--short", "--bogus"])).toThrow("unknown flag --bogus");
  });
});
