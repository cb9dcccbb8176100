// Where a trace's bytes come from: a random-access source (a File in the
// browser, a file descriptor in node, a buffer in tests) or a plain stream of
// chunks (stdin, the output of a decompressor). Text parsing reads either
// sequentially in bounded chunks; trace.dat reading needs random access.

import { concatBytes } from './bytes.ts';
import type { Chunks } from './decompress.ts';

export interface ByteSource {
  readonly size: number;
  /** Bytes [offset, offset + length), shorter only at the end of the source. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Reads bytes from offset into buf (fewer only at the end of the source) and
   * returns the view of what was read. The view may sit on a new ArrayBuffer
   * object over the same memory (a BYOB stream moves the buffer it fills);
   * buf must not be used after. Optional: saves an allocation per chunk.
   */
  readInto?(buf: Uint8Array, offset: number): Promise<Uint8Array>;
  /** Chunk size and reads kept in flight that suit this source (reusedChunks); READ_CHUNK and 1 when absent. */
  readonly chunkSize?: number;
  readonly readAhead?: number;
}

export function isByteSource(x: unknown): x is ByteSource {
  return typeof x === 'object' && x !== null && 'read' in x && 'size' in x;
}

export const READ_CHUNK = 4 << 20;
/**
 * Chunks of a Blob/File (the browser). Its stream hands out 64 KiB at a time,
 * so a smaller chunk costs nothing in speed, and the two buffers are what the
 * worker holds for reading: in Chromium, 1 MiB against 4 took the renderer's
 * growth on an 84 MiB memcg trace from 48-55 to 40 MiB (0.48x the file), and
 * was no slower (the benchmark, 2026-12-02). Node reads files faster in 4 MiB.
 */
export const BLOB_CHUNK = 1 << 20;

/** Sequential chunks of a source; each read waits for the consumer (back-pressure). */
export async function* sourceChunks(src: ByteSource, chunkSize = READ_CHUNK, from = 0): AsyncGenerator<Uint8Array> {
  for (let off = from; off < src.size; off += chunkSize) {
    const c = await src.read(off, Math.min(chunkSize, src.size - off));
    if (c.length === 0) return;
    yield c;
  }
}

/**
 * Chunks of bytes [from, to) for a consumer that keeps nothing of a chunk
 * once it asks for the next one (the text parser copies what it keeps): the
 * next chunk is read while the consumer works on this one, so that reading
 * overlaps parsing on another core. A source that reads into buffers gets
 * two, used in turn, so that fresh memory is not faulted in for every chunk;
 * others (a Blob) hand out their own and may keep readAhead reads in flight.
 * At most readAhead + 1 chunks are held, whatever the file size.
 */
export async function* reusedChunks(src: ByteSource, from = 0, to = src.size, chunkSize = src.chunkSize ?? READ_CHUNK): AsyncGenerator<Uint8Array> {
  const into = src.readInto?.bind(src);
  const ahead = into ? 1 : Math.max(1, src.readAhead ?? 1);
  const size = Math.max(0, Math.min(chunkSize, to - from));
  // made on first use: a file of one chunk needs one
  const bufs: (ArrayBuffer | undefined)[] = [undefined, undefined];
  let i = 0;
  const readAt = async (off: number): Promise<Uint8Array> => {
    const len = Math.min(chunkSize, to - off);
    if (!into) return src.read(off, len);
    const b = i;
    i ^= 1;
    const got = await into(new Uint8Array((bufs[b] ??= new ArrayBuffer(size)), 0, len), off);
    bufs[b] = got.buffer as ArrayBuffer;
    return got;
  };
  // reads in flight, oldest first
  const pending: Promise<Uint8Array>[] = [];
  let next = from;
  const issue = (): void => {
    while (pending.length < ahead && next < to) {
      const p = readAt(next);
      // a read still running when the consumer stops early must not reject unseen
      p.catch(() => undefined);
      pending.push(p);
      next += Math.min(chunkSize, to - next);
    }
  };
  issue();
  while (pending.length) {
    const chunk = await pending.shift()!;
    if (chunk.length === 0) return;
    issue();
    yield chunk;
  }
}

export function bufferSource(data: Uint8Array): ByteSource {
  return {
    size: data.length,
    read: async (offset, length) => data.subarray(offset, Math.min(data.length, offset + length)),
  };
}

/**
 * A Blob/File as a source, read in BLOB_CHUNK chunks. Random reads
 * (trace.dat) slice the Blob: File.slice reads only what is asked for. Sequential reads (text) go through one BYOB
 * reader of the Blob's stream from the offset asked, which fills the caller's
 * two buffers in turn and is kept open while the reads follow each other; a
 * read elsewhere opens a new stream there. In a Chromium worker that reads a
 * 395 MiB file in 0.27-0.34 s (the benchmark, 2026-12-02), where a slice's
 * arrayBuffer() per 8 MiB chunk took 2.6-3.4 s for 340 MiB (a new stream and
 * a fresh ArrayBuffer per chunk; a BYOB reader per slice is as slow: the
 * cost is the stream, not the copy).
 */
export function blobSource(blob: Blob): ByteSource {
  let cursor: { reader: ReadableStreamBYOBReader; at: number } | null = null;
  const drop = (): void => {
    if (cursor) void cursor.reader.cancel().catch(() => undefined);
    cursor = null;
  };
  return {
    size: blob.size,
    chunkSize: BLOB_CHUNK,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
    readInto: async (buf, offset) => {
      if (!cursor || cursor.at !== offset) {
        drop();
        cursor = { reader: blob.slice(offset).stream().getReader({ mode: 'byob' }), at: offset };
      }
      const c = cursor;
      let mem = buf.buffer as ArrayBuffer;
      // taken now: the first read detaches buf, whose length then reads 0
      const start = buf.byteOffset;
      const want = buf.length;
      let filled = 0;
      while (filled < want) {
        const r = await c.reader.read(new Uint8Array(mem, start + filled, want - filled));
        // the stream moved the memory to a new ArrayBuffer object: keep using that one
        if (r.value) mem = r.value.buffer as ArrayBuffer;
        if (r.done) {
          if (cursor === c) cursor = null;
          break;
        }
        filled += r.value.length;
      }
      c.at += filled;
      return new Uint8Array(mem, start, filled);
    },
  };
}

/** Bytes gathered before they are handed to a Blob: what the page holds at once while spooling. */
const SPOOL_BATCH = 16 << 20;

/**
 * Keeps a chunk stream in a Blob, for a trace.dat that needs random access
 * but came compressed: Chromium stores Blob bytes in its browser process and
 * pages big ones to disk, so the worker holds one batch at a time.
 */
export async function blobSpool(chunks: Chunks): Promise<ByteSource> {
  const blobs: Blob[] = [];
  let batch: Uint8Array[] = [];
  let held = 0;
  for await (const c of chunks) {
    batch.push(c);
    held += c.length;
    if (held >= SPOOL_BATCH) {
      blobs.push(new Blob(batch as BlobPart[]));
      batch = [];
      held = 0;
    }
  }
  if (batch.length) blobs.push(new Blob(batch as BlobPart[]));
  return blobSource(new Blob(blobs));
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
  return concatBytes(parts, n);
}
