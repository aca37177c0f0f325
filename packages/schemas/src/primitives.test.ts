import { describe, expect, it } from "vitest";
import {
  canonicalUuid,
  hashFingerprint,
  hashFingerprintElement,
  partitionKey,
  hyphenateUuid,
  GroupTypeRegistry,
  groupTypes,
  ingestFeatureFlag,
  historyStatusFor,
  ActivityType,
  GroupHistoryStatus,
  GroupSubStatus,
  GroupCategory,
  parsePriority,
} from "./index.js";

describe("UUID canonicalisation", () => {
  it.each([
    ["b6e6e7d9e58240fd81015666e96eb038", "b6e6e7d9e58240fd81015666e96eb038"],
    ["B6E6E7D9E58240FD81015666E96EB038", "b6e6e7d9e58240fd81015666e96eb038"],
    ["b6e6e7d9-e582-40fd-8101-5666e96eb038", "b6e6e7d9e58240fd81015666e96eb038"],
    ["{b6e6e7d9-e582-40fd-8101-5666e96eb038}", "b6e6e7d9e58240fd81015666e96eb038"],
    ["urn:uuid:b6e6e7d9-e582-40fd-8101-5666e96eb038", "b6e6e7d9e58240fd81015666e96eb038"],
    [" b6e6e7d9e58240fd81015666e96eb038 ", "b6e6e7d9e58240fd81015666e96eb038"],
  ])("%s → %s", (input, expected) => {
    expect(canonicalUuid(input)).toBe(expected);
  });

  it.each([
    "not-a-uuid",
    "b6e6e7d9e58240fd81015666e96eb03",
    "b6e6e7d9-e582-40fd-8101-5666e96eb03g",
    42,
    null,
  ])("%j is not a UUID", (input) => {
    expect(canonicalUuid(input)).toBeNull();
  });

  it("hyphenates a canonical id", () => {
    expect(hyphenateUuid("b6e6e7d9e58240fd81015666e96eb038")).toBe("b6e6e7d9-e582-40fd-8101-5666e96eb038");
  });
});

describe("fingerprint hashing", () => {
  it("md5-hashes each element once", () => {
    expect(hashFingerprintElement("touch-id")).toBe("85345ea2b9abf72d3d7a39737524235c");
    expect(hashFingerprintElement("é")).toBe("66ddcd97cfdeabb2f6fb8a999b4bc76f");
    expect(hashFingerprint(["touch-id", "slow-db:/checkout"])).toEqual([
      "85345ea2b9abf72d3d7a39737524235c",
      "54253784d00f25bedd3187c14238332a",
    ]);
  });

  it("hashing an already hashed value gives another hash (so producers send raw values)", () => {
    expect(hashFingerprintElement(hashFingerprintElement("1"))).toBe("28c8edde3d61a0411511d3b1866f0636");
  });

  it("keys partitions by raw fingerprint[0] and project", () => {
    expect(partitionKey(["slow-db:/checkout", "other"], 7)).toBe("slow-db:/checkout-7");
    expect(partitionKey([], 7)).toBeNull();
  });
});

describe("group-type registry", () => {
  it("holds the reference's types with their settings", () => {
    const nPlusOne = groupTypes.get(1006);
    expect(nPlusOne.slug).toBe("performance_n_plus_one_db_queries");
    expect(nPlusOne.category).toBe(GroupCategory.PERFORMANCE);
    expect(nPlusOne.noiseConfig).toEqual({ ignoreLimit: 3, expirySeconds: 86_400 });
    expect(nPlusOne.defaultPriority).toBe(25);
    expect(nPlusOne.creationQuota).toEqual({ windowSeconds: 3600, granularitySeconds: 60, limit: 5 });
    expect(groupTypes.get(1001).noiseConfig?.ignoreLimit).toBe(100);
    expect(groupTypes.get(1009).noiseConfig?.ignoreLimit).toBe(5);
    expect(groupTypes.get(1010).noiseConfig).toBeNull();
    expect(groupTypes.get(1).defaultPriority).toBe(50);
    expect(groupTypes.get(4001).creationQuota?.limit).toBe(60_000);
    expect(groupTypes.get(1).creationQuota).toBeNull();
    expect(groupTypes.get(7001).released).toBe(false);
    expect(groupTypes.get(7001).enableAutoResolve).toBe(false);
    expect(groupTypes.all()).toHaveLength(34);
  });

  it("resolves the shared cron slug to the last registered type", () => {
    expect(groupTypes.findBySlug("monitor_check_in_failure")?.id).toBe(4003);
    expect(groupTypes.findBySlug("nope")).toBeUndefined();
  });

  it("raises the reference's messages", () => {
    expect(() => groupTypes.get(300)).toThrow("No group type with the id 300 is registered.");
    const registry = new GroupTypeRegistry();
    registry.register({ id: 1, slug: "a", description: "a", category: 1 });
    expect(() => registry.register({ id: 1, slug: "b", description: "b", category: 1 })).toThrow(
      "already registered",
    );
    expect(() => registry.register({ id: 2, slug: "c", description: "c", category: 9 })).toThrow(
      "Category must be one of [1, 2, 3, 4, 5, 6, 7] from GroupCategory.",
    );
  });

  it("lists the types of a category and names the ingest flag", () => {
    expect(groupTypes.idsInCategory(GroupCategory.CRON)).toEqual([4001, 4002, 4003]);
    expect(ingestFeatureFlag(groupTypes.get(1016))).toBe("performance-http-overhead-ingest");
  });
});

describe("enums", () => {
  it("maps activities to history, the substatus deciding when set", () => {
    expect(historyStatusFor(ActivityType.SET_IGNORED, null)).toBe(GroupHistoryStatus.IGNORED);
    expect(historyStatusFor(ActivityType.SET_IGNORED, GroupSubStatus.FOREVER)).toBe(
      GroupHistoryStatus.ARCHIVED_FOREVER,
    );
    expect(historyStatusFor(ActivityType.SET_RESOLVED, null)).toBe(GroupHistoryStatus.RESOLVED);
    expect(historyStatusFor(ActivityType.SET_UNRESOLVED, GroupSubStatus.ONGOING)).toBe(
      GroupHistoryStatus.UNRESOLVED,
    );
  });

  it("parses priorities case-insensitively", () => {
    expect(parsePriority("HIGH")).toBe(75);
    expect(parsePriority("Low")).toBe(25);
    expect(parsePriority("urgent")).toBeNull();
  });
});
