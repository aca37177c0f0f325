import { describe, expect, it } from "vitest";
import { jsonArrayElements } from "./json-array.js";

describe("jsonArrayElements", () => {
  it("returns each element's text as written, whatever its type and spacing", () => {
    const elements = [
      '{"a": [1, {"b": "]},["}], "c": "\\"quoted\\" \\\\"}',
      "[ 1 ,2 ]",
      '"x,y"',
      "-1.5e3",
      "null",
      "{}",
    ];
    const text = `\n[ ${elements.join(" ,\n\t")}\r\n]  `;
    expect(jsonArrayElements(text)).toEqual(elements);
    expect(jsonArrayElements(text).map((e) => JSON.parse(e) as unknown)).toEqual(JSON.parse(text));
  });

  it("returns nothing for an empty array", () => {
    expect(jsonArrayElements("[ ]")).toEqual([]);
    expect(jsonArrayElements("[]")).toEqual([]);
  });

  it("keeps characters outside the basic plane and escaped quotes inside strings", () => {
    const text = '[{"t":"😀 \\u0022,"},{"u":"\\\\"}]';
    expect(jsonArrayElements(text)).toEqual(['{"t":"😀 \\u0022,"}', '{"u":"\\\\"}']);
  });
});
