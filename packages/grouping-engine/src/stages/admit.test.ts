import { describe, expect, it } from "vitest";
import { admitItems } from "./admit.js";
import { item, occurrence, projectContext, testBatch } from "../test/work.js";

const DEAD_CLICK = 5001; // unreleased

describe("admit", () => {
  it("refuses an unknown project, skips replays and admits the rest in order", () => {
    const batch = testBatch(5);
    const storedBefore = occurrence();
    const twice = occurrence();
    const fresh = occurrence();
    const items = [
      item(occurrence({ projectId: 2 })),
      item(storedBefore),
      item(twice),
      item(twice),
      item(fresh),
    ];
    const admitted = admitItems(
      batch,
      items,
      new Map([[1, projectContext()]]),
      new Set([`1:${storedBefore.id}`]),
    );
    expect(admitted.map((w) => [w.index, w.occ.id])).toEqual([
      [2, twice.id],
      [4, fresh.id],
    ]);
    expect(batch.results[0]).toMatchObject({ status: "invalid", error: { code: "PROJECT_NOT_FOUND" } });
    expect(batch.results.slice(1)).toEqual([{ status: "replayed" }, null, { status: "replayed" }, null]);
    expect(batch.metrics()).toEqual({ "occurrence_ingest.messages{occurrence_type=1}": 5 });
  });

  it("records an unreleased type as feature_disabled unless the organisation has its feature", () => {
    const batch = testBatch(2);
    const contexts = new Map([
      [1, projectContext()],
      [2, projectContext({ id: 2, features: ["replay-click-dead-ingest"] })],
    ]);
    const admitted = admitItems(
      batch,
      [item(occurrence({ type: DEAD_CLICK })), item(occurrence({ type: DEAD_CLICK, projectId: 2 }))],
      contexts,
      new Set(),
    );
    expect(admitted.map((w) => w.outcome)).toEqual(["feature_disabled", null]);
    expect(batch.metrics()["occurrence_ingest.dropped_feature_disabled{occurrence_type=5001}"]).toBe(1);
  });

  it("starts from the occurrence's event time, else its detection time", () => {
    const detectionTime = new Date("2026-11-27T10:00:00Z");
    const [w] = admitItems(
      testBatch(1),
      [item(occurrence({ eventTime: null, detectionTime }))],
      new Map([[1, projectContext()]]),
      new Set(),
    );
    expect(w!.eventTime).toEqual(detectionTime);
  });
});
