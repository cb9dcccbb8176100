// The printf conversions of a print fmt's format string (flags, width,
// precision, length, conversion, and the argument each one takes, kernel %p
// extensions included), the integer width each length modifier gives, and the
// `key=value` words the text parser would find in the printed line.

export interface Conv {
  flags: string;
  width: number;
  precision: number; // -1 when none
  length: string;
  conv: string;
  arg: number;
}
export type Part = string | Conv;

export function parseFormatString(fmt: string): Part[] {
  const parts: Part[] = [];
  let lit = '';
  let arg = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== '%') {
      lit += c;
      continue;
    }
    if (fmt[i + 1] === '%') {
      lit += '%';
      i++;
      continue;
    }
    const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|L|q|j|z|Z|t)?([diouxXcspfeEgGaA])/.exec(fmt.slice(i));
    if (!m) {
      lit += c;
      continue;
    }
    if (lit) parts.push(lit);
    lit = '';
    let width = 0;
    let precision = -1;
    // A width or precision taken from the arguments is consumed, not applied; huge ones are capped.
    if (m[2] === '*') arg++;
    else if (m[2]) width = Math.min(Number(m[2]), 256);
    if (m[3] === '*') arg++;
    else if (m[3]) precision = Math.min(Number(m[3]), 256);
    let len = m[0].length;
    if (m[5] === 'p') {
      // kernel pointer extensions: %pS, %pF, %pI4, %pK ...
      const ext = /^[A-Za-z][0-9]?/.exec(fmt.slice(i + len));
      if (ext) len += ext[0].length;
    }
    parts.push({ flags: m[1], width, precision, length: m[4] ?? '', conv: m[5], arg: arg++ });
    i += len - 1;
  }
  if (lit) parts.push(lit);
  return parts;
}

export interface KeyToken {
  key: string;
  /** What follows `key=` up to the next space of the format: literals and conversions. */
  value: Part[];
}

/**
 * The `key=value` words of a format, found the way the text parser finds
 * them in a printed line (payload.ts): a word runs to the next space, its
 * key to the first `=`.
 */
export function keyTokens(parts: Part[]): KeyToken[] {
  const words: Part[][] = [[]];
  for (const p of parts) {
    if (typeof p !== 'string') {
      words[words.length - 1].push(p);
      continue;
    }
    const pieces = p.split(' ');
    for (let j = 0; j < pieces.length; j++) {
      if (j > 0) words.push([]);
      if (pieces[j]) words[words.length - 1].push(pieces[j]);
    }
  }
  const out: KeyToken[] = [];
  for (const w of words) {
    let first = w[0];
    if (typeof first !== 'string') continue;
    first = first.replace(/^\t+/, '');
    const eq = first.indexOf('=');
    if (eq <= 0) continue;
    const rest = first.slice(eq + 1);
    out.push({ key: first.slice(0, eq), value: rest ? [rest, ...w.slice(1)] : w.slice(1) });
  }
  return out;
}

/** Bits of the integer a conversion with this length modifier takes (`l`: the kernel's long). */
export function intBits(length: string, longSize: number): number {
  switch (length) {
    case 'hh':
      return 8;
    case 'h':
      return 16;
    case 'l':
    case 'z':
    case 'Z':
    case 't':
      return longSize * 8;
    case 'll':
    case 'L':
    case 'q':
    case 'j':
      return 64;
    default:
      return 32;
  }
}
