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

  it("processes the messages of concurrent callers together, each caller getting its own outcomes", async () => {
    const batches: number[] = [];
    const gates: (() => void)[] = [];
    const producer = createOccurrenceProducer<string>({
      topic: "unused",
      logger: silentLogger,
      maxDirectBatches: 1,
      processor: {
        processIsolating: async (messages) => {
          batches.push(messages.length);
          await new Promise<void>((resolve) => gates.push(resolve));
          return messages.map((m) => (m as { value: string }).value);
        },
      },
    });
    const calls = [0, 1, 2, 3].map((n) =>
      producer.produceOccurrence({ occurrence: { ...occurrence, id: `${n}`.repeat(32) } }),
    );
    expect(batches).toEqual([1]);
    gates.shift()!();
    await expect(calls[0]).resolves.toMatchObject({ mode: "direct" });
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(batches).toEqual([1, 3]);
    gates.shift()!();
    const outcomes = (await Promise.all(calls)).map(
      (r) => (JSON.parse((r as { outcome: string }).outcome) as { id: string }).id,
    );
    expect(outcomes).toEqual(["0".repeat(32), "1".repeat(32), "2".repeat(32), "3".repeat(32)]);
  });

  it("rejects the callers of a batch that failed, and only those", async () => {
    let call = 0;
    const producer = createOccurrenceProducer<string>({
      topic: "unused",
      logger: silentLogger,
      processor: {
        processIsolating: async (messages) => {
          call += 1;
          if (call === 1) throw new Error("database is restarting");
          return messages.map(() => "stored");
        },
      },
    });
    const first = producer.produce([received]);
    await expect(first).rejects.toThrow("database is restarting");
    await expect(producer.produce([received])).resolves.toEqual([{ mode: "direct", outcome: "stored" }]);
    await producer.close();
    await expect(producer.produce([received])).rejects.toThrow("producer is closed");
  });

  it("requires Kafka or a processor", () => {
    expect(() => createOccurrenceProducer({ topic: "t", logger: silentLogger })).toThrow(
      "either kafka or a processor is required",
    );
  });
});
