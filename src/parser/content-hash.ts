// A content hash that identifies a trace file without reading all of it:
// SHA-256 of its size and of 64 KiB samples at 17 evenly spaced offsets
// (start and end included). Two different captures practically never share
// it; the same file always does, whatever its name. Used to recognise the
// files a shared view was made from.

import type { ByteSource } from './source.ts';

const SAMPLE = 64 * 1024;
const POINTS = 17;

export async function contentHash(src: ByteSource): Promise<string> {
  const parts: Uint8Array[] = [new TextEncoder().encode(`reclaimscope-v1:${src.size}:`)];
  if (src.size <= SAMPLE * POINTS) parts.push(await src.read(0, src.size));
  else
    for (let i = 0; i < POINTS; i++) {
      const off = Math.floor(((src.size - SAMPLE) * i) / (POINTS - 1));
      parts.push(await src.read(off, SAMPLE));
    }
  let n = 0;
  for (const p of parts) n += p.length;
  const all = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  let hex = '';
  for (let i = 0; i < 8; i++) hex += digest[i].toString(16).padStart(2, '0');
  return hex;
}
