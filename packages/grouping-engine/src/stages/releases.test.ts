import { describe, expect, it } from "vitest";
import { MAX_RELEASE_VERSION_LENGTH } from "@sift/storage";
import { releaseRequests } from "./releases.js";
import { EVENT_TIME, occurrence, work } from "../test/work.js";

describe("releases", () => {
  it("reads the trimmed release per organisation and the environment of each event", () => {
    const named = work(occurrence(), { event: { release: " backend@2.4.0 ", environment: "production" } });
    const tooLong = work(occurrence(), {
      event: { release: "x".repeat(MAX_RELEASE_VERSION_LENGTH + 1), environment: "e".repeat(70) },
    });
    const bare = work(occurrence(), { event: null });
    const requests = releaseRequests([named, tooLong, bare]);
    expect([...requests.releases]).toEqual([
      [10, [{ version: "backend@2.4.0", projectId: 1, seenAt: EVENT_TIME }]],
    ]);
    expect(requests.environments).toEqual([
      { organizationId: 10, name: "production" },
      { organizationId: 10, name: "e".repeat(64) },
      { organizationId: 10, name: "" },
    ]);
    expect([named.releaseVersion, tooLong.releaseVersion, bare.releaseVersion]).toEqual([
      "backend@2.4.0",
      null,
      null,
    ]);
  });
});
