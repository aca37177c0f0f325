import type { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from "node:zlib";
import type { Transform } from "node:stream";
import { Decompress as ZstdDecompress } from "fzstd";
import { SdkRequestError } from "./errors.js";

/** Limits of one request body, before and after decoding its `Content-Encoding`. */
export interface BodyLimits {
  compressed: number;
  decompressed: number;
}

const ENCODINGS = ["gzip", "x-gzip", "deflate", "br", "zstd"] as const;
type Encoding = (typeof ENCODINGS)[number];

/**
 * The encodings of a `Content-Encoding` header, outermost last; empty for none. An empty value and
 * `UTF-8` (sent by some SDKs) mean none, as Relay reads them. Throws 415 for an unknown encoding.
 */
export function parseContentEncoding(header: string | string[] | undefined): Encoding[] {
  const text = Array.isArray(header) ? header.join(",") : (header ?? "");
  const encodings: Encoding[] = [];
  for (const part of text.split(",")) {
    const name = part.trim().toLowerCase();
    if (name === "" || name === "identity" || name === "utf-8") continue;
    if (!(ENCODINGS as readonly string[]).includes(name))
      throw new SdkRequestError(415, `Unsupported content encoding "${part.trim()}"`);
    encodings.push(name as Encoding);
  }
  return encodings;
}

function tooLarge(what: string, limit: number): SdkRequestError {
  return new SdkRequestError(413, `The ${what} body is larger than ${limit} bytes`);
}

/** Collects chunks up to `limit` bytes; past it, `onOver` is thrown. */
class Collector {
  private readonly chunks: Buffer[] = [];
  size = 0;
  constructor(
    private readonly limit: number,
    private readonly onOver: () => Error,
  ) {}
  push(chunk: Uint8Array): void {
    this.size += chunk.length;
    if (this.size > this.limit) throw this.onOver();
    this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
  }
  result(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

/** zlib's decoders: they stop as soon as the output passes the limit (their output is pulled in chunks). */
function zlibDecoder(encoding: Exclude<Encoding, "zstd">, raw = false): Transform {
  if (encoding === "br") return createBrotliDecompress();
  if (encoding === "deflate") return raw ? createInflateRaw() : createInflate();
  return createGunzip();
}

function invalidEncoding(encoding: string, error: unknown): SdkRequestError {
  return new SdkRequestError(400, `The body is not valid ${encoding} data: ${(error as Error).message}`);
}

async function decodeZlib(
  data: Buffer,
  encoding: Exclude<Encoding, "zstd">,
  limit: number,
  raw = false,
): Promise<Buffer> {
  const out = new Collector(limit, () => tooLarge("decompressed", limit));
  const decoder = zlibDecoder(encoding, raw);
  const done = new Promise<void>((resolve, reject) => {
    decoder.on("data", (chunk: Buffer) => {
      try {
        out.push(chunk);
      } catch (error) {
        decoder.destroy();
        reject(error as Error);
      }
    });
    decoder.on("end", resolve);
    decoder.on("error", reject);
  });
  decoder.end(data);
  try {
    await done;
  } catch (error) {
    if (error instanceof SdkRequestError) throw error;
    // Some clients send raw deflate under "deflate"; try that before refusing.
    if (encoding === "deflate" && !raw) return decodeZlib(data, encoding, limit, true);
    throw invalidEncoding(encoding, error);
  }
  return out.result();
}

/** fzstd decodes block by block; the input goes in small slices, so no slice can expand unbounded. */
function decodeZstd(data: Buffer, limit: number): Buffer {
  const out = new Collector(limit, () => tooLarge("decompressed", limit));
  let ended = false;
  const decoder = new ZstdDecompress((chunk, final) => {
    out.push(chunk);
    if (final) ended = true;
  });
  const SLICE = 256;
  try {
    for (let offset = 0; offset < data.length; offset += SLICE) {
      decoder.push(data.subarray(offset, offset + SLICE), offset + SLICE >= data.length);
    }
    if (data.length === 0) decoder.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof SdkRequestError) throw error;
    throw invalidEncoding("zstd", error);
  }
  if (!ended && data.length > 0) throw invalidEncoding("zstd", new Error("unexpected end of data"));
  return out.result();
}

/** Reads the raw request stream up to the compressed limit; past it, stops reading and throws 413. */
export async function readLimited(stream: Readable, limit: number, declaredLength?: number): Promise<Buffer> {
  if (declaredLength !== undefined && declaredLength > limit) throw tooLarge("request", limit);
  const body = new Collector(limit, () => tooLarge("request", limit));
  for await (const chunk of stream) {
    try {
      body.push(chunk as Buffer);
    } catch (error) {
      stream.destroy();
      throw error;
    }
  }
  return body.result();
}

/** Reads and decodes a request body within the limits; 413 past them, 400 for data that does not decode. */
export async function readBody(
  stream: Readable,
  headers: { "content-encoding"?: string | string[]; "content-length"?: string },
  limits: BodyLimits,
): Promise<Buffer> {
  const encodings = parseContentEncoding(headers["content-encoding"]);
  const declared = headers["content-length"] === undefined ? undefined : Number(headers["content-length"]);
  let data = await readLimited(stream, limits.compressed, declared);
  for (const encoding of encodings.reverse()) {
    data =
      encoding === "zstd"
        ? decodeZstd(data, limits.decompressed)
        : await decodeZlib(data, encoding === "x-gzip" ? "gzip" : encoding, limits.decompressed);
  }
  if (encodings.length === 0 && data.length > limits.decompressed)
    throw tooLarge("decompressed", limits.decompressed);
  return data;
}
