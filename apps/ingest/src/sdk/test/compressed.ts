import { createGzip } from "node:zlib";

// Compressed bodies for the intake tests: bombs, and zstd frames written by hand (Node 20 has no zstd).

/** gzip of `size` zero bytes, compressed in chunks (never held whole). */
export async function gzipOfZeros(size: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => gzip.on("end", resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < size; written += zeros.length) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once("drain", resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(chunks);
}

const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
/** A zstd frame header without a content size, window 8 MB. */
const ZSTD_HEADER = Buffer.from([0x00, 0x58]);
const blockHeader = (last: boolean, type: number, size: number) => {
  const v = (last ? 1 : 0) | (type << 1) | (size << 3);
  return Buffer.from([v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff]);
};

/** A zstd frame of raw (stored) blocks: valid zstd that any decoder reads back as `data`. */
export function zstdRawFrame(data: Buffer): Buffer {
  const parts: Buffer[] = [ZSTD_MAGIC, ZSTD_HEADER];
  for (let i = 0; i < data.length || i === 0; i += 65_536) {
    const block = data.subarray(i, i + 65_536);
    parts.push(blockHeader(i + 65_536 >= data.length, 0, block.length), block);
  }
  return Buffer.concat(parts);
}

/** A zstd bomb: `blocks` RLE blocks of 128 KB each, 4 bytes apiece. */
export function zstdRleFrame(blocks: number): Buffer {
  const parts: Buffer[] = [ZSTD_MAGIC, ZSTD_HEADER];
  for (let i = 0; i < blocks; i += 1)
    parts.push(blockHeader(i === blocks - 1, 1, 128 * 1024), Buffer.from([0x20]));
  return Buffer.concat(parts);
}
