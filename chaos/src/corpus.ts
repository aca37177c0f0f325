import { loadFixture, loadFixtureText } from "@sift/testkit";
import type { SiftErrorCode } from "@sift/schemas";
import { between, pick, rng, uuidHex } from "@sift/testkit";

/**
 * The bad-input corpus: the wire-format fixtures (`packages/testkit/fixtures`), made fresh (new ids, the
 * scenario's project, times near now) and then mutated. Every entry says what Sift must do with it: a
 * valid one is processed, a malformed one is dead-lettered with one of `codes` (and answered 400 by the
 * HTTP intake).
 */

/** Mutations that make a message invalid. */
export const MALFORMED_KINDS = [
  "wrong-type",
  "missing-field",
  "extra-items",
  "huge-string",
  "huge-array",
  "oversized",
  "deep-nesting",
  "invalid-utf8",
  "lone-surrogate",
  "not-json",
  "not-object",
  "null-byte",
  "number-out-of-range",
  "future-timestamp",
  "ancient-timestamp",
  "bad-uuid",
  "bad-enum",
  "inconsistent",
  "unknown-project",
  "missing-event",
  "invalid-fixture",
] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

/** Valid messages, some of them at the edges of what is allowed. */
export const VALID_KINDS = [
  "valid",
  "extra-fields",
  "uuid-forms",
  "time-forms",
  "unicode",
  "large-valid",
  "status-change",
] as const;
export type ValidKind = (typeof VALID_KINDS)[number];

export interface CorpusEntry {
  index: number;
  /** Kafka key: identifies the entry in the dead-letter topic. */
  key: string;
  kind: MalformedKind | ValidKind;
  /** What the mutation did, for reports. */
  detail: string;
  /** The bytes sent (Kafka value, HTTP body); null is a Kafka tombstone / an empty HTTP body. */
  value: Buffer | null;
  valid: boolean;
  /** Canonical id when the message carries a well-formed one (always for valid entries). */
  id: string | null;
  payloadType: "occurrence" | "status_change";
  /** The dead-letter codes that are right for a malformed entry (empty for valid ones). */
  codes: readonly SiftErrorCode[];
  /** The intake's answer: 202 (accepted, validated later or valid) or 400. */
  httpStatus: 202 | 400;
  /**
   * The codes right for the intake's 400 (as `codes`, except where HTTP reads the body differently: a
   * top-level array there is a batch of messages).
   */
  httpCodes: readonly SiftErrorCode[];
}

export interface CorpusOptions {
  seed: number;
  /** Malformed entries to generate (the corpus has at least this many). */
  malformed: number;
  /** Valid entries interleaved with them. */
  valid: number;
  projectId: number;
  /** A project id that does not exist. */
  unknownProjectId: number;
  now: Date;
  /** Prefix of every entry's Kafka key. */
  keyPrefix: string;
  /** At most this many entries of 1 MB and more (they are slow to move around). */
  maxOversized?: number;
}

/** The event the lookup fixture refers to: the scenario stores it before sending the corpus. */
export const LOOKUP_EVENT_ID = "b6e6e7d9e58240fd81015666e96eb038";

/** The intake's message size limit (`MAX_MESSAGE_BYTES` of @sift/schemas, Kafka's default). */
export const MESSAGE_LIMIT = 1_048_576;
const DEPTH_LIMIT = 64;

type Json = Record<string, unknown>;

interface Mutated {
  /** A JSON value (serialised here), raw text, raw bytes, or null for a tombstone. */
  value: unknown;
  raw?: "text" | "bytes" | "null";
  detail: string;
  codes: SiftErrorCode[];
  /** The intake's status when it differs from 400. */
  httpStatus?: 202 | 400;
  httpCodes?: SiftErrorCode[];
  payloadType?: "occurrence" | "status_change";
}

const OCCURRENCE_FIXTURES = [
  "valid/occurrence-inline-event.json",
  "valid/occurrence-buffered-spans.json",
  "valid/occurrence-lookup-event.json",
] as const;
const STATUS_CHANGE_FIXTURES = [
  "valid/status-change-resolve.json",
  "valid/status-change-archive-forever.json",
] as const;

