import { describe, expect, it } from "vitest";
import type { DecodedMessage } from "@sift/schemas";
import { segmentBatch } from "./processor.js";

const occ = (hash: string, project = 1) =>
  ({ payloadType: "occurrence", projectId: project, fingerprintHashes: [hash] }) as unknown as DecodedMessage;
const sc = (hash: string, project = 1) =>
  ({
    payloadType: "status_change",
    projectId: project,
    fingerprintHashes: [hash],
  }) as unknown as DecodedMessage;
const batch = (...messages: DecodedMessage[]) =>
  messages.map((message, index) => ({ index, message, receivedAt: new Date(0) }));
const shape = (segments: ReturnType<typeof segmentBatch>) =>
  segments.map((s) => [s.occurrences.map((d) => d.index), s.statusChanges.map((d) => d.index)]);

describe("segmentBatch", () => {
  it("keeps one wave when no occurrence follows a status change of its fingerprint", () => {
    expect(shape(segmentBatch(batch(occ("a"), sc("a"), occ("b"), sc("b"))))).toEqual([
      [
        [0, 2],
        [1, 3],
      ],
    ]);
  });

  it("puts an occurrence after a status change of its fingerprint in the next wave, and only that one", () => {
    expect(shape(segmentBatch(batch(occ("a"), sc("a"), occ("a"), occ("b"))))).toEqual([
      [[0, 3], [1]],
      [[2], []],
    ]);
  });

  it("keeps two status changes of one fingerprint in order around its occurrences", () => {
    expect(shape(segmentBatch(batch(sc("a"), occ("a"), sc("a"), occ("b"), sc("a"))))).toEqual([
      [[3], [0]],
      [[1], [2]],
      [[], [4]],
    ]);
  });

  it("links fingerprints an occurrence shares", () => {
    const both = {
      payloadType: "occurrence",
      projectId: 1,
      fingerprintHashes: ["a", "b"],
    } as unknown as DecodedMessage;
    expect(shape(segmentBatch(batch(sc("b"), both, occ("a"))))).toEqual([
      [[], [0]],
      [[1, 2], []],
    ]);
  });

  it("treats the same hash in another project as another fingerprint", () => {
    expect(shape(segmentBatch(batch(sc("a", 1), occ("a", 2))))).toEqual([[[1], [0]]]);
  });
});
