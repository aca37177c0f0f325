import { loadIssuesForIngest } from "@sift/storage";
import type { IngestIssue } from "@sift/storage";
import type { Batch, ExistingIssue, Work } from "../batch.js";

/**
 * Load the issues that existed before the batch (one round trip) and group the batch's occurrences into
 * them: a vanished issue leaves `hash_without_issue`, another category `category_mismatch`. Every
 * occurrence still undecided is then `grouped`. Returns the existing issues by id.
 */
export async function loadExistingIssues(
  batch: Batch,
  active: readonly Work[],
): Promise<Map<number, ExistingIssue>> {
  const ids = [...new Set(active.filter((w) => w.outcome === null && !w.isNew).map((w) => w.issueId!))];
  const loaded = await loadIssuesForIngest(batch.trx, ids);
  return groupIntoExisting(batch, active, loaded);
}

export function groupIntoExisting(
  batch: Pick<Batch, "deps">,
  active: readonly Work[],
  loaded: ReadonlyMap<number, IngestIssue>,
): Map<number, ExistingIssue> {
  const { types, logger } = batch.deps;
  const existing = new Map<number, ExistingIssue>();
  for (const w of active) {
    if (w.outcome !== null || w.isNew) continue;
    const issue = loaded.get(w.issueId!);
    if (!issue) {
      w.outcome = "hash_without_issue";
      w.issueId = null;
      continue;
    }
    const issueCategory = types.find(issue.type)?.category;
    if (issueCategory !== w.type.category) {
      logger.error(
        { issue_category: issueCategory, event_type: "platform", group_id: issue.id },
        "save_issue_from_occurrence.category_mismatch",
      );
      w.outcome = "category_mismatch";
      continue;
    }
    const entry = existing.get(issue.id);
    if (entry) entry.items.push(w);
    else existing.set(issue.id, { issue, items: [w] });
  }
  for (const w of active) if (w.outcome === null) w.outcome = "grouped";
  return existing;
}
