// Streaming decompression of gzip (fflate), zstd (fzstd) and xz
// (xz-decompress, WebAssembly). Each takes and yields chunks, pulling input
// only as output is consumed, and is fed its input in pieces whose output is
// bounded whatever they hold (a gzip piece inflates to at most 1032 times its
// size, deflate's limit), so memory does not depend on the file's or the
// output's size. We do not write decompressors.

import { crc32 } from './crc32.ts';
import { u32le } from './sized-int.ts';
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

/** Compressed bytes per push to the inflater: few when a piece inflates much (a bomb), more when it inflates little. */
const GZIP_PIECE_MIN = 4 << 10;
const GZIP_PIECE_MAX = 32 << 10;
/** The output a piece is sized for at the ratio seen so far; deflate's 1032:1 bounds any one piece's to 33 MiB. */
const GZIP_PIECE_OUT = 4 << 20;

/** The chunks cut into pieces of at most `size()` bytes, asked before each piece (views, not copies). */
async function* pieces(chunks: Chunks, size: () => number): AsyncGenerator<Uint8Array> {
  for await (const c of chunks) for (let i = 0; i < c.length; ) {
    const n = Math.min(c.length - i, size());
    yield c.subarray(i, i + n);
    i += n;
  }
}

/**
 * gzip, one member or several, with each member's CRC-32 and size checked
 * against its trailer, in JavaScript (fflate) rather than the platform's
 * DecompressionStream, whose output chunks the renderer gave back late: a
 * 512 MiB one-byte bomb peaked at 287-308 MiB of renderer memory with it and
 * at 256-268 MiB with fflate (e2e/hostile.spec.ts, bound 300). It is no
 * slower: 204 MiB of trace inflates in 0.7-0.9 s against 0.8-1.2 s in node.
 */
export async function* gunzip(chunks: Chunks): AsyncGenerator<Uint8Array> {
  // Loaded when a gzip file comes, as xz below: 20 ms of every command line's start otherwise.
  const { Gunzip } = await import('fflate');
  const out: Uint8Array[] = [];
  let crc = 0;
  let size = 0;
  let fed = 0;
  let made = 0;
  // The last compressed bytes, for the trailer of the member that just ended.
  const recent: { at: number; bytes: Uint8Array }[] = [];
  const trailer = (end: number): Uint8Array | null => {
    const b = new Uint8Array(8);
    for (let k = 0; k < 8; k++) {
      const pos = end - 8 + k;
      const r = recent.find((x) => pos >= x.at && pos < x.at + x.bytes.length);
      if (!r) return null;
      b[k] = r.bytes[pos - r.at];
    }
    return b;
  };
  const check = (end: number): void => {
    const t = trailer(end);
    // A trailer we no longer hold (a crafted header of many KiB after it) goes unchecked.
    const [got, bytes] = [crc, size];
    crc = 0;
    size = 0;
    if (!t) return;
    if (u32le(t, 0) !== got) throw new Error(`the data fails its CRC-32 check (member ending at byte ${end})`);
    if (u32le(t, 4) !== bytes >>> 0) throw new Error(`the data is not the size its trailer says (member ending at byte ${end})`);
  };
  const g = new Gunzip((d) => {
    crc = crc32(d, crc);
    size += d.length;
    made += d.length;
    out.push(d);
  });
  g.onmember = check;
  const pieceSize = (): number =>
    made === 0 ? GZIP_PIECE_MIN : Math.max(GZIP_PIECE_MIN, Math.min(GZIP_PIECE_MAX, Math.floor((GZIP_PIECE_OUT * fed) / made)));
  for await (const p of pieces(chunks, pieceSize)) {
    recent.push({ at: fed, bytes: p.slice() });
    if (recent.length > 3) recent.shift();
    fed += p.length;
    g.push(p, false);
    while (out.length) yield out.shift()!;
  }
  g.push(new Uint8Array(0), true);
  while (out.length) yield out.shift()!;
  if (fed > 0) check(fed);
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
