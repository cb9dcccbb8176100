// zstd in bounded pieces: reads the frame and block headers (RFC 8878 §3.1)
// so that fzstd is handed a few whole blocks at a time, never more than
// ZSTD_PIECE_OUT bytes of output however well they compress (a 355 KB frame
// of RLE blocks is 10 GiB), refuses windows over 128 MiB before fzstd
// allocates them, and checks each frame's XXH64 content checksum where the
// frame has one. The decoding itself is fzstd's; we only cut its input.

import { Decompress } from 'fzstd';
import xxhash from 'xxhash-wasm';
import { u32le } from './sized-int.ts';

/** Most output one push to fzstd may produce: whole blocks up to this, or one block (at most 128 KiB). */
export const ZSTD_PIECE_OUT = 4 << 20;
/** zstd's own default limit for decoding (ZSTD_WINDOWLOG_LIMIT_DEFAULT = 27); `zstd --long=31` frames need --memory there too. */
export const ZSTD_MAX_WINDOW = 1 << 27;
const MAX_BLOCK = 128 << 10;

export class ZstdFormatError extends Error {}

type Hasher = Awaited<ReturnType<typeof xxhash>>;
let hasher: Promise<Hasher> | null = null;

/** Input bytes held until whole blocks are there: a queue of chunks read from the front. */
class Input {
  private parts: Uint8Array[] = [];
  private head = 0; // bytes of parts[0] already taken
  length = 0;
  push(c: Uint8Array): void {
    if (c.length === 0) return;
    this.parts.push(c);
    this.length += c.length;
  }
  /** Byte at offset i from the front (i < length). */
  at(i: number): number {
    let k = 0;
    i += this.head;
    while (i >= this.parts[k].length) i -= this.parts[k++].length;
    return this.parts[k][i];
  }
  /** The little-endian u32 at offset i from the front (i + 4 <= length). */
  u32le(i: number): number {
    return (this.at(i) | (this.at(i + 1) << 8) | (this.at(i + 2) << 16) | (this.at(i + 3) << 24)) >>> 0;
  }
  /** Takes n bytes from the front, as one array (copied only when they span parts). */
  take(n: number): Uint8Array {
    const first = this.parts[0];
    if (first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.head += n;
      this.length -= n;
      if (this.head === first.length) {
        this.parts.shift();
        this.head = 0;
      }
      return out;
    }
    const out = new Uint8Array(n);
    let o = 0;
    while (o < n) {
      const p = this.parts[0];
      const m = Math.min(n - o, p.length - this.head);
      out.set(p.subarray(this.head, this.head + m), o);
      o += m;
      this.head += m;
      if (this.head === p.length) {
        this.parts.shift();
        this.head = 0;
      }
    }
    this.length -= n;
    return out;
  }
}

interface FrameState {
  headerLen: number;
  window: number;
  checksum: boolean;
}

/** The frame header at the front of inp (null while too few bytes are there), or throws on a bad one. */
function frameHeader(inp: Input): FrameState | { skip: number } | null {
  if (inp.length < 8) return null;
  const magic = inp.u32le(0);
  if ((magic & 0xfffffff0) >>> 0 === 0x184d2a50) {
    const size = inp.u32le(4);
    return { skip: 8 + size };
  }
  if (magic !== 0xfd2fb528) throw new ZstdFormatError('not a zstd frame where the next frame should start');
  const fhd = inp.at(4);
  if (fhd & 8) throw new ZstdFormatError('a frame header sets its reserved bit');
  const single = (fhd >> 5) & 1;
  const dictBytes = [0, 1, 2, 4][fhd & 3];
  const fcsBytes = [single, 2, 4, 8][fhd >> 6];
  const headerLen = 5 + (single ? 0 : 1) + dictBytes + fcsBytes;
  if (inp.length < headerLen) return null;
  let dict = 0;
  for (let k = 0; k < dictBytes; k++) dict += inp.at(5 + (single ? 0 : 1) + k) * 2 ** (8 * k);
  if (dict !== 0) throw new ZstdFormatError('the frame needs a zstd dictionary, which a trace file does not come with');
  let window: number;
  if (!single) {
    const wd = inp.at(5);
    const base = 2 ** (10 + (wd >> 3));
    window = base + (base / 8) * (wd & 7);
  } else {
    let fcs = 0;
    const at = 5 + dictBytes;
    for (let k = 0; k < fcsBytes; k++) fcs += inp.at(at + k) * 2 ** (8 * k);
    if (fcsBytes === 2) fcs += 256;
    window = fcs;
  }
  if (window > ZSTD_MAX_WINDOW)
    throw new ZstdFormatError(
      `the frame asks for a ${Math.ceil(window / 2 ** 20)} MiB window; at most ${ZSTD_MAX_WINDOW / 2 ** 20} MiB is read (as zstd's own default): recompress without --long, or decompress it with zstd -d --memory=...`,
    );
  return { headerLen, window, checksum: ((fhd >> 2) & 1) === 1 };
}

