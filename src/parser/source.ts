// Where a trace's bytes come from: a random-access source (a File in the
// browser, a file descriptor in node, a buffer in tests) or a plain stream of
// chunks (stdin, the output of a decompressor). Text parsing reads either
// sequentially in bounded chunks; trace.dat reading needs random access.

import type { Chunks } from './decompress.ts';

export interface ByteSource {
  readonly size: number;
  /** Bytes [offset, offset + length), shorter only at the end of the source. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export function isByteSource(x: unknown): x is ByteSource {
  return typeof x === 'object' && x !== null && 'read' in x && 'size' in x;
}

export const READ_CHUNK = 4 << 20;

/** Sequential chunks of a source; each read waits for the consumer (back-pressure). */
export async function* sourceChunks(src: ByteSource, chunkSize = READ_CHUNK, from = 0): AsyncGenerator<Uint8Array> {
  for (let off = from; off < src.size; off += chunkSize) {
    const c = await src.read(off, Math.min(chunkSize, src.size - off));
    if (c.length === 0) return;
    yield c;
  }
}

export function bufferSource(data: Uint8Array): ByteSource {
  return {
    size: data.length,
    read: async (offset, length) => data.subarray(offset, Math.min(data.length, offset + length)),
  };
}

/** A Blob/File as a source: File.slice reads only what is asked for. */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}

/** Reads a whole chunk stream into memory (for inputs that need random access but came as a stream). */
export async function collect(chunks: Chunks, limit: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of chunks) {
    n += c.length;
    if (n > limit) throw new Error(`more than ${limit} bytes`);
    parts.push(c);
  }
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
