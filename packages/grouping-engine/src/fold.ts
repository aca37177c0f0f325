import type { IngestIssue } from "@sift/storage";
import type { Work } from "./batch.js";
import {
  PLACEHOLDER_TITLES,
  culpritOf,
  eventSearchBase,
  levelValue,
  materialiseData,
  mergeData,
  normaliseMessage,
  searchMessage,
} from "./issue-fields.js";

/** The event's metadata, copied (an empty object when it has none). */
export function eventMetadata(w: Work): Record<string, unknown> {
  const meta = w.event?.metadata;
  return meta && typeof meta === "object" ? { ...(meta as Record<string, unknown>) } : {};
}

/** Apply occurrences to an issue in order: times, message, level, culprit, data. */
export function fold(issue: IngestIssue, ws: readonly Work[]): IngestIssue {
  const next = { ...issue };
  for (const w of ws) {
    if (w.eventTime > next.lastSeen) next.lastSeen = w.eventTime;
    if (w.eventTime < next.firstSeen) next.firstSeen = w.eventTime;
    const message = searchMessage(eventSearchBase(w.event), w.occ);
    if (
      message !== "" &&
      message !== next.message &&
      !PLACEHOLDER_TITLES.has(message) &&
      w.eventType !== "transaction"
    ) {
      next.message = normaliseMessage(message);
    }
    next.level = levelValue(w.occ.level);
    next.culprit = culpritOf(w.occ);
    next.data = mergeData(next.data, materialiseData(w.occ, w.eventType, eventMetadata(w), w.occ.priority));
    next.title = typeof next.data.title === "string" ? next.data.title : next.title;
  }
  return next;
}
