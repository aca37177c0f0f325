import { describe, expect, it } from "vitest";
import { joinWinners, markCreated } from "./claim-issues.js";
import { group, occurrence, work } from "../test/work.js";

describe("claim issues", () => {
  it("sends the occurrences of a group that lost its hash to the winner's issue", () => {
    const lost = group([work(occurrence({ fingerprint: ["x"] })), work(occurrence({ fingerprint: ["x"] }))]);
    const vanished = group([work(occurrence({ fingerprint: ["y"] }))]);
    joinWinners(
      [lost, vanished],
      new Map([[`1:${lost.hash}`, { projectId: 1, hash: lost.hash, issueId: 42 }]]),
    );
    expect(lost.items.map((w) => [w.issueId, w.outcome])).toEqual([
      [42, null],
      [42, null],
    ]);
    expect(vanished.items.map((w) => [w.issueId, w.outcome])).toEqual([[null, "hash_without_issue"]]);
  });

  it("marks the first occurrence of a new issue as its creator and all of them as new", () => {
    const created = { ...group([work(), work()]), id: 5 };
    markCreated([created]);
    expect(created.items.map((w) => [w.issueId, w.isNew, w.creator])).toEqual([
      [5, true, true],
      [5, true, false],
    ]);
  });
});
