import { describe, expect, it } from "vitest";
import { groupTypes, receiveMessage, silentLogger } from "@sift/schemas";
import type { ReceivedMessage } from "@sift/schemas";
import {
  buildOccurrencePayload,
  buildPayload,
  buildStatusChangePayload,
  createOccurrenceProducer,
  payloadKey,
} from "./index.js";

const occurrence = {
  id: "4f2c1a9e8b7d4c3fa1e2d3c4b5a69788",
  project_id: 7,
  event_id: "9a8b7c6d5e4f40318293a4b5c6d7e8f9",
  fingerprint: ["slow-db:/checkout", "other"],
  issue_title: "Slow DB Query",
  subtitle: "SELECT 1",
  type: 1001,
  detection_time: new Date("2026-11-27T11:30:00.250Z"),
  evidence_display: [],
};

describe("payloads", () => {
  it("serialise an occurrence with its event, unix-seconds time and the buffered-spans flag", () => {
    const payload = buildOccurrencePayload({
      occurrence,
      eventData: { event_id: "9a8b7c6d-5e4f-4031-8293-a4b5c6d7e8f9", project_id: 7 },
      isBufferedSpans: true,
    });
    expect(payload).toMatchObject({
      payload_type: "occurrence",
      detection_time: 1795779000.25,
      is_buffered_spans: true,
    });
    expect(payload.fingerprint).toEqual(["slow-db:/checkout", "other"]);
    expect(payloadKey(payload)).toBe("slow-db:/checkout-7");
  });

  it("refuse what the reference refuses, with its messages", () => {
    expect(() => buildOccurrencePayload({})).toThrow("occurrence must be provided");
    expect(() =>
      buildOccurrencePayload({ occurrence, eventData: { event_id: "00000000000000000000000000000001" } }),
    ).toThrow("Event id on occurrence and event_data must be the same");
    expect(() => buildStatusChangePayload(null)).toThrow("status_change must be provided");
    expect(() => buildPayload("merge", {})).toThrow("Unknown payload type: merge");
  });

  it("give every status change an id", () => {
    const payload = buildStatusChangePayload({ fingerprint: ["a"], project_id: 1, new_status: 1 });
    expect(payload).toMatchObject({ payload_type: "status_change", new_substatus: null });
    expect(payload.id).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("direct processing", () => {
  const received = receiveMessage(
    JSON.stringify({ ...occurrence, detection_time: 1795779000.25, evidence_display: [] }),
    {
      types: groupTypes,
      bounds: { now: new Date("2026-11-27T12:00:00Z"), maxAgeSeconds: 86_400, maxFutureSeconds: 60 },
    },
  );

  /** A direct-mode producer whose fake processor records what it is handed. */
  function directProducer() {
    const seen: ({ received: ReceivedMessage } | { value: string })[] = [];
    const producer = createOccurrenceProducer<string>({
      topic: "unused",
      logger: silentLogger,
      processor: {
        processIsolating: async (messages) => {
          seen.push(...messages);
          return messages.map((m) => ("received" in m ? `decoded:${m.received.message.id}` : "text"));
        },
      },
    });
    return { producer, seen };
  }

  it("hands received messages to the processor as they were decoded, and returns its outcomes", async () => {
    const { producer, seen } = directProducer();
    expect(producer.mode).toBe("direct");
    const results = await producer.produce([received]);
    expect(results).toEqual([{ mode: "direct", outcome: "decoded:4f2c1a9e8b7d4c3fa1e2d3c4b5a69788" }]);
    expect(seen).toEqual([{ received }]);
    expect((seen[0] as { received: unknown }).received).toBe(received);
  });

  it("hands a message built here to the processor as its JSON text", async () => {
    const { producer, seen } = directProducer();
    const result = await producer.produceOccurrence({ occurrence });
    expect(result).toEqual({ mode: "direct", outcome: "text" });
    const { value } = seen[0] as { value: string };
    expect(JSON.parse(value)).toMatchObject({ payload_type: "occurrence", project_id: 7 });
  });

  it("requires Kafka or a processor", () => {
    expect(() => createOccurrenceProducer({ topic: "t", logger: silentLogger })).toThrow(
      "either kafka or a processor is required",
    );
  });
});
