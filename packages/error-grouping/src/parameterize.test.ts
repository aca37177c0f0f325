import { describe, expect, it } from "vitest";
import { normalizeMessageForGrouping, parameterize } from "./parameterize.js";

describe("parameterize", () => {
  it.each([
    ["mail to bob.smith+x@example.co.uk failed", "mail to <email> failed"],
    ["GET https://api.example.com/v1/users?id=7 timed out", "GET <url> timed out"],
    ["cannot reach db.internal.example.com", "cannot reach <hostname>"],
    ["connect ECONNREFUSED 10.0.12.7:5432", "connect ECONNREFUSED <ip>:<int>"],
    ["peer 2001:db8:85a3:0:0:8a2e:370:7334 gone", "peer <ip> gone"],
    ["order 3f2504e0-4f89-11d3-9a0c-0305e82c3301 missing", "order <uuid> missing"],
    ["commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 not found", "commit <sha1> not found"],
    ["blob 9e107d9d372bb6826bd81d3542a419d6 corrupt", "blob <md5> corrupt"],
    ["expired at 2024-01-02T03:04:05.123Z", "expired at <date>"],
    ["expired at 2024-01-02 03:04:05", "expired at <date>"],
    ["expired on Tue, 02 Jan 2024 03:04:05 GMT", "expired on <date>"],
    ["took 350ms then 1.5s", "took <duration> then <duration>"],
    ["bad pointer 0x7ffee3b1a2c0", "bad pointer <hex>"],
    ["ratio -0.75 and 3.14", "ratio <float> and <float>"],
    ["retry 3 of 10, offset -42", "retry <int> of <int>, offset <int>"],
    ["user='bob' name=\"Bob Smith\"", "user=<quoted_str> name=<quoted_str>"],
    ["cache=true strict=False", "cache=<bool> strict=<bool>"],
    ["plain words stay", "plain words stay"],
  ])("%s", (input, output) => {
    expect(parameterize(input)).toBe(output);
  });
});

describe("normalizeMessageForGrouping", () => {
  it("keeps the first two non-empty lines and marks the cut", () => {
    expect(normalizeMessageForGrouping("first 1\n\n  \nsecond 2\nthird 3")).toBe(
      "first <int>\nsecond <int>...",
    );
  });

  it("leaves a one-line message as it is, apart from its parameters", () => {
    expect(normalizeMessageForGrouping("Order 1001 failed")).toBe("Order <int> failed");
  });
});
