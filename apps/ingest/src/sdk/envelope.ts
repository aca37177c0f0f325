import { SdkRequestError } from "./errors.js";

/** One item of an envelope: its header (`type`, `length`, …) and its payload bytes. */
export interface EnvelopeItem {
  type: string;
  headers: Record<string, unknown>;
  payload: Buffer;
}

export interface Envelope {
  headers: Record<string, unknown>;
  items: EnvelopeItem[];
}

const NEWLINE = 0x0a;
const invalid = (detail: string) => new SdkRequestError(400, `invalid envelope: ${detail}`);

function jsonLine(bytes: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw invalid(`the ${what} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalid(`the ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** The end of the line starting at `from` (the index of its `\n`, or the buffer's length). */
function lineEnd(data: Buffer, from: number): number {
  const at = data.indexOf(NEWLINE, from);
  return at === -1 ? data.length : at;
}

/**
 * Parses an envelope: a JSON header line, then items, each a JSON header line and a payload of
 * `length` bytes (then `\n` or the end) or, without `length`, up to the next `\n`. Throws 400 with the
 * reason for anything malformed.
 */
export function parseEnvelope(data: Buffer): Envelope {
  if (data.length === 0) throw invalid("the body is empty");
  let pos = lineEnd(data, 0);
  const headers = jsonLine(data.subarray(0, pos), "envelope header");
  const items: EnvelopeItem[] = [];
  pos += 1;
  while (pos < data.length) {
    const end = lineEnd(data, pos);
    const line = data.subarray(pos, end);
    if (line.length === 0 || (line.length === 1 && line[0] === 0x0d)) {
      pos = end + 1; // blank lines between items (and a trailing one) carry nothing
      continue;
    }
    const itemHeaders = jsonLine(line, `header of item ${items.length + 1}`);
    const type = itemHeaders.type;
    if (typeof type !== "string" || type === "")
      throw invalid(`item ${items.length + 1} has no type in its header`);
    pos = end + 1;
    let payload: Buffer;
    const length = itemHeaders.length;
    if (length !== undefined && length !== null) {
      if (typeof length !== "number" || !Number.isSafeInteger(length) || length < 0)
        throw invalid(`item ${items.length + 1} has an invalid length`);
      if (pos + length > data.length)
        throw invalid(`item ${items.length + 1} (${type}) is shorter than its length of ${length} bytes`);
      payload = data.subarray(pos, pos + length);
      pos += length;
      if (pos < data.length && data[pos] !== NEWLINE)
        throw invalid(`item ${items.length + 1} (${type}) is longer than its length of ${length} bytes`);
      pos += 1;
    } else {
      const payloadEnd = pos >= data.length ? data.length : lineEnd(data, pos);
      payload = data.subarray(Math.min(pos, data.length), payloadEnd);
      pos = payloadEnd + 1;
    }
    items.push({ type, headers: itemHeaders, payload });
  }
  return { headers, items };
}

/** Relay's limits per item type, in bytes (what is not listed is bounded by the envelope's limit). */
export const ITEM_LIMITS: Record<string, number> = {
  event: 1024 * 1024,
  transaction: 1024 * 1024,
  span: 1024 * 1024,
  statsd: 1024 * 1024,
  check_in: 100 * 1024,
  client_report: 4 * 1024,
};

/** Item types of which an envelope may carry at most one. */
const SINGLE = new Set(["event", "transaction", "check_in", "user_report"]);

/** Checks an envelope's items against Relay's rules: sizes (413), duplicates and exclusivity (400). */
export function checkEnvelopeItems(envelope: Envelope): void {
  const seen = new Set<string>();
  for (const item of envelope.items) {
    const limit = ITEM_LIMITS[item.type];
    if (limit !== undefined && item.payload.length > limit)
      throw new SdkRequestError(413, `envelope item ${item.type} exceeds the size limit of ${limit} bytes`);
    if (SINGLE.has(item.type) && seen.has(item.type)) throw invalid(`duplicate item of type ${item.type}`);
    seen.add(item.type);
  }
  if (seen.has("event") && seen.has("transaction"))
    throw invalid("an envelope may not carry both an event and a transaction");
}
