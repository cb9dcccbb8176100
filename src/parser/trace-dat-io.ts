// Byte access for the trace.dat reader: positioned reads that tolerate short reads,
// count bytes and stop with a clear TraceError (truncation, cancellation); a windowed
// sequential reader over the file or a decompressed section; and block decompression
// with fzstd (zstd) and DecompressionStream('deflate') (zlib), never our own decoder.
// Layout: trace-cmd's Documentation/trace-cmd/trace-cmd.dat.v{6,7}.5.txt.

import { concatBytes } from './bytes.ts';
import { Decompress as ZstdDecompress } from 'fzstd';
import { TraceError } from './errors.ts';
import { u64At, viewOf } from './sized-int.ts';
import type { ByteSource } from './source.ts';

export interface DatIoOptions {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number) => void;
}

export class DatFile {
  readonly size: number;
  /** Bytes actually read from the source. */
  bytesRead = 0;
  /** Bytes produced by decompression, plus stored bytes read as they are. */
  decodedBytes = 0;
  /** Bytes of the file dealt with: read, or passed over because not needed (kallsyms, printk formats). */
  private done = 0;
  private reported = 0;

  constructor(
    private readonly source: ByteSource,
    private readonly opts: DatIoOptions,
  ) {
    this.size = source.size;
  }

  checkCancel(): void {
    if (this.opts.signal?.aborted) throw new TraceError('cancelled', 'parsing was cancelled');
  }

  /** Exactly `length` bytes at `offset`, however many calls the source needs. */
  async read(offset: number, length: number, what: string): Promise<Uint8Array> {
    this.checkCancel();
    if (!(offset >= 0) || !(length >= 0) || offset + length > this.size) throw truncated(what, offset, length, this.size);
    if (length === 0) return new Uint8Array(0);
    let got = await this.source.read(offset, length);
    this.bytesRead += Math.min(got.length, length);
    if (got.length >= length) {
      this.advance(length);
      return got.length === length ? got : got.subarray(0, length);
    }
    const out = new Uint8Array(length);
    out.set(got);
    let n = got.length;
    while (n < length) {
      this.checkCancel();
      got = await this.source.read(offset + n, length - n);
      if (got.length === 0) throw truncated(what, offset, length, offset + n);
      const take = Math.min(got.length, length - n);
      out.set(got.subarray(0, take), n);
      n += take;
      this.bytesRead += take;
    }
    this.advance(length);
    return out;
  }

  /** Counts bytes that were not read because they are not needed, for progress. */
  skipped(bytes: number): void {
    this.advance(bytes);
  }

  private advance(bytes: number): void {
    this.done = Math.min(this.size, this.done + Math.max(0, bytes));
    // Report every 256 KiB or so: progress callbacks cross a worker boundary.
    if (this.done - this.reported >= 1 << 18 || this.done === this.size) {
      this.reported = this.done;
      this.opts.onProgress?.(this.done);
    }
  }

  finishProgress(): void {
    if (this.reported !== this.size) {
      this.done = this.reported = this.size;
      this.opts.onProgress?.(this.size);
    }
  }
}

export function truncated(what: string, offset: number, length: number, size: number): TraceError {
  // An offset or length no file has (past 256 TiB) was read from damaged bytes: the file is corrupt, not cut short.
  if (!Number.isSafeInteger(offset + length) || offset + length > 2 ** 48)
    return corrupt(`the ${what} is said to be at byte ${offset} with ${length} byte${length === 1 ? '' : 's'}, far beyond the file's ${size} bytes (a damaged offset or size)`);
  return new TraceError(
    'truncated',
    `the file is truncated: the ${what} at byte ${offset} needs ${length} byte${length === 1 ? '' : 's'}, but the file ends at byte ${size}`,
  );
}

export function corrupt(message: string): TraceError {
  return new TraceError('unreadable', `not a readable trace.dat: ${message}`);
}

/** Metadata blobs larger than this are taken as corrupt sizes, not allocated. */
export const MAX_BLOB = 1 << 28;
const WINDOW = 1 << 16;
const EMPTY = new Uint8Array(0);
const latin1 = new TextDecoder('latin1');

/**
 * Sequential reads of little or big endian numbers and strings, from the file
 * (through a 64 KiB window) or from a decompressed section in memory.
 */
export class Reader {
  pos: number;
  private buf: Uint8Array = EMPTY;
  private dv: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private bufStart = 0;
  le = true;

  private constructor(
    private readonly file: DatFile | null,
    mem: Uint8Array | null,
    readonly start: number,
    readonly end: number,
    readonly what: string,
    /** File offset of a decompressed section, for messages. */
    readonly origin: number,
  ) {
    this.pos = start;
    if (mem) this.setBuf(mem, 0);
  }

  static ofFile(file: DatFile, start: number, end: number, what: string, le: boolean): Reader {
    const r = new Reader(file, null, start, Math.min(end, file.size), what, start);
    r.le = le;
    return r;
  }

