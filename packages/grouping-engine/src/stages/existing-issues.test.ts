import { describe, expect, it } from "vitest";
import { groupIntoExisting } from "./existing-issues.js";
import { ingestIssue } from "../test/issue.js";
import { occurrence, testBatch, work } from "../test/work.js";

const N_PLUS_ONE = 1006;

describe("existing issues", () => {
  it("groups occurrences into their loaded issue; a vanished issue or another category is refused", () => {
    const batch = testBatch();
    const issue = ingestIssue({ id: 7 });
    const first = work(occurrence(), { issueId: 7 });
    const vanished = work(occurrence(), { issueId: 8 });
    const otherCategory = work(occurrence({ type: N_PLUS_ONE }), { issueId: 7 });
    const created = work(occurrence(), { issueId: 9, isNew: true });
    const gated = work(occurrence(), { outcome: "noise_gated" });
    const second = work(occurrence(), { issueId: 7 });
    const existing = groupIntoExisting(
      batch,
      [first, vanished, otherCategory, created, gated, second],
      new Map([[7, issue]]),
    );
    expect([...existing]).toEqual([[7, { issue, items: [first, second] }]]);
    expect([first, vanished, otherCategory, created, gated, second].map((w) => w.outcome)).toEqual([
      "grouped",
      "hash_without_issue",
      "category_mismatch",
      "grouped",
      "noise_gated",
      "grouped",
    ]);
    expect(vanished.issueId).toBeNull();
    expect(batch.errors).toEqual(["save_issue_from_occurrence.category_mismatch"]);
  });
});
