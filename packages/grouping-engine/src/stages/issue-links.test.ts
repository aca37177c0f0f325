import { describe, expect, it } from "vitest";
import { hashFingerprint } from "@sift/schemas";
import { freeHashes, issueLinks } from "./issue-links.js";
import { occurrence, work } from "../test/work.js";

const release = { id: 3, organizationId: 10, version: "2.4.0", dateAdded: new Date(), dateReleased: null };
const at = (time: string) => new Date(`2026-11-27T${time}Z`);

describe("issue links", () => {
  it("keeps each issue's earliest and latest environment event, its release span, hourly counts and new extra hashes", () => {
    const [first, known, fresh] = hashFingerprint(["a", "b", "c"]) as [string, string, string];
    const grouped = (time: string, over = {}) =>
      work(occurrence({ fingerprint: ["a", "b", "c"] }), {
        issueId: 7,
        outcome: "grouped",
        environment: "production",
        release,
        eventTime: at(time),
        ...over,
      });
    const links = issueLinks(
      [grouped("11:30:00"), grouped("10:15:00", { release: null }), grouped("11:45:00"), grouped("12:05:00")],
      new Map([["10:production", 20]]),
      new Map([[`1:${known}`, { projectId: 1, hash: known, issueId: 7 }]]),
    );
    expect(links.environments).toEqual([
      {
        issueId: 7,
        environmentId: 20,
        firstSeen: at("10:15:00"),
        firstReleaseId: null,
        lastSeen: at("12:05:00"),
      },
    ]);
    expect(links.releases).toEqual([
      { issueId: 7, releaseId: 3, firstSeen: at("11:30:00"), lastSeen: at("12:05:00") },
    ]);
    expect(links.stats).toEqual([
      { issueId: 7, hour: at("11:00:00"), count: 2 },
      { issueId: 7, hour: at("10:00:00"), count: 1 },
      { issueId: 7, hour: at("12:00:00"), count: 1 },
    ]);
    // Joined by its second hash: the first and the third are free.
    expect(links.extraHashes).toEqual([
      { projectId: 1, hash: first, issueId: 7 },
      { projectId: 1, hash: fresh, issueId: 7 },
    ]);
  });

  it("frees every unknown hash of an occurrence that matched by a later hash, and all but the claimed first otherwise", () => {
    const [b, a, c] = hashFingerprint(["b", "a", "c"]) as [string, string, string];
    const known = new Map([[`1:${a}`, { projectId: 1, hash: a, issueId: 7 }]]);
    expect(freeHashes(work(occurrence({ fingerprint: ["b", "a", "c"] })), known)).toEqual([b, c]);
    expect(freeHashes(work(occurrence({ fingerprint: ["b", "c"] })), known)).toEqual([c]);
  });
});
