import { GroupStatus, GroupSubStatus } from "@sift/schemas";
import type { IngestIssue } from "@sift/storage";

/** An issue as loaded for ingest (error type, unresolved) for the unit tests. */
export function ingestIssue(over: Partial<IngestIssue> = {}): IngestIssue {
  return {
    id: 7,
    organizationId: 10,
    projectId: 1,
    type: 1,
    status: GroupStatus.UNRESOLVED,
    substatus: GroupSubStatus.ONGOING,
    priority: 50,
    priorityLockedAt: null,
    level: 40,
    message: "Checkout failed card declined /api/checkout",
    culprit: "/api/checkout",
    title: "Checkout failed",
    data: { type: "generic", title: "Checkout failed", culprit: "/api/checkout", metadata: {} },
    timesSeen: 10,
    userCount: 2,
    firstSeen: new Date("2026-11-20T00:00:00Z"),
    lastSeen: new Date("2026-11-26T00:00:00Z"),
    activeAt: new Date("2026-11-20T00:00:00Z"),
    ...over,
  };
}
