import { describe, expect, it } from "vitest";
import { ActivityType, GroupInboxReason } from "@sift/schemas";
import { planUnmerge } from "./unmerge.js";

describe("planUnmerge", () => {
  it("creates the new issue and records the move on both issues", () => {
    const at = new Date("2026-12-01T10:00:00Z");
    const source = { id: 1, organizationId: 1, projectId: 1 };
    const destination = { id: 2, organizationId: 1, projectId: 1 };
    const planned = planUnmerge(source, destination, ["a".repeat(32)], at);
    expect(planned.map((t) => [t.issue.id, t.activity?.type, t.activity?.data])).toEqual([
      [2, ActivityType.FIRST_SEEN, {}],
      [2, ActivityType.UNMERGE_DESTINATION, { source_id: 1, fingerprints: ["a".repeat(32)] }],
      [1, ActivityType.UNMERGE_SOURCE, { destination_id: 2, fingerprints: ["a".repeat(32)] }],
    ]);
    expect(planned[0]!.inbox).toEqual({ add: GroupInboxReason.NEW });
  });
});
