import { describe, expect, it } from "vitest";
import { md5Hex } from "./component.js";
import { groupErrorEvent } from "./index.js";
import type { ExceptionValue } from "./index.js";

const member = (type: string, id: number, parent?: number, group = false): ExceptionValue => ({
  type,
  value: `${type} happened`,
  mechanism: { type: "chained", exception_id: id, parent_id: parent, is_exception_group: group },
});

/** An exception group (id 0) of two exceptions, numbered as Python's SDK numbers them. */
const exceptionGroup = (first: string, second: string): ExceptionValue[] => [
  member(first, 2, 0),
  member(second, 1, 0),
  member("ExceptionGroup", 0, undefined, true),
];

describe("exception groups", () => {
  it("group a numbered chain from its root, which names the issue", () => {
    // What @sentry/node sends for `new Error("outer", { cause })`: the cause first, numbered 1.
    const grouping = groupErrorEvent({
      exception: { values: [member("SyntaxError", 1, 0), member("Error", 0)] },
    });
    expect(grouping.hashes).toEqual([
      md5Hex(["Error", "Error happened", "SyntaxError", "SyntaxError happened"]),
    ]);
    expect(grouping.title).toBe("Error: Error happened");
  });

  it("reduce a group of one distinct exception to that exception, which names the issue", () => {
    const grouping = groupErrorEvent({ exception: { values: exceptionGroup("ValueError", "ValueError") } });
    expect(grouping.hashes).toEqual([md5Hex(["ValueError", "ValueError happened"])]);
    expect(grouping.title).toBe("ValueError: ValueError happened");
  });

  it("keep one of each distinct exception and the group when they differ", () => {
    const grouping = groupErrorEvent({ exception: { values: exceptionGroup("KeyError", "ValueError") } });
    expect(grouping.hashes).toEqual([
      md5Hex([
        "ValueError",
        "ValueError happened",
        "KeyError",
        "KeyError happened",
        "ExceptionGroup",
        "ExceptionGroup happened",
      ]),
    ]);
    expect(grouping.title).toBe("ExceptionGroup: ExceptionGroup happened");
  });

  it("leave a chain without numbers as it is", () => {
    const values: ExceptionValue[] = [
      { type: "KeyError", value: "k" },
      { type: "RuntimeError", value: "r" },
    ];
    expect(groupErrorEvent({ exception: { values } }).hashes).toEqual([
      md5Hex(["KeyError", "k", "RuntimeError", "r"]),
    ]);
  });
});
