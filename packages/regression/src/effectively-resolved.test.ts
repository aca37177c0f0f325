import { describe, expect, it } from "vitest";
import { GroupStatus } from "@sift/schemas";

import { isEffectivelyResolved } from "./index.js";

const now = new Date("2026-03-01T12:00:00Z");
const hoursAgo = (h: number): Date => new Date(now.getTime() - h * 3_600_000);
const on = { resolveAgeHours: 24, autoResolveEnabled: true, now };

describe("isEffectivelyResolved", () => {
  it("a resolved issue is resolved whatever its last_seen", () => {
    expect(isEffectivelyResolved({ status: GroupStatus.RESOLVED, lastSeen: now }, on)).toBe(true);
    expect(
      isEffectivelyResolved({ status: GroupStatus.RESOLVED, lastSeen: now }, { ...on, resolveAgeHours: 0 }),
    ).toBe(true);
  });

  it("an unresolved issue not seen for longer than the resolve age is auto-resolved", () => {
    expect(isEffectivelyResolved({ status: GroupStatus.UNRESOLVED, lastSeen: hoursAgo(25) }, on)).toBe(true);
  });

  it("an unresolved issue seen within the resolve age (or exactly at it) is not", () => {
    expect(isEffectivelyResolved({ status: GroupStatus.UNRESOLVED, lastSeen: hoursAgo(23) }, on)).toBe(false);
    expect(isEffectivelyResolved({ status: GroupStatus.UNRESOLVED, lastSeen: hoursAgo(24) }, on)).toBe(false);
  });

  it("a resolve age of 0 turns auto-resolve off", () => {
    const issue = { status: GroupStatus.UNRESOLVED, lastSeen: hoursAgo(10_000) };
    expect(isEffectivelyResolved(issue, { ...on, resolveAgeHours: 0 })).toBe(false);
  });

  it("a type without auto-resolve is never auto-resolved", () => {
    const issue = { status: GroupStatus.UNRESOLVED, lastSeen: hoursAgo(10_000) };
    expect(isEffectivelyResolved(issue, { ...on, autoResolveEnabled: false })).toBe(false);
  });

  it("an ignored issue is never effectively resolved, however old", () => {
    expect(isEffectivelyResolved({ status: GroupStatus.IGNORED, lastSeen: hoursAgo(10_000) }, on)).toBe(
      false,
    );
    expect(
      isEffectivelyResolved({ status: GroupStatus.PENDING_DELETION, lastSeen: hoursAgo(10_000) }, on),
    ).toBe(false);
  });
});
