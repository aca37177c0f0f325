import { describe, expect, it } from "vitest";
import { InvalidPayloadError, canonicalUuid, decodeMessage, groupTypes } from "@sift/schemas";
import {
  LOOKUP_EVENT_ID,
  MALFORMED_KINDS,
  MESSAGE_LIMIT,
  VALID_KINDS,
  generateCorpus,
  jsonDepth,
  nested,
} from "./corpus.js";
import type { CorpusEntry } from "./corpus.js";

const now = new Date("2026-11-27T12:00:00Z");
const corpus = generateCorpus({
  seed: 7,
  malformed: 2_100,
  valid: 700,
  projectId: 3,
  unknownProjectId: 999_999,
  now,
  keyPrefix: "t",
});
const bounds = { now, maxAgeSeconds: 90 * 86_400, maxFutureSeconds: 86_400 };

/** What the validator says about an entry: its error code, or "ok". */
function verdict(entry: CorpusEntry): string {
  try {
    decodeMessage(entry.value ?? Buffer.alloc(0), { types: groupTypes, bounds });
    return "ok";
  } catch (error) {
    if (error instanceof InvalidPayloadError) return error.code;
    throw error;
  }
}

const of = (kind: string) => corpus.filter((e) => e.kind === kind);
const text = (e: CorpusEntry) => e.value!.toString("utf8");
const parsed = (e: CorpusEntry) => JSON.parse(text(e)) as Record<string, unknown>;
// Codes that only the pipeline can tell (the message itself is well formed).
const PIPELINE_CODES = new Set(["PROJECT_NOT_FOUND", "EVENT_NOT_FOUND"]);

