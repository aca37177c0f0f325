import { describe, expect, it } from "vitest";
import { hashFingerprint } from "@sift/schemas";
import type { HashRow } from "@sift/storage";
import { assignHashes } from "./match-hashes.js";
import { occurrence, work } from "../test/work.js";

const [a, b] = hashFingerprint(["a", "b"]) as [string, string];

describe("match hashes", () => {
  it("takes the issue of the first known hash, and groups new fingerprints by primary hash", () => {
    const known = new Map<string, HashRow>([
      [`1:${b}`, { projectId: 1, hash: b, issueId: 7 }],
      [`2:${a}`, { projectId: 2, hash: a, issueId: null }],
    ]);
    const bySecond = work(occurrence({ fingerprint: ["new", "b"] }));
    const orphan = work(occurrence({ fingerprint: ["a"], projectId: 2 }));
    const first = work(occurrence({ fingerprint: ["a"] }));
    const other = work(occurrence({ fingerprint: ["c"] }));
    const second = work(occurrence({ fingerprint: ["a", "d"] }));
    const groups = assignHashes([bySecond, orphan, first, other, second], known);
    expect([bySecond.issueId, bySecond.outcome]).toEqual([7, null]);
    expect([orphan.issueId, orphan.outcome]).toEqual([null, "hash_without_issue"]);
    expect(groups.map((g) => [g.projectId, g.hash, g.type.id, g.items])).toEqual([
      [1, a, 1, [first, second]],
      [1, hashFingerprint(["c"])[0], 1, [other]],
    ]);
  });
});
