import { describe, expect, it } from "vitest";
import { normalizeMessageForGrouping, parameterize } from "./parameterize.js";

// The expected texts are what Python's `re` gives with Sentry's patterns for the same inputs.
describe("parameterize", () => {
  it.each([
    ["mail to bob.smith+x@example.co.uk failed", "mail to <email> failed"],
    ["GET https://api.example.com/v1/users?id=7 timed out", "GET <url> timed out"],
    ["cannot reach db.internal.example.com", "cannot reach <hostname>"],
    ["connect ECONNREFUSED 10.0.12.7:5432", "connect ECONNREFUSED <ip>:<int>"],
    ["peer fe80::1ff:fe23:4567:890a%eth2 gone", "peer <ip>1ff:fe<date><date>0a%eth2 gone"],
    ["peer 2001:db8:85a3:0:0:8a2e:370:7334 gone", "peer <ip> gone"],
    ["::ffff:192.168.1.1 and ::1", "<ip>.<float>.<int> and <ip>"],
    ["order 3f2504e0-4f89-11d3-9a0c-0305e82c3301 missing", "order <uuid> missing"],
    ["commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 not found", "commit <sha1> not found"],
    ["blob 9e107d9d372bb6826bd81d3542a419d6 corrupt", "blob <md5> corrupt"],
    ["expired at 2024-01-02T03:04:05.123Z and 2024-01-02T03:04:05+02:00", "expired at <date> and <date>"],
    ["expired at 2024-01-02 03:04:05.55", "expired at <date>"],
    ["expired on Tue, 02 Jan 2024 03:04:05 GMT", "expired on <date>"],
    ["Mon Jan 02, 1999 or Jan 02, 1999", "<date> or <date>"],
    ["Monday, 02-Jan-06 15:04:05 MST", "<date>"],
    ["at 3:04PM and 10:30 pm and 23:59:59", "at <date> and <date> pm and <date>"],
    ["Mon Jan  2 15:04:05 2006", "<date>"],
    ["datetime.datetime(2024, 1, 2, 3, 4)", "<date>"],
    ["took 350ms then 1.5s and 2s", "took <duration> then <duration> and <duration>"],
    ["bad pointer 0x7ffee3b1a2c0 and 0XABC", "bad pointer <hex> and <hex>"],
    ["ratio -0.75 and 3.14 and v1.2.3", "ratio <float> and <float> and v1.<float>"],
    ["retry 3 of 10, offset -42, id42, 42abc", "retry <int> of <int>, offset <int>, id42, 42abc"],
    ["user='bob' name=\"Bob Smith\" x = 'no'", "user=<quoted_str> name=<quoted_str> x = 'no'"],
    ["cache=true strict=False other true", "cache=<bool> strict=<bool> other true"],
    [
      "Cannot read properties of undefined (reading 'name')",
      "Cannot read properties of undefined (reading 'name')",
    ],
    [
      "Non-Error promise rejection captured with value: quota exceeded",
      "Non-Error promise rejection captured with value: quota exceeded",
    ],
    ["wss://socket.example.io/path ftp://files.example.org", "<url> <url>"],
    ["a.b.COM x.y.io foo.bar", "<hostname> <hostname> foo.bar"],
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
