// Byte-level helpers for the text parsers: they read numbers and tokens
// straight out of the Uint8Array chunk, so that no string is made per line.

export const SP = 0x20;
export const TAB = 0x09;
export const CR = 0x0d;

export function isSpace(c: number): boolean {
  return c === SP || c === TAB;
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Result slot of parseInteger: the index just after the number. */
export const parsed = { end: 0 };

/**
 * Parses a decimal, `0x` hexadecimal or negative integer at buf[i..end).
 * Returns NaN when there is no number there. parsed.end is set to the index after it.
 */
export function parseInteger(buf: Uint8Array, i: number, end: number): number {
  let neg = false;
  if (i < end && buf[i] === 0x2d) {
    neg = true;
    i++;
  }
  if (i + 1 < end && buf[i] === 0x30 && (buf[i + 1] === 0x78 || buf[i + 1] === 0x58)) {
    let j = i + 2;
    let v = 0;
    const start = j;
    for (; j < end; j++) {
      const c = buf[j];
      let d: number;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
      else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
      else break;
      v = v * 16 + d;
    }
    parsed.end = j;
    if (j === start) return NaN;
    return neg ? -v : v;
  }
  let j = i;
  let v = 0;
  for (; j < end; j++) {
    const c = buf[j];
    if (c < 0x30 || c > 0x39) break;
    v = v * 10 + (c - 0x30);
  }
  parsed.end = j;
  if (j === i) return NaN;
  return neg ? -v : v;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
export function decodeText(buf: Uint8Array, start: number, end: number): string {
  return utf8.decode(buf.subarray(start, end));
}

export function startsWithAscii(buf: Uint8Array, i: number, end: number, prefix: string): boolean {
  if (end - i < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (buf[i + k] !== prefix.charCodeAt(k)) return false;
  return true;
}

/** The parts one after the other in one array (the part itself when there is one). */
export function concatBytes(parts: Uint8Array[], total?: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = total ?? 0;
  if (total === undefined) for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