  static ofMemory(mem: Uint8Array, what: string, le: boolean, origin: number): Reader {
    const r = new Reader(null, mem, 0, mem.length, what, origin);
    r.le = le;
    return r;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private setBuf(b: Uint8Array, start: number): void {
    this.buf = b;
    this.bufStart = start;
    this.dv = viewOf(b);
  }

  private overrun(n: number): TraceError {
    if (this.file) return truncated(this.what, this.pos, n, this.end);
    return corrupt(`the ${this.what} (at byte ${this.origin}) ends before its contents do`);
  }

  private async need(n: number): Promise<number> {
    if (this.pos + n > this.end) throw this.overrun(n);
    const rel = this.pos - this.bufStart;
    if (rel >= 0 && rel + n <= this.buf.length) return rel;
    if (!this.file) throw this.overrun(n);
    const len = Math.min(this.end - this.pos, Math.max(n, WINDOW));
    this.setBuf(await this.file.read(this.pos, len, this.what), this.pos);
    return 0;
  }

  async u8(): Promise<number> {
    const at = await this.need(1);
    this.pos += 1;
    return this.buf[at];
  }

  async u16(): Promise<number> {
    const at = await this.need(2);
    this.pos += 2;
    return this.dv.getUint16(at, this.le);
  }

  async u32(): Promise<number> {
    const at = await this.need(4);
    this.pos += 4;
    return this.dv.getUint32(at, this.le);
  }

  /** A u64 as a number: exact below 2^53, which every offset and size of a real file is. */
  async u64(): Promise<number> {
    const at = await this.need(8);
    this.pos += 8;
    return u64At(this.dv, at, this.le);
  }

  /** A size field followed by that many bytes must fit in what is left. */
  checkSize(n: number, what: string): void {
    if (n > this.end - this.pos) {
      if (this.file && this.end === this.file.size) throw truncated(what, this.pos, n, this.end);
      throw corrupt(`the ${what} at byte ${this.origin === this.start ? this.pos : this.origin} says it has ${n} bytes, more than the ${this.end - this.pos} left`);
    }
    if (n > MAX_BLOB) throw corrupt(`the ${what} says it has ${n} bytes`);
  }

  async bytes(n: number, what = this.what): Promise<Uint8Array> {
    this.checkSize(n, what);
    const rel = this.pos - this.bufStart;
    if (rel >= 0 && rel + n <= this.buf.length) {
      this.pos += n;
      return this.buf.subarray(rel, rel + n);
    }
    if (!this.file) throw this.overrun(n);
    const out = await this.file.read(this.pos, n, what);
    this.pos += n;
    return out;
  }

  skip(n: number, what = this.what): void {
    this.checkSize(n, what);
    this.pos += n;
  }

  /** A NUL-terminated string of at most `max` bytes. */
  async cstring(max = 4096): Promise<string> {
    let s = '';
    for (;;) {
      const at = await this.need(1);
      const avail = this.buf.length - at;
      const lim = Math.min(avail, this.end - this.pos);
      let k = 0;
      while (k < lim && this.buf[at + k] !== 0) k++;
      s += latin1.decode(this.buf.subarray(at, at + k));
      this.pos += k;
      if (k < lim) {
        this.pos++; // the NUL
        return s;
      }
      if (s.length > max) throw corrupt(`a string in the ${this.what} runs past ${max} bytes without an end`);
    }
  }

  /** Checks that the next bytes are `text` (with its NUL, when given). */
  async expect(text: string, what: string): Promise<void> {
    const at = this.pos;
    const b = await this.bytes(text.length, what);
    for (let i = 0; i < text.length; i++)
      if (b[i] !== text.charCodeAt(i)) throw corrupt(`expected "${text.replace('\0', '')}" at byte ${at}, the start of the ${what}`);
  }
}

/** Decompresses one trace-cmd block (a section or a chunk of CPU data) to exactly `expected` bytes. */
export async function decompressBlock(
  algorithm: string,
  data: Uint8Array,
  expected: number,
  what: string,
  at: number,
): Promise<Uint8Array> {
  const fail = (why: string) =>
    new TraceError('decompress', `the ${what} at byte ${at} does not decompress (${algorithm}): ${why}`);
  if (expected > MAX_BLOB) throw fail(`it claims ${expected} bytes`);
  let out: Uint8Array;
  try {
    switch (algorithm) {
      case 'zstd':
        out = unzstdCapped(data, expected);
        break;
      case 'zlib':
        out = await inflateCapped(data, expected);
        break;
      default:
        throw new TraceError('unreadable', `the ${what} at byte ${at} is compressed with "${algorithm}"; only zstd and zlib are read`);
    }
  } catch (e) {
    if (e instanceof TraceError) throw e;
    throw fail(e instanceof Error ? e.message : String(e));
  }
  if (out.length !== expected) throw fail(`it gives ${out.length} bytes where ${expected} were expected`);
  return out;
}

class TooLarge extends Error {}

/** fzstd's streaming decoder, so that a corrupt frame cannot make us allocate more than `cap` (+ one block). */
function unzstdCapped(data: Uint8Array, cap: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let n = 0;
  const d = new ZstdDecompress((chunk) => {
    n += chunk.length;
    if (n > cap) throw new TooLarge(`more than the ${cap} bytes expected`);
    parts.push(chunk);
  });
  d.push(data, true);
  return concatBytes(parts, n);
}

async function inflateCapped(data: Uint8Array, cap: number): Promise<Uint8Array> {
  // 'deflate' is the zlib format (RFC 1950), which trace-cmd's zlib compressor writes.
  const ds = new DecompressionStream('deflate') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  const writer = ds.writable.getWriter();
  const written = writer.write(data).then(() => writer.close());
  written.catch(() => undefined); // the error surfaces on the reading side
  const reader = ds.readable.getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      n += r.value.length;
      if (n > cap) throw new TooLarge(`more than the ${cap} bytes expected`);
      parts.push(r.value);
    }
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    throw e;
  } finally {
    reader.releaseLock();
  }
  return concatBytes(parts, n);
}