describe("the bad-input corpus", () => {
  it("has the malformed and valid entries asked for, every kind, and unique keys", () => {
    expect(corpus.filter((e) => !e.valid)).toHaveLength(2_100);
    expect(corpus.filter((e) => e.valid)).toHaveLength(700);
    for (const kind of [...MALFORMED_KINDS, ...VALID_KINDS]) expect(of(kind).length, kind).toBeGreaterThan(0);
    expect(new Set(corpus.map((e) => e.key)).size).toBe(corpus.length);
    const validIds = corpus.filter((e) => e.valid).map((e) => e.id);
    expect(new Set(validIds).size).toBe(validIds.length);
  });

  it("interleaves valid entries with malformed ones", () => {
    const firstHalf = corpus.slice(0, corpus.length / 2).filter((e) => e.valid).length;
    expect(firstHalf).toBeGreaterThan(300);
    expect(firstHalf).toBeLessThan(400);
  });

  it("is the same for the same seed and different for another", () => {
    const small = (seed: number) =>
      generateCorpus({
        seed,
        malformed: 50,
        valid: 10,
        projectId: 3,
        unknownProjectId: 999_999,
        now,
        keyPrefix: "t",
      })
        .map((e) => e.value?.toString("base64") ?? "null")
        .join(",");
    expect(small(7)).toBe(small(7));
    expect(small(8)).not.toBe(small(7));
  });

  it("every malformed entry is refused with the code it claims (or is left to the pipeline)", () => {
    for (const e of corpus.filter((x) => !x.valid)) {
      expect(e.codes.length, e.detail).toBeGreaterThan(0);
      const got = verdict(e);
      if (e.codes.every((c) => PIPELINE_CODES.has(c))) expect(got, `${e.kind}: ${e.detail}`).toBe("ok");
      else expect(e.codes, `${e.kind}: ${e.detail} gave ${got}`).toContain(got);
    }
  });

  it("every valid entry passes validation with the id it claims", () => {
    for (const e of corpus.filter((x) => x.valid)) {
      expect(verdict(e), `${e.kind}: ${e.detail}`).toBe("ok");
      expect(canonicalUuid(parsed(e).id)).toBe(e.id);
      expect(e.httpStatus).toBe(202);
    }
  });

  it("huge strings and oversized payloads are over 1 MB; their number is capped", () => {
    const big = corpus.filter((e) => (e.value?.length ?? 0) > MESSAGE_LIMIT);
    expect(big.length).toBeGreaterThan(0);
    expect(big.length).toBeLessThanOrEqual(24 + 1);
    for (const e of [...of("oversized"), ...of("huge-string")]) {
      if (e.codes.includes("MESSAGE_TOO_LARGE")) expect(e.value!.length).toBeGreaterThan(MESSAGE_LIMIT);
    }
    for (const e of of("huge-array")) {
      const m = parsed(e);
      const sizes = [(m.fingerprint as unknown[]).length, (m.evidence_display as unknown[]).length];
      expect(sizes[0]! > 100 || e.value!.length > MESSAGE_LIMIT, e.detail).toBe(true);
    }
  });

  it("deep nesting is deeper than 64 levels; the valid edge case is just under", () => {
    for (const e of of("deep-nesting")) expect(jsonDepth(JSON.parse(text(e)))).toBeGreaterThan(64);
    const under = of("large-valid").filter((e) => e.detail.includes("nested"));
    for (const e of under) expect(jsonDepth(parsed(e))).toBeLessThanOrEqual(64);
    expect(jsonDepth(nested(3))).toBe(3);
  });

  it("invalid UTF-8 entries are not UTF-8; lone surrogates are valid UTF-8 with a bad escape", () => {
    const strict = new TextDecoder("utf-8", { fatal: true });
    for (const e of of("invalid-utf8")) expect(() => strict.decode(e.value!)).toThrow();
    for (const e of of("lone-surrogate")) {
      expect(() => strict.decode(e.value!)).not.toThrow();
      expect(text(e)).toMatch(/\\ud[89ab][0-9a-f]{2}|\\ud[c-f][0-9a-f]{2}/);
    }
  });

  it("null-byte entries carry a NUL, escaped or raw", () => {
    for (const e of of("null-byte")) {
      const raw = e.value!.includes(0);
      expect(raw || text(e).includes("\\u0000"), e.detail).toBe(true);
    }
  });

  it("not-json entries do not parse; not-object entries parse to something other than an object", () => {
    for (const e of of("not-json")) expect(() => JSON.parse(text(e)) as unknown).toThrow();
    for (const e of of("not-object")) {
      if (e.value === null) continue;
      const value: unknown = JSON.parse(text(e));
      expect(value === null || typeof value !== "object" || Array.isArray(value)).toBe(true);
    }
    expect(of("not-object").some((e) => e.value === null)).toBe(true);
  });

  it("timestamps are in the future or before the retention window", () => {
    for (const e of of("future-timestamp")) expect(e.codes).toEqual(["TIMESTAMP_IN_FUTURE"]);
    for (const e of of("ancient-timestamp")) {
      const m = parsed(e);
      const t =
        typeof m.detection_time === "number"
          ? m.detection_time * 1000
          : Date.parse(m.detection_time as string);
      expect(now.getTime() - t).toBeGreaterThan(90 * 86_400_000);
    }
  });

  it("unknown-project and missing-event entries point at nothing that exists; the intake accepts the latter", () => {
    for (const e of of("unknown-project")) expect(parsed(e).project_id).toBe(999_999);
    for (const e of of("missing-event")) {
      expect(parsed(e).event_id).not.toBe(LOOKUP_EVENT_ID);
      expect(e.httpStatus).toBe(202);
    }
    for (const e of corpus.filter((x) => !x.valid && x.kind !== "missing-event"))
      expect(e.httpStatus).toBe(400);
  });

  it("extra fields are tolerated: those entries are valid and keep their unknown keys", () => {
    for (const e of of("extra-fields")) {
      expect(e.valid).toBe(true);
      expect(parsed(e)).toHaveProperty("unknown_top_level");
    }
  });
});
