// Streaming decompression of gzip (the platform's DecompressionStream), zstd
// (fzstd) and xz (xz-decompress, WebAssembly). Each takes and yields chunks,
// pulling input only as output is consumed, and is fed its input in pieces
// whose output is bounded whatever they hold (a gzip piece of GZIP_PIECE bytes
// inflates to at most 1032 times that, deflate's limit), so memory does not
// depend on the file's or the output's size. We do not write decompressors.

import { zstdPieces } from './zstd-frames.ts';

export type Chunks = AsyncIterable<Uint8Array>;

/** A pull-based ReadableStream over chunks: nothing is read ahead of demand. */
export function toReadableStream(chunks: Chunks): ReadableStream<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(ctrl) {
        const r = await it.next();
        if (r.done) ctrl.close();
        else ctrl.enqueue(r.value);
      },
      async cancel() {
        await it.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

export async function* readStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Input bytes per write to a gzip DecompressionStream: at most 1032 x 16 KiB = 16.1 MiB out per write. */
export const GZIP_PIECE = 16 << 10;

/** The chunks cut into pieces of at most `size` bytes (views, not copies). */
export async function* pieces(chunks: Chunks, size: number): AsyncGenerator<Uint8Array> {
  for await (const c of chunks) for (let i = 0; i < c.length; i += size) yield c.subarray(i, Math.min(c.length, i + size));
}

export function gunzip(chunks: Chunks): Chunks {
  // A DecompressionStream turns each write into all of its output at once;
  // written in small pieces, and only as its output is read, it holds little.
  return readStream(
    toReadableStream(pieces(chunks, GZIP_PIECE)).pipeThrough(
      new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
    ),
  );
}

export async function* unxz(chunks: Chunks): AsyncGenerator<Uint8Array> {
  // Loaded on demand: the WebAssembly decoder is only needed for .xz files.
  // It is a CommonJS bundle, so its export sits on `default` under ESM.
  const mod = (await import('xz-decompress')) as unknown as {
    XzReadableStream?: XzStreamClass;
    default?: { XzReadableStream: XzStreamClass };
  };
  const Xz = mod.XzReadableStream ?? mod.default!.XzReadableStream;
  yield* readStream(new Xz(toReadableStream(chunks)));
}

type XzStreamClass = new (compressed: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>;

/** zstd in bounded pieces, with frame checksums checked (zstd-frames.ts). */
export function unzstd(chunks: Chunks): Chunks {
  return zstdPieces(chunks);
}
