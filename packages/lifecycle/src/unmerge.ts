import { ActivityType } from "@sift/schemas";

import { planIssueCreated } from "./issue-created.js";
import { transition } from "./transition.js";
import type { IssueRef, Transition } from "./transition.js";

/**
 * An unmerge: the new issue is created (its `first_seen` activity and inbox entry) and records where
 * its hashes came from (`unmerge_destination`); the source records where they went
 * (`unmerge_source`), as in Sentry.
 */
export function planUnmerge(
  source: IssueRef,
  destination: IssueRef,
  hashes: readonly string[],
  at: Date,
  userId: number | null = null,
): Transition[] {
  const fingerprints = [...hashes];
  return [
    ...planIssueCreated(destination, at),
    transition(destination, at, {
      type: ActivityType.UNMERGE_DESTINATION,
      data: { source_id: source.id, fingerprints },
      userId,
    }),
    transition(source, at, {
      type: ActivityType.UNMERGE_SOURCE,
      data: { destination_id: destination.id, fingerprints },
      userId,
    }),
  ];
}
