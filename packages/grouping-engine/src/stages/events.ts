import { GroupCategory, InvalidPayloadError } from "@sift/schemas";
import { findEvents } from "@sift/storage";
import type { StoredEvent } from "@sift/storage";
import type { Batch, Work } from "../batch.js";
import { key } from "../batch.js";

export interface BatchEvents {
  /** The occurrences that will be stored, with their outcome (admitted, and their event found). */
  recorded: Work[];
  /** Inline events to store with the batch, by (project, event id). */
  toStore: Map<string, StoredEvent>;
}

/**
 * Give each occurrence its event: inline (stored with the batch), buffered spans (kept in memory only),
 * or looked up by id, in this batch or in the database. An occurrence whose event is nowhere is refused.
 */
export async function attachEvents(batch: Batch, admitted: readonly Work[]): Promise<BatchEvents> {
  const { toStore, lookups } = inlineEvents(batch, admitted);
  const found = await findEvents(
    batch.trx,
    lookups
      .filter((w) => !toStore.has(key(w.occ.projectId, w.occ.eventId)))
      .map((w) => ({ projectId: w.occ.projectId, eventId: w.occ.eventId })),
  );
  const missing = lookUpEvents(batch, lookups, (k) => toStore.get(k) ?? found.get(k));
  return { recorded: admitted.filter((w) => !missing.has(w)), toStore };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Inline events (stored unless buffered spans); returns the occurrences whose event must be looked up. */
export function inlineEvents(
  batch: Pick<Batch, "counter">,
  admitted: readonly Work[],
): { toStore: Map<string, StoredEvent>; lookups: Work[] } {
  const toStore = new Map<string, StoredEvent>();
  const lookups: Work[] = [];
  for (const w of admitted) {
    if (w.outcome) continue;
    const occ = w.occ;
    if (!occ.event) {
      lookups.push(w);
      continue;
    }
    // An error event (from an SDK) keeps its grouping's metadata and its type (`error`, `default`).
    const isError = w.type.category === GroupCategory.ERROR;
    const given = isError && isRecord(occ.event.metadata) ? occ.event.metadata : {};
    const data: Record<string, unknown> = { ...occ.event, metadata: { ...given, title: occ.issueTitle } };
    w.event = data;
    if (isError && typeof data.type === "string") w.eventType = data.type;
    if (!occ.isBufferedSpans) {
      toStore.set(key(occ.projectId, occ.eventId), {
        projectId: occ.projectId,
        eventId: occ.eventId,
        timestamp: w.eventTime,
        data,
        receivedAt: w.item.receivedAt,
      });
    }
    batch.counter.add("occurrence_consumer._process_message.save_issue_occurrence", {
      method: occ.isBufferedSpans
        ? "create_event_and_issue_occurrence"
        : "process_event_and_issue_occurrence",
    });
  }
  return { toStore, lookups };
}

/** Attach looked-up events; returns the occurrences refused because their event does not exist. */
export function lookUpEvents(
  batch: Pick<Batch, "counter" | "results">,
  lookups: readonly Work[],
  eventOf: (key: string) => StoredEvent | undefined,
): Set<Work> {
  const missing = new Set<Work>();
  for (const w of lookups) {
    const event = eventOf(key(w.occ.projectId, w.occ.eventId));
    batch.counter.add("occurrence_consumer._process_message.save_issue_occurrence", {
      method: "lookup_event_and_process_issue_occurrence",
    });
    if (!event) {
      batch.results[w.index] = {
        status: "invalid",
        error: new InvalidPayloadError(
          "EVENT_NOT_FOUND",
          `Failed to lookup event(${w.occ.eventId}) for project_id(${w.occ.projectId})`,
          "event_id",
        ),
      };
      missing.add(w);
      continue;
    }
    w.event = event.data;
    w.eventTime = event.timestamp;
    w.eventType = typeof event.data.type === "string" ? event.data.type : "default";
  }
  return missing;
}