/**
 * Decompresses zstd chunks (one or more frames, skippable frames skipped),
 * yielding output in pieces of at most ZSTD_PIECE_OUT (+ one block): memory
 * does not depend on the output size, and the consumer's pace sets the pace.
 */
export async function* zstdPieces(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const inp = new Input();
  const it = chunks[Symbol.asyncIterator]();
  let ended = false;
  const more = async (): Promise<boolean> => {
    if (ended) return false;
    const r = await it.next();
    if (r.done) {
      ended = true;
      return false;
    }
    inp.push(r.value);
    return true;
  };
  const need = async (n: number, what: string): Promise<void> => {
    while (inp.length < n) if (!(await more())) throw new ZstdFormatError(`the data ends inside ${what}`);
  };
  let frames = 0;
  for (;;) {
    if (inp.length === 0 && !(await more())) {
      if (frames === 0) throw new ZstdFormatError('no zstd frame');
      return;
    }
    let hdr = frameHeader(inp);
    while (hdr === null) {
      if (!(await more())) throw new ZstdFormatError('the data ends inside a frame header');
      hdr = frameHeader(inp);
    }
    if ('skip' in hdr) {
      await need(hdr.skip, 'a skippable frame');
      inp.take(hdr.skip);
      continue;
    }
    frames++;
    const out: Uint8Array[] = [];
    const hash = hdr.checksum ? (await (hasher ??= xxhash())).create64(0n) : null;
    const d = new Decompress((data) => {
      if (data.length === 0) return;
      out.push(data);
      hash?.update(data);
    });
    // fzstd keeps an empty tail of every push it ends on a block boundary, and
    // with it the pushed chunk: drop it (its `c`/`l`), as it holds nothing.
    const fz = d as unknown as { c: Uint8Array[]; l: number };
    let piece: Uint8Array[] = [inp.take(hdr.headerLen)];
    let pieceOut = 0;
    const blockMax = Math.min(MAX_BLOCK, Math.max(1, hdr.window));
    for (;;) {
      await need(3, 'a block header');
      const b = inp.at(0) | (inp.at(1) << 8) | (inp.at(2) << 16);
      const last = (b & 1) === 1;
      const type = (b >> 1) & 3;
      const size = b >>> 3;
      if (type === 3) throw new ZstdFormatError('a block of the reserved type');
      const inLen = 3 + (type === 1 ? 1 : size);
      const outMax = type === 2 ? blockMax : size;
      if (size > MAX_BLOCK) throw new ZstdFormatError('a block larger than 128 KiB');
      if (pieceOut > 0 && pieceOut + outMax > ZSTD_PIECE_OUT) {
        decodePiece(d, fz, piece, false);
        piece = [];
        pieceOut = 0;
        for (const o of out) yield o;
        out.length = 0;
      }
      await need(inLen, 'a block');
      piece.push(inp.take(inLen));
      pieceOut += outMax;
      if (last) break;
    }
    if (hdr.checksum) {
      await need(4, 'the frame checksum');
      const sum = inp.take(4);
      piece.push(sum);
      decodePiece(d, fz, piece, true);
      for (const o of out) yield o;
      out.length = 0;
      const want = u32le(sum, 0);
      const got = Number(hash!.digest() & 0xffffffffn);
      if (got !== want) throw new ZstdFormatError(`frame ${frames} fails its content checksum (corrupt data)`);
    } else {
      decodePiece(d, fz, piece, true);
      for (const o of out) yield o;
      out.length = 0;
    }
  }
}

function decodePiece(d: Decompress, fz: { c: Uint8Array[]; l: number }, piece: Uint8Array[], final: boolean): void {
  let n = 0;
  for (const p of piece) n += p.length;
  const all = piece.length === 1 ? piece[0] : new Uint8Array(n);
  if (piece.length > 1) {
    let o = 0;
    for (const p of piece) {
      all.set(p, o);
      o += p.length;
    }
  }
  d.push(all, final);
  if (fz.l === 0) fz.c = [];
}