const clone = <T>(value: T): T => structuredClone(value);

/** Nested objects `depth` levels deep (the leaf counts as one level). */
export function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { d: value };
  return value;
}

/** Nesting depth of a JSON value as the validator counts it (objects and arrays). */
export function jsonDepth(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    max = Math.max(max, depth + 1);
    for (const item of Object.values(value as Json)) stack.push([item, depth + 1]);
  }
  return max;
}

export function generateCorpus(options: CorpusOptions): CorpusEntry[] {
  const random = rng(options.seed);
  const now = options.now.getTime();
  const maxOversized = options.maxOversized ?? 24;
  const P = options.projectId;
  const recentSeconds = () => (now - between(random, 10, 3_000) * 1000) / 1000;

  let fingerprintRound = 0;
  /** Cleared once `maxOversized` entries of 1 MB and more exist. */
  let oversizedAllowed = true;
  /** A fresh valid occurrence from one of the fixtures. */
  const occurrence = (fixture = pick(random, OCCURRENCE_FIXTURES)): Json => {
    const m = clone(loadFixture(fixture)) as Json;
    m.id = uuidHex(random);
    m.project_id = P;
    m.detection_time = recentSeconds();
    m.fingerprint = [`${(m.fingerprint as string[])[0]}#${fingerprintRound++ % 40}`];
    const event = m.event as Json | undefined;
    if (event) {
      const eventId = uuidHex(random);
      m.event_id = eventId;
      event.event_id = eventId;
      event.project_id = P;
      event.timestamp = (m.detection_time as number) - 1;
      event.received = new Date(now).toISOString();
    } else {
      m.event_id = LOOKUP_EVENT_ID;
    }
    return m;
  };
  const withEvent = (): Json => occurrence(pick(random, [OCCURRENCE_FIXTURES[0], OCCURRENCE_FIXTURES[1]]));
  const statusChange = (): Json => {
    const m = clone(loadFixture(pick(random, STATUS_CHANGE_FIXTURES))) as Json;
    m.id = uuidHex(random);
    m.project_id = P;
    m.fingerprint = [`${(m.fingerprint as string[])[0]}#${between(random, 0, 39)}`];
    return m;
  };
  const json = (value: unknown) => JSON.stringify(value);
  /** Serialise with a placeholder string replaced by raw JSON text (numbers JSON.stringify cannot write). */
  const withRaw = (m: Json, field: string, rawText: string): string => {
    const marker = `__raw_${uuidHex(random)}__`;
    m[field] = marker;
    return json(m).replace(`"${marker}"`, rawText);
  };
  /** Serialise with raw bytes put inside the issue_title string. */
  const withBytesInTitle = (m: Json, bytes: number[]): Buffer => {
    const marker = `__bytes_${uuidHex(random)}__`;
    m.issue_title = `before ${marker} after`;
    const [head, tail] = json(m).split(marker) as [string, string];
    return Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]);
  };
  const bigString = (bytes: number) => "x".repeat(bytes);

  const mutations: Record<MalformedKind, () => Mutated> = {
    "wrong-type": () => {
      const m = withEvent();
      const field = pick(random, [
        ["id", 42],
        ["project_id", String(P)],
        ["fingerprint", "not-an-array"],
        ["fingerprint", [1, 2, 3]],
        ["issue_title", 123],
        ["subtitle", null],
        ["type", "1006"],
        ["detection_time", true],
        ["level", 5],
        ["evidence_display", { name: "x" }],
        ["evidence_data", "text"],
        ["event", "text"],
        ["event", [1, 2]],
        ["culprit", ["a"]],
        ["event_id", 12345],
        ["resource_id", { a: 1 }],
      ] as const);
      m[field[0]] = clone(field[1]);
      if (field[0] === "event_id") delete m.event;
      return { value: m, detail: `${field[0]}: ${json(field[1])}`, codes: ["INVALID_FIELD"] };
    },
    "missing-field": () => {
      const m = withEvent();
      const field = pick(random, [
        "id",
        "project_id",
        "fingerprint",
        "issue_title",
        "subtitle",
        "type",
        "detection_time",
        "event_id+event",
        "event.platform",
        "status_change.new_status",
      ]);
      if (field === "event_id+event") {
        delete m.event_id;
        delete m.event;
        return { value: m, detail: "no event_id and no event", codes: ["MISSING_EVENT_ID"] };
      }
      if (field === "event.platform") {
        delete (m.event as Json).platform;
        return { value: m, detail: "event without platform", codes: ["INVALID_EVENT"] };
      }
      if (field === "status_change.new_status") {
        const s = statusChange();
        delete s.new_status;
        return {
          value: s,
          detail: "status change without new_status",
          codes: ["MISSING_FIELD"],
          payloadType: "status_change",
        };
      }
      delete m[field];
      return { value: m, detail: `no ${field}`, codes: ["MISSING_FIELD"] };
    },
    "extra-items": () => {
      const m = withEvent();
      const which = between(random, 0, 2);
      if (which === 0) {
        (m.fingerprint as unknown[]).push(between(random, 0, 1000));
        return { value: m, detail: "a number among the fingerprint strings", codes: ["INVALID_FIELD"] };
      }
      if (which === 1) {
        (m.evidence_display as unknown[]).push("loose text");
        return { value: m, detail: "a string among evidence_display objects", codes: ["INVALID_FIELD"] };
      }
      (m.evidence_display as unknown[]).push({ name: "half an item" });
      return { value: m, detail: "an evidence_display item without value", codes: ["MISSING_FIELD"] };
    },
    "huge-string": () => {
      const m = withEvent();
      const field = pick(random, ["issue_title", "subtitle", "culprit", "id"]);
      const size = between(random, MESSAGE_LIMIT + 1, 2 * MESSAGE_LIMIT);
      m[field] = bigString(size);
      return { value: m, detail: `${field} of ${size} characters`, codes: ["MESSAGE_TOO_LARGE"] };
    },
    "huge-array": () => {
      const m = withEvent();
      if (!oversizedAllowed || random() < 0.7) {
        const n = between(random, 101, 5_000);
        m.fingerprint = Array.from({ length: n }, (_, i) => `fp-${i}`);
        return { value: m, detail: `fingerprint of ${n} elements (at most 100)`, codes: ["INVALID_FIELD"] };
      }
      const n = between(random, 30_000, 40_000);
      m.evidence_display = Array.from({ length: n }, (_, i) => ({
        name: `n${i}`,
        value: "v",
        important: false,
      }));
      return { value: m, detail: `evidence_display of ${n} items (over 1 MB)`, codes: ["MESSAGE_TOO_LARGE"] };
    },
    oversized: () => {
      const m = withEvent();
      const size = between(random, MESSAGE_LIMIT + 1, Math.floor(1.8 * MESSAGE_LIMIT));
      m.evidence_data = { blob: bigString(size) };
      return { value: m, detail: `evidence_data of ${size} bytes`, codes: ["MESSAGE_TOO_LARGE"] };
    },
    "deep-nesting": () => {
      const depth = pick(random, [DEPTH_LIMIT + 1, 100, 1_000, 10_000, 50_000]);
      if (random() < 0.3) {
        const text = "[".repeat(depth) + "]".repeat(depth);
        return {
          value: text,
          raw: "text",
          detail: `bare arrays ${depth} deep`,
          codes: ["PAYLOAD_TOO_DEEP"],
          // The intake reads the outer array as a batch: its one message is an array one level less deep.
          httpCodes: depth - 1 > DEPTH_LIMIT ? ["PAYLOAD_TOO_DEEP"] : ["INVALID_FIELD"],
        };
      }
      // Built as text: JSON.stringify is recursive and gives up long before JSON.parse does.
      const text = withRaw(
        withEvent(),
        "evidence_data",
        '{"d":'.repeat(depth - 1) + '"leaf"' + "}".repeat(depth - 1),
      );
      return {
        value: text,
        raw: "text",
        detail: `evidence_data nested ${depth} deep`,
        codes: ["PAYLOAD_TOO_DEEP"],
      };
    },
    "invalid-utf8": () => {
      const [name, bytes] = pick(random, [
        ["lone continuation byte", [0x80]],
        ["0xFF", [0xff]],
        ["truncated 2-byte sequence", [0xc3, 0x28]],
        ["overlong slash", [0xc0, 0xaf]],
        ["UTF-8-encoded surrogate", [0xed, 0xa0, 0x80]],
        ["truncated 4-byte sequence", [0xf0, 0x9f, 0x98]],
      ] as const);
      return {
        value: withBytesInTitle(withEvent(), [...bytes]),
        raw: "bytes",
        detail: `issue_title with ${name}`,
        codes: ["INVALID_ENCODING"],
      };
    },
    "lone-surrogate": () => {
      const m = withEvent();
      const inKey = random() < 0.3;
      const marker = `__s_${uuidHex(random)}__`;
      if (inKey) (m.evidence_data as Json)[marker] = 1;
      else m.subtitle = marker;
      const text = json(m).replace(marker, pick(random, ["\\ud800", "x\\udfff", "\\udbff!"]));
      return {
        value: text,
        raw: "text",
        detail: `lone UTF-16 surrogate escape in ${inKey ? "a key" : "subtitle"}`,
        codes: ["INVALID_ENCODING"],
      };
    },
    "not-json": () => {
      const full = json(withEvent());
      const variant = between(random, 0, 7);
      const [text, detail] = (
        [
          [full.slice(0, between(random, 1, full.length - 1)), "truncated JSON"],
          [loadFixtureText("invalid/not-json.txt"), "the not-json fixture"],
          [full.replaceAll('"', "'"), "single-quoted JSON"],
          [full.replace(/}$/, ",}"), "trailing comma"],
          [full.replace(/"type":\d+/, '"type":NaN'), "NaN literal"],
          ["", "empty value"],
          ["   \n\t ", "only whitespace"],
          [
            Array.from({ length: 64 }, () => String.fromCharCode(between(random, 33, 126))).join(""),
            "garbage",
          ],
        ] as const
      )[variant]!;
      return { value: text, raw: "text", detail, codes: ["INVALID_JSON"] };
    },
    "not-object": () => {
      const [text, detail] = pick(random, [
        ["null", "JSON null"],
        ["42", "a number"],
        ['"an occurrence"', "a string"],
        ["true", "a boolean"],
        ["[1, 2, 3]", "an array of numbers"],
      ] as const);
      if (random() < 0.15)
        return { value: null, raw: "null", detail: "tombstone (no value)", codes: ["INVALID_JSON"] };
      return { value: text, raw: "text", detail, codes: ["INVALID_FIELD"] };
    },
    "null-byte": () => {
      const m = withEvent();
      const variant = between(random, 0, 3);
      if (variant === 0) {
        m.issue_title = "N+1\u0000Query";
        return { value: m, detail: "escaped NUL in issue_title", codes: ["INVALID_FIELD"] };
      }
      if (variant === 1) {
        (m.event as Json).tags = { "server\u0000name": "web" };
        return { value: m, detail: "escaped NUL in an event tag key", codes: ["INVALID_FIELD"] };
      }
      if (variant === 2) {
        return {
          value: withBytesInTitle(m, [0x00]),
          raw: "bytes",
          detail: "raw NUL byte inside a string",
          codes: ["INVALID_JSON"],
        };
      }
      return {
        value: Buffer.concat([Buffer.from(json(m)), Buffer.from([0x00])]),
        raw: "bytes",
        detail: "raw NUL byte after the object",
        codes: ["INVALID_JSON"],
      };
    },
    "number-out-of-range": () => {
      const m = withEvent();
      const [field, rawText, codes] = pick(random, [
        ["project_id", "0", ["INVALID_FIELD"]],
        ["project_id", "-1", ["INVALID_FIELD"]],
        ["project_id", "9007199254740993", ["INVALID_FIELD"]],
        ["project_id", "1e309", ["INVALID_FIELD"]],
        ["project_id", "1.5", ["INVALID_FIELD"]],
        ["type", "1e20", ["INVALID_FIELD"]],
        ["type", "-1006", ["UNKNOWN_GROUP_TYPE"]],
        ["type", "2147483648", ["UNKNOWN_GROUP_TYPE"]],
        ["priority", "99", ["INVALID_PRIORITY"]],
        ["initial_issue_priority", "-25", ["INVALID_PRIORITY"]],
        ["detection_time", "1e15", ["INVALID_DETECTION_TIME"]],
        ["detection_time", "-1e12", ["INVALID_DETECTION_TIME"]],
        ["detection_time", "1e400", ["INVALID_FIELD"]],
      ] as const);
      return {
        value: withRaw(m, field, rawText),
        raw: "text",
        detail: `${field}: ${rawText}`,
        codes: [...codes],
      };
    },
    "future-timestamp": () => {
      const m = withEvent();
      const ahead = pick(random, [2 * 86_400, 30 * 86_400, 5 * 365 * 86_400, 500 * 365 * 86_400]);
      const t = now / 1000 + ahead;
      if (random() < 0.5) {
        m.detection_time = random() < 0.5 ? t : new Date(t * 1000).toISOString();
        return { value: m, detail: `detection_time ${ahead} s ahead`, codes: ["TIMESTAMP_IN_FUTURE"] };
      }
      (m.event as Json).timestamp = t;
      return { value: m, detail: `event.timestamp ${ahead} s ahead`, codes: ["TIMESTAMP_IN_FUTURE"] };
    },
    "ancient-timestamp": () => {
      const m = withEvent();
      const [value, detail, codes] = pick(random, [
        [now / 1000 - 91 * 86_400, "91 days ago", ["TIMESTAMP_TOO_OLD"]],
        [now / 1000 - 20 * 365 * 86_400, "20 years ago", ["TIMESTAMP_TOO_OLD"]],
        ["1971-01-01T00:00:00Z", "1971", ["TIMESTAMP_TOO_OLD"]],
        [0, "the epoch", ["TIMESTAMP_TOO_OLD"]],
        [-86_400, "1969", ["INVALID_DETECTION_TIME"]],
        ["0001-01-01T00:00:00Z", "year 1", ["INVALID_DETECTION_TIME"]],
      ] as const);
      m.detection_time = value;
      return { value: m, detail: `detection_time ${detail}`, codes: [...codes] };
    },
    "bad-uuid": () => {
      const which = between(random, 0, 3);
      if (which === 3) {
        const s = statusChange();
        s.id = "status-change-1";
        return {
          value: s,
          detail: "status change id not a UUID",
          codes: ["INVALID_UUID"],
          payloadType: "status_change",
        };
      }
      const m = withEvent();
      const bad = pick(random, [
        "not-a-uuid",
        uuidHex(random).slice(1),
        `${uuidHex(random)}0`,
        "g".repeat(32),
      ]);
      if (which === 0) m.id = bad;
      else if (which === 1) {
        m.event_id = bad;
        delete m.event;
      } else (m.event as Json).event_id = bad;
      return {
        value: m,
        detail: `${["id", "event_id", "event.event_id"][which]} = ${bad}`,
        codes: ["INVALID_UUID"],
      };
    },
    "bad-enum": () => {
      const m = withEvent();
      const which = between(random, 0, 3);
      if (which === 0) {
        m.type = pick(random, [300, 999, 8001]);
        return { value: m, detail: `type ${m.type as number}`, codes: ["UNKNOWN_GROUP_TYPE"] };
      }
      if (which === 1) {
        m.level = pick(random, ["critical", "ERROR", "verbose"]);
        return { value: m, detail: `level ${m.level as string}`, codes: ["INVALID_LEVEL"] };
      }
      if (which === 2) {
        m.payload_type = pick(random, ["bogus", "Occurrence", 7]);
        return { value: m, detail: `payload_type ${json(m.payload_type)}`, codes: ["INVALID_PAYLOAD_TYPE"] };
      }
      const s = statusChange();
      s.new_status = pick(random, [7, 99, -1]);
      return {
        value: s,
        detail: `status change new_status ${s.new_status as number}`,
        codes: ["INVALID_FIELD"],
        payloadType: "status_change",
      };
    },
    inconsistent: () => {
      const m = withEvent();
      if (random() < 0.5) {
        (m.event as Json).project_id = P + 1;
        return { value: m, detail: "event.project_id differs from project_id", codes: ["PROJECT_MISMATCH"] };
      }
      (m.event as Json).event_id = uuidHex(random);
      return { value: m, detail: "event.event_id differs from event_id", codes: ["EVENT_ID_MISMATCH"] };
    },
    "unknown-project": () => {
      const m = withEvent();
      m.project_id = options.unknownProjectId;
      (m.event as Json).project_id = options.unknownProjectId;
      return {
        value: m,
        detail: `project ${options.unknownProjectId} does not exist`,
        codes: ["PROJECT_NOT_FOUND"],
      };
    },
    "missing-event": () => {
      const m = occurrence(OCCURRENCE_FIXTURES[2]);
      m.event_id = uuidHex(random);
      // Valid at the edge: only the pipeline knows that no such event is stored.
      return {
        value: m,
        detail: "lookup of an event that is not stored",
        codes: ["EVENT_NOT_FOUND"],
        httpStatus: 202,
      };
    },
    "invalid-fixture": () => {
      const [file, codes] = pick(random, [
        ["invalid/bad-uuid.json", ["INVALID_UUID"]],
        ["invalid/no-event-id.json", ["MISSING_EVENT_ID"]],
        ["invalid/project-mismatch.json", ["PROJECT_MISMATCH"]],
        ["invalid/unknown-type.json", ["UNKNOWN_GROUP_TYPE"]],
      ] as const);
      const m = clone(loadFixture(file)) as Json;
      if (file !== "invalid/bad-uuid.json") m.id = uuidHex(random);
      m.project_id = P;
      m.detection_time = recentSeconds();
      const event = m.event as Json | undefined;
      if (event) {
        event.project_id = P + 1;
        event.timestamp = m.detection_time;
      }
      return { value: m, detail: file, codes: [...codes] };
    },
  };

  const validMakers: Record<ValidKind, () => { value: Json | string; detail: string; id: string }> = {
    valid: () => {
      const m = occurrence();
      return { value: m, detail: "a fixture with fresh ids", id: m.id as string };
    },
    "status-change": () => {
      const s = statusChange();
      return { value: s, detail: "a status-change fixture with a fresh id", id: s.id as string };
    },
    "extra-fields": () => {
      const m = withEvent();
      m.unknown_top_level = { nested: [1, 2, 3] };
      m.schema_version = 2;
      (m.event as Json).sdk_extra = "tolerated";
      (m.evidence_display as Json[]).forEach((item) => (item.extra = true));
      return {
        value: m,
        detail: "unknown keys at the top, in the event and in evidence items",
        id: m.id as string,
      };
    },
    "uuid-forms": () => {
      const m = withEvent();
      const id = m.id as string;
      const hyphenated = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
      const form = pick(random, [
        hyphenated,
        hyphenated.toUpperCase(),
        `{${hyphenated}}`,
        `urn:uuid:${hyphenated}`,
      ]);
      m.id = form;
      return { value: m, detail: `id written as ${form}`, id };
    },
    "time-forms": () => {
      const m = withEvent();
      const t = m.detection_time as number;
      const iso = new Date(t * 1000).toISOString();
      const [value, detail] = pick(random, [
        [String(t), "unix seconds as a string"],
        [iso, "ISO 8601 UTC"],
        [iso.replace("Z", "+00:00"), "ISO 8601 with +00:00"],
        [new Date(t * 1000 + 5.5 * 3_600_000).toISOString().replace("Z", "+05:30"), "ISO 8601 with +05:30"],
      ] as const);
      m.detection_time = value;
      return { value: m, detail: `detection_time as ${detail}`, id: m.id as string };
    },
    unicode: () => {
      const m = withEvent();
      m.issue_title = pick(random, [
        "Ошибка 💥 в заказе",
        "注文の N+1 クエリ",
        "مشكلة في الطلب",
        "e\u0301\u0301 combining",
      ]);
      m.culprit = "/api/ünïcödé/🚀";
      (m.event as Json).tags = { région: "Île-de-France", emoji: "🔥" };
      return { value: m, detail: `non-ASCII text (${m.issue_title as string})`, id: m.id as string };
    },
    "large-valid": () => {
      const m = withEvent();
      const variant = between(random, 0, 4);
      let detail: string;
      if (variant === 0) {
        m.fingerprint = Array.from({ length: 100 }, (_, i) => `edge-fp-${uuidHex(random)}-${i}`);
        detail = "fingerprint of exactly 100 elements";
      } else if (variant === 1) {
        m.evidence_data = nested(DEPTH_LIMIT - 2);
        detail = `evidence_data nested ${DEPTH_LIMIT - 2} deep (under the limit)`;
      } else if (variant === 2) {
        m.issue_title = bigString(300_000);
        m.culprit = bigString(200_000);
        detail = "issue_title of 300 kB and culprit of 200 kB";
      } else if (variant === 3) {
        const event = m.event as Json;
        event.user = { id: bigString(100_000) };
        event.environment = bigString(50_000);
        event.release = bigString(50_000);
        detail = "user id of 100 kB, environment and release of 50 kB";
      } else {
        m.evidence_display = Array.from({ length: 5_000 }, (_, i) => ({
          name: `n${i}`,
          value: "v",
          important: i === 0,
        }));
        detail = "evidence_display of 5,000 items";
      }
      return { value: m, detail, id: m.id as string };
    },
  };

  const entries: CorpusEntry[] = [];
  const push = (entry: Omit<CorpusEntry, "index" | "key">) => {
    const index = entries.length;
    entries.push({ ...entry, index, key: `${options.keyPrefix}-${index}` });
  };
  const toBuffer = (m: Mutated): Buffer | null => {
    if (m.raw === "null") return null;
    if (m.raw === "bytes") return m.value as Buffer;
    if (m.raw === "text") return Buffer.from(m.value as string, "utf8");
    return Buffer.from(json(m.value), "utf8");
  };
  const wellFormedId = (m: Mutated): string | null => {
    if (m.raw || typeof m.value !== "object" || m.value === null) return null;
    const id = (m.value as Json).id;
    return typeof id === "string" && /^[0-9a-f]{32}$/.test(id) ? id : null;
  };

  // Interleave: the malformed kinds round-robin (oversized ones capped), valid ones spread evenly.
  const total = options.malformed + options.valid;
  let malformedMade = 0;
  let validMade = 0;
  let oversized = 0;
  let kindCursor = 0;
  let validCursor = 0;
  for (let i = 0; i < total; i++) {
    const wantValid =
      validMade < options.valid && (validMade + 1) * total <= (i + 1) * options.valid + total / 2;
    if (wantValid || malformedMade >= options.malformed) {
      const kind = VALID_KINDS[validCursor++ % VALID_KINDS.length]!;
      const made = validMakers[kind]();
      validMade++;
      push({
        kind,
        detail: made.detail,
        value: Buffer.from(typeof made.value === "string" ? made.value : json(made.value), "utf8"),
        valid: true,
        id: made.id,
        payloadType: kind === "status-change" ? "status_change" : "occurrence",
        codes: [],
        httpStatus: 202,
        httpCodes: [],
      });
      continue;
    }
    let kind = MALFORMED_KINDS[kindCursor++ % MALFORMED_KINDS.length]!;
    oversizedAllowed = oversized < maxOversized;
    if (!oversizedAllowed && (kind === "oversized" || kind === "huge-string")) kind = "wrong-type";
    const m = mutations[kind]();
    const value = toBuffer(m);
    if ((value?.length ?? 0) > MESSAGE_LIMIT) oversized++;
    malformedMade++;
    push({
      kind,
      detail: m.detail,
      value,
      valid: false,
      id: wellFormedId(m),
      payloadType: m.payloadType ?? "occurrence",
      codes: m.codes,
      httpStatus: m.httpStatus ?? 400,
      httpCodes: m.httpCodes ?? m.codes,
    });
  }
  return entries;
}

/** How many entries of each kind. */
export function summarizeCorpus(entries: readonly CorpusEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of entries) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return counts;
}
