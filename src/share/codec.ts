// Bytes <-> text for links and files: deflate (the platform's
// CompressionStream) and base64url. Decoding is strict and bounded: an
// oversized or corrupt input is refused with a message, never trusted.

import { concatBytes } from '../parser/bytes.ts';

export const MAX_INFLATED = 64 << 20;

/** Input bytes per write: a DecompressionStream turns a write into all its output at once, at most 1032 times as large. */
const PIECE = 16 << 10;

/** The data as a stream of PIECE-byte views, each read only when the transform asks for it. */
function piecesOf(data: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(ctrl) {
        if (at >= data.length) ctrl.close();
        else ctrl.enqueue(data.subarray(at, (at = Math.min(data.length, at + PIECE))));
      },
    },
    { highWaterMark: 0 },
  );
}

/** Thrown when inflating would pass the caller's limit; the reason is the size, not damage. */
export class TooLargeError extends Error {}

async function pipe(data: Uint8Array, t: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const stream = piecesOf(data).pipeThrough(t as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const r = await reader.read();
    if (r.done) break;
    n += r.value.length;
    if (n > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLargeError(`more than ${limit} bytes once inflated`);
    }
    parts.push(r.value);
  }
  return concatBytes(parts, n);
}

export function deflate(data: Uint8Array): Promise<Uint8Array> {
  return pipe(data, new CompressionStream('deflate-raw'));
}

export function inflate(data: Uint8Array, limit = MAX_INFLATED): Promise<Uint8Array> {
  return pipe(data, new DecompressionStream('deflate-raw'), limit);
}

export function gzip(data: Uint8Array): Promise<Uint8Array> {
  return pipe(data, new CompressionStream('gzip'));
}

export function gunzip(data: Uint8Array, limit = MAX_INFLATED): Promise<Uint8Array> {
  return pipe(data, new DecompressionStream('gzip'), limit);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += B64[n >> 18] + B64[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63];
  }
  return out;
}

/** Strict base64url decoding; throws on any character outside the alphabet. */
export function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new Error('base64 data has an impossible length');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c] : -1;
    if (v < 0) throw new Error(`character ${JSON.stringify(text[i])} at ${i} is not base64url`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}
