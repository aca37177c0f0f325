import { InvalidPayloadError } from "./errors.js";
import { decodeOccurrence } from "./occurrence.js";
import type { DecodeOptions, Occurrence } from "./occurrence.js";
import { decodeStatusChange } from "./status-change.js";
import type { StatusChange } from "./status-change.js";

/** Kafka's default message.max.bytes: larger payloads are refused. */
export const MAX_MESSAGE_BYTES = 1_048_576;
/** Deeper JSON is refused before it reaches Postgres (whose jsonb has a stack limit). */
export const MAX_JSON_DEPTH = 64;

export type DecodedMessage = Occurrence | StatusChange;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Walk a parsed JSON value: refuse depth beyond the limit, NUL characters and lone surrogates. */
function checkJsonValue(root: unknown): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      checkString(value, path);
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_JSON_DEPTH) {
      throw new InvalidPayloadError(
        "PAYLOAD_TOO_DEEP",
        `JSON nesting deeper than ${MAX_JSON_DEPTH} levels`,
        path,
      );
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) =>
        stack.push({ value: item, path: path ? `${path}.${i}` : String(i), depth: depth + 1 }),
      );
    } else {
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const childPath = path ? `${path}.${key}` : key;
        checkString(key, childPath);
        stack.push({ value: item, path: childPath, depth: depth + 1 });
      }
    }
  }
}

/**
 * Whether the JSON text can hold nothing `checkJsonValue` refuses, from the text alone: it is well formed
 * UTF-16, escapes no NUL and no surrogate (a raw NUL is not JSON, so one can only come from `\\u0000`),
 * and has fewer opening brackets than the depth limit. Conservative: a text that fails is walked.
 */
function plainlyValid(text: string): boolean {
  if (!text.isWellFormed() || ESCAPED_NUL_OR_SURROGATE.test(text)) return false;
  let openers = 0;
  for (const bracket of ["{", "["]) {
    for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) {
      if (++openers >= MAX_JSON_DEPTH) return false;
    }
  }
  return true;
}

const ESCAPED_NUL_OR_SURROGATE = /\\u(?:0000|[dD][89a-fA-F])/;

function checkString(value: string, path: string): void {
  if (value.includes("\u0000")) {
    throw new InvalidPayloadError("INVALID_FIELD", `Invalid field "${path}": contains a NUL character`, path);
  }
  if (!value.isWellFormed()) {
    throw new InvalidPayloadError(
      "INVALID_ENCODING",
      `Invalid field "${path}": contains a lone UTF-16 surrogate`,
      path,
    );
  }
}

function checkSize(text: string | Buffer | Uint8Array): void {
  const size = typeof text === "string" ? Buffer.byteLength(text, "utf8") : text.byteLength;
  if (size > MAX_MESSAGE_BYTES) {
    throw new InvalidPayloadError(
      "MESSAGE_TOO_LARGE",
      `Message is ${size} bytes; the limit is ${MAX_MESSAGE_BYTES}`,
    );
  }
}

/** Bytes or text → parsed JSON, refusing oversized, non-UTF-8, non-JSON and too-deep input. */
function parseJson(raw: Buffer | Uint8Array | string): { text: string; value: unknown } {
  checkSize(raw);
  let text: string;
  if (typeof raw === "string") {
    text = raw;
  } else {
    try {
      text = utf8.decode(raw);
    } catch {
      throw new InvalidPayloadError("INVALID_ENCODING", "Message is not valid UTF-8");
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidPayloadError("INVALID_JSON", `Message is not valid JSON: ${(error as Error).message}`);
  }
  if (!plainlyValid(text)) checkJsonValue(value);
  return { text, value };
}

/** Dispatch a parsed payload on `payload_type` (default "occurrence") and validate it. */
function decodePayload(value: unknown, options: DecodeOptions): DecodedMessage {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InvalidPayloadError("INVALID_FIELD", "Message must be a JSON object");
  }
  const payloadType = (value as Record<string, unknown>).payload_type ?? "occurrence";
  if (payloadType === "occurrence") return decodeOccurrence(value, options);
  if (payloadType === "status_change") return decodeStatusChange(value);
  throw new InvalidPayloadError(
    "INVALID_PAYLOAD_TYPE",
    `Unknown payload_type ${JSON.stringify(payloadType)}; expected "occurrence" or "status_change"`,
    "payload_type",
  );
}

/**
 * A message decoded once, with the text it arrived as: a producer sends `text` to Kafka unchanged, and
 * the direct path processes `message` without decoding it again.
 */
export interface ReceivedMessage {
  text: string;
  message: DecodedMessage;
}

/** Bytes or text → a validated message and its text (the one decode of a message's way in). */
export function receiveMessage(raw: Buffer | Uint8Array | string, options: DecodeOptions): ReceivedMessage {
  const { text, value } = parseJson(raw);
  return { text, message: decodePayload(value, options) };
}

/**
 * For a caller that has parsed `text` into `value` already (one JSON document holding several messages):
 * the same checks and validation as `receiveMessage`, without parsing again.
 */
export function receiveParsedMessage(text: string, value: unknown, options: DecodeOptions): ReceivedMessage {
  checkSize(text);
  if (!plainlyValid(text)) checkJsonValue(value);
  return { text, message: decodePayload(value, options) };
}

export function decodeMessage(raw: Buffer | Uint8Array | string, options: DecodeOptions): DecodedMessage {
  return receiveMessage(raw, options).message;
}
