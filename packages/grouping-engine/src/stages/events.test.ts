import { describe, expect, it } from "vitest";
import type { EventData } from "@sift/schemas";
import type { StoredEvent } from "@sift/storage";
import { inlineEvents, lookUpEvents } from "./events.js";
import { EVENT_TIME, occurrence, testBatch, work } from "../test/work.js";

const event = { event_id: "e", platform: "python" } as unknown as EventData;

describe("events", () => {
  it("stores inline events, keeps buffered spans in memory, and looks up the rest", () => {
    const batch = testBatch();
    const inline = work(occurrence({ event }));
    const spans = work(occurrence({ event, isBufferedSpans: true }));
    const lookup = work(occurrence());
    const disabled = work(occurrence(), { outcome: "feature_disabled" });
    const { toStore, lookups } = inlineEvents(batch, [inline, spans, lookup, disabled]);
    expect([...toStore.values()]).toEqual([
      {
        projectId: 1,
        eventId: inline.occ.eventId,
        timestamp: EVENT_TIME,
        data: { ...event, metadata: { title: "Checkout failed" } },
        receivedAt: inline.item.receivedAt,
      },
    ]);
    expect(spans.event).toEqual({ ...event, metadata: { title: "Checkout failed" } });
    expect(lookups).toEqual([lookup]);
    expect(disabled.event).toBeNull();
    const method = "occurrence_consumer._process_message.save_issue_occurrence{method=";
    expect(batch.metrics()).toEqual({
      [`${method}process_event_and_issue_occurrence}`]: 1,
      [`${method}create_event_and_issue_occurrence}`]: 1,
    });
  });

  it("takes a looked-up event's data, time and type, and refuses an occurrence whose event is missing", () => {
    const batch = testBatch(2);
    const found = work(occurrence());
    const missing = work(occurrence(), { index: 1 });
    const stored: StoredEvent = {
      projectId: 1,
      eventId: found.occ.eventId,
      timestamp: new Date("2026-11-27T09:00:00Z"),
      data: { type: "transaction" },
      receivedAt: new Date(),
    };
    const refused = lookUpEvents(batch, [found, missing], (k) =>
      k === `1:${found.occ.eventId}` ? stored : undefined,
    );
    expect([...refused]).toEqual([missing]);
    expect([found.event, found.eventTime, found.eventType]).toEqual([
      stored.data,
      stored.timestamp,
      "transaction",
    ]);
    expect(batch.results[1]).toMatchObject({ status: "invalid", error: { code: "EVENT_NOT_FOUND" } });
    expect(batch.results[0]).toBeNull();
  });
});
