import { describe, expect, it } from "vitest";

import { hasPendingCommitResolution } from "./index.js";

const t = (minute: number): Date => new Date(Date.UTC(2026, 0, 1, 0, minute));

describe("hasPendingCommitResolution", () => {
  it("no resolving commit: nothing is pending", () => {
    expect(hasPendingCommitResolution([])).toBe(false);
  });

  it("the latest resolving commit not yet in a release is pending", () => {
    expect(hasPendingCommitResolution([{ datetime: t(1), inRelease: false }])).toBe(true);
  });

  it("the latest resolving commit already released is not pending", () => {
    expect(hasPendingCommitResolution([{ datetime: t(1), inRelease: true }])).toBe(false);
  });

  it("only the most recent link by datetime counts", () => {
    expect(
      hasPendingCommitResolution([
        { datetime: t(5), inRelease: true },
        { datetime: t(1), inRelease: false },
      ]),
    ).toBe(false);
    expect(
      hasPendingCommitResolution([
        { datetime: t(1), inRelease: true },
        { datetime: t(5), inRelease: false },
      ]),
    ).toBe(true);
  });

  it("links of the same datetime are ordered by id", () => {
    expect(
      hasPendingCommitResolution([
        { id: 9, datetime: t(1), inRelease: false },
        { id: 3, datetime: t(1), inRelease: true },
      ]),
    ).toBe(true);
  });
});
