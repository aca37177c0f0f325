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

/** Bytes or text → parsed JSON, refusing oversized, non-UTF-8, non-JSON and too-deep input. */
export function parseJsonPayload(raw: Buffer | Uint8Array | string): unknown {
  const size = typeof raw === "string" ? Buffer.byteLength(raw, "utf8") : raw.byteLength;
  if (size > MAX_MESSAGE_BYTES) {
    throw new InvalidPayloadError(
      "MESSAGE_TOO_LARGE",
      `Message is ${size} bytes; the limit is ${MAX_MESSAGE_BYTES}`,
    );
  }
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
  checkJsonValue(value);
  return value;
}

/** Dispatch a parsed payload on `payload_type` (default "occurrence") and validate it. */
export function decodePayload(value: unknown, options: DecodeOptions): DecodedMessage {
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

export function decodeMessage(raw: Buffer | Uint8Array | string, options: DecodeOptions): DecodedMessage {
  return decodePayload(parseJsonPayload(raw), options);
}
