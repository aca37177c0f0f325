import { describe, expect, it } from "vitest";
import type { Occurrence } from "@sift/schemas";
import { materialiseData, mergeData, normaliseMessage, searchMessage, userKey } from "./issue-fields.js";

const occ = (over: Partial<Occurrence> = {}): Occurrence =>
  ({
    issueTitle: "something bad happened",
    subtitle: "it was bad",
    culprit: "api/123",
    priority: null,
    ...over,
  }) as Occurrence;

describe("issue message", () => {
  it("appends title, subtitle and culprit once each, as the reference does", () => {
    expect(searchMessage("<unlabeled event>", occ())).toBe(
      "<unlabeled event> something bad happened it was bad api/123",
    );
    expect(searchMessage("", occ({ subtitle: "something bad" }))).toBe("something bad happened api/123");
  });

  it("keeps the first line, stripped, at most 255 characters", () => {
    expect(normaliseMessage("  first line \n second")).toBe("first line");
    expect(normaliseMessage("x".repeat(300))).toHaveLength(255);
  });
});

describe("issue data", () => {
  it("takes a new real title and subtitle, keeps the initial priority", () => {
    const existing = materialiseData(occ({ issueTitle: "Old", subtitle: "old" }), "generic", {}, 25);
    const merged = mergeData(
      existing,
      materialiseData(occ({ issueTitle: "New", subtitle: "new" }), "generic", {}, null),
    );
    expect(merged.title).toBe("New");
    expect(merged.metadata).toEqual({ title: "New", value: "new", initial_priority: 25 });
  });

  it("keeps a real title over a placeholder", () => {
    const existing = materialiseData(occ({ issueTitle: "Real" }), "generic", {}, 50);
    const merged = mergeData(
      existing,
      materialiseData(occ({ issueTitle: "<unlabeled event>" }), "generic", {}, null),
    );
    expect(merged.title).toBe("Real");
  });
});

describe("user keys", () => {
  it.each([
    [{ user: { id: "u1", email: "a@b.c" } }, "id:u1"],
    [{ user: { email: "a@b.c" } }, "email:a@b.c"],
    [{ user: { ip_address: "10.0.0.1" } }, "ip:10.0.0.1"],
    [{ user: {} }, null],
    [{}, null],
  ])("%j → %s", (event, expected) => {
    expect(userKey(event)).toBe(expected);
  });
});
