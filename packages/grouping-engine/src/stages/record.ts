import { InvalidPayloadError } from "@sift/schemas";
import { insertEvents, insertOccurrences } from "@sift/storage";
import type { OccurrenceRow, StoredEvent } from "@sift/storage";
import type { Batch, OccurrenceResult, Work } from "../batch.js";

/**
 * Store the batch's inline events and every recorded occurrence with its outcome, and report each
 * occurrence's result. A concurrent duplicate aborts the batch for a retry.
 */
export async function record(
  batch: Batch,
  recorded: readonly Work[],
  events: ReadonlyMap<string, StoredEvent>,
): Promise<void> {
  await insertEvents(batch.trx, [...events.values()]);
  const rows = recorded.map(occurrenceRow);
  const inserted = await insertOccurrences(batch.trx, rows);
  if (inserted !== rows.length) throw new ConcurrentDuplicateError(rows.length - inserted);
  for (const w of recorded) batch.results[w.index] = storedResult(w);
}

export function occurrenceRow(w: Work): OccurrenceRow {
  return {
    projectId: w.occ.projectId,
    id: w.occ.id,
    issueId: w.outcome === "grouped" ? w.issueId : null,
    eventId: w.occ.eventId,
    type: w.occ.type,
    outcome: w.outcome!,
    fingerprint: w.occ.fingerprintHashes,
    detectionTime: w.occ.detectionTime,
    eventTime: w.event ? w.eventTime : null,
    payload: w.occ.payload,
    receivedAt: w.item.receivedAt,
  };
}

export function storedResult(w: Work): OccurrenceResult {
  return {
    status: "stored",
    outcome: w.outcome!,
    issueId: w.outcome === "grouped" ? w.issueId : null,
    isNew: w.creator,
    isRegression: w.isRegression,
  };
}

/** A concurrent consumer stored some of this batch's occurrences first: retry the batch. */
export class ConcurrentDuplicateError extends InvalidPayloadError {
  constructor(count: number) {
    super("CONCURRENT_UPDATE", `${count} occurrence(s) were stored concurrently; retrying the batch`);
    Object.defineProperty(this, "retryable", { value: true });
  }
}
