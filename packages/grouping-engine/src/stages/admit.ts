import { InvalidPayloadError, ingestFeatureFlag } from "@sift/schemas";
import { findStoredOccurrenceIds } from "@sift/storage";
import type { Batch, IngestItem, Work } from "../batch.js";
import { key } from "../batch.js";
import type { ProjectContext } from "../project-cache.js";

/**
 * Admit the batch's occurrences: their project must exist, and a replay (stored before, or twice in
 * this batch) changes nothing. Unreleased types without the organisation's feature are recorded as
 * `feature_disabled` and go no further.
 */
export async function admit(batch: Batch, items: readonly IngestItem[]): Promise<Work[]> {
  const contexts = await batch.deps.projects.get(items.map((i) => i.occurrence.projectId));
  const stored = await findStoredOccurrenceIds(
    batch.trx,
    items.map((i) => ({ projectId: i.occurrence.projectId, id: i.occurrence.id })),
  );
  return admitItems(batch, items, contexts, stored);
}

export function admitItems(
  batch: Pick<Batch, "deps" | "counter" | "results">,
  items: readonly IngestItem[],
  contexts: ReadonlyMap<number, ProjectContext>,
  stored: ReadonlySet<string>,
): Work[] {
  const { counter, results } = batch;
  const seen = new Set<string>();
  const admitted: Work[] = [];
  items.forEach((item, index) => {
    const occ = item.occurrence;
    const ctx = contexts.get(occ.projectId);
    counter.add("occurrence_ingest.messages", { occurrence_type: occ.type });
    if (!ctx) {
      results[index] = {
        status: "invalid",
        error: new InvalidPayloadError(
          "PROJECT_NOT_FOUND",
          `Project ${occ.projectId} does not exist`,
          "project_id",
        ),
      };
      return;
    }
    const k = key(occ.projectId, occ.id);
    if (stored.has(k) || seen.has(k)) {
      results[index] = { status: "replayed" };
      return;
    }
    seen.add(k);
    admitted.push(newWork(index, item, ctx, batch.deps.types.get(occ.type)));
  });
  for (const w of admitted) {
    if (!w.type.released && !w.ctx.features.has(ingestFeatureFlag(w.type))) {
      w.outcome = "feature_disabled";
      counter.add("occurrence_ingest.dropped_feature_disabled", { occurrence_type: w.type.id });
    }
  }
  return admitted;
}

/** An admitted occurrence before the stages decide anything about it. */
export function newWork(index: number, item: IngestItem, ctx: ProjectContext, type: Work["type"]): Work {
  const occ = item.occurrence;
  return {
    index,
    creator: false,
    item,
    occ,
    ctx,
    type,
    event: null,
    eventTime: occ.eventTime ?? occ.detectionTime,
    eventType: "generic",
    releaseVersion: null,
    environment: "",
    release: null,
    issueId: null,
    outcome: null,
    isNew: false,
    isRegression: false,
  };
}
