import { describe, expect, it } from "vitest";

import { formatCursor, parseCursor } from "./cursor.js";
import { SearchError } from "./errors.js";
import { cursorValueOf, keysetBound, parseSort } from "./sort.js";

describe("cursors", () => {
  it("parse and format Sentry's value:offset:is_prev", () => {
    expect(parseCursor("1732700000123:42:0")).toEqual({ value: "1732700000123", offset: 42, isPrev: false });
    expect(parseCursor("1732700000123.456:42:1")).toEqual({
      value: "1732700000123.456",
      offset: 42,
      isPrev: true,
    });
    expect(formatCursor({ value: "17", offset: 3, isPrev: true })).toBe("17:3:1");
    expect(formatCursor(parseCursor("0:0:0"))).toBe("0:0:0");
  });

  it.each(["", "1:2", "1:2:3:4", "a:1:0", "1:b:0", "1:1:x", "1:1.5:0", "1:99999999999999999999:0"])(
    "rejects %j with the reference's message",
    (text) => {
      expect(() => parseCursor(text)).toThrow(new SearchError("Invalid cursor parameter."));
    },
  );

  it("a timestamp sort value keeps its microseconds as a 3-digit fraction only when present", () => {
    expect(cursorValueOf("date", "1732700000123000")).toBe("1732700000123");
    expect(cursorValueOf("new", "1732700000123456")).toBe("1732700000123.456");
    expect(cursorValueOf("date", "1732700000123007")).toBe("1732700000123.007");
    expect(cursorValueOf("freq", "1234")).toBe("1234");
    expect(cursorValueOf("trends", "1732700000.5")).toBe("1732700000.5");
  });

  it("binds a timestamp cursor at microsecond precision", () => {
    expect(keysetBound("date", { value: "1732700000123.456", offset: 9 }, "after")).toEqual({
      sql: "(i.last_seen, i.id) < (?::timestamptz, ?::bigint)",
      bindings: ["2024-11-27T09:33:20.123456Z", 9],
    });
    expect(keysetBound("inbox", { value: "1732700000123", offset: 9 }, "before").bindings[0]).toBe(
      "2024-11-27T09:33:20.123000Z",
    );
  });

  it("binds counts and scores in their column types", () => {
    expect(keysetBound("freq", { value: "12", offset: 1 }, "before")).toEqual({
      sql: "(i.times_seen, i.id) > (?::bigint, ?::bigint)",
      bindings: ["12", 1],
    });
    expect(keysetBound("trends", { value: "1732700000.25", offset: 1 }, "after").sql).toBe(
      "(i.score, i.id) < (?::float8, ?::bigint)",
    );
  });

  it.each([
    ["date", "1.2345"],
    ["date", "99999999999999999999"],
    ["freq", "1.5"],
    ["user", "1e3"],
  ] as const)("a %s cursor with value %s is invalid", (sort, value) => {
    expect(() => keysetBound(sort, { value, offset: 1 }, "after")).toThrow("Invalid cursor parameter.");
  });
});

describe("sorts", () => {
  it("accepts the reference's sorts and defaults to date", () => {
    expect(parseSort(undefined)).toBe("date");
    expect(parseSort("")).toBe("date");
    for (const sort of ["date", "new", "freq", "user", "trends", "inbox", "recommended"])
      expect(parseSort(sort)).toBe(sort);
  });

  it("rejects anything else with the reference's message", () => {
    expect(() => parseSort("priority")).toThrow(new SearchError("Sort key 'priority' not supported."));
  });
});
