// Builds a big trace out of real ones, for the benchmark and its tests: copies
// of the source traces one after the other, each copy's timestamps shifted so
// that it starts GAP_NS after the previous copy ended, as if it were one long
// capture. Only the timestamp of each event line is rewritten (same number of
// decimals, the digits may grow); every other byte, header and marker line is
// copied as it is. Pids and comms are not touched, so they repeat from copy to
// copy; what that does to pairing is the business of the tests, not of this.
// Pure (no node, no DOM): the bench writes the copies to a file, tests keep
// them in memory.

/** Pause between two copies: a millisecond, a whole number of microseconds. */
export const GAP_NS = 1_000_000;

/** Where a source trace's event-line timestamps are, found once and reused for every copy. */
export interface TraceSource {
  name: string;
  text: Uint8Array;
  /** Byte offset of each timestamp's first digit, and of the byte after its last. */
  tsStart: Int32Array;
  tsEnd: Int32Array;
  /** Each timestamp in integer ns, and the digits after its decimal point. */
  tsNs: Float64Array;
  decimals: Uint8Array;
  firstNs: number;
  lastNs: number;
}

/** One copy in the big trace: which source, and what was added to its timestamps. */
export interface CopyPlan {
  source: number;
  offsetNs: number;
  /** First and last timestamp of the copy once shifted. */
  firstNs: number;
  lastNs: number;
  bytes: number;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * Finds the timestamp of every event line: after the first `] ` on the line,
 * an optional flags token, then `SECONDS.FRACTION:`. Lines without that shape
 * (headers, markers, perf callchains) have none and are copied unchanged.
 */
export function indexSource(name: string, text: Uint8Array): TraceSource {
  if (text.length > 0 && text[text.length - 1] !== 0x0a) {
    // A last line without its newline would run into the next copy's first line.
    const ended = new Uint8Array(text.length + 1);
    ended.set(text);
    ended[text.length] = 0x0a;
    text = ended;
  }
  const starts: number[] = [];
  const ends: number[] = [];
  const values: number[] = [];
  const decimals: number[] = [];
  let first = Infinity;
  let last = -Infinity;
  let s = 0;
  while (s < text.length) {
    let e = text.indexOf(0x0a, s);
    if (e < 0) e = text.length;
    const found = findTimestamp(text, s, e);
    if (found) {
      starts.push(found.start);
      ends.push(found.end);
      values.push(found.ns);
      decimals.push(found.decimals);
      if (found.ns < first) first = found.ns;
      if (found.ns > last) last = found.ns;
    }
    s = e + 1;
  }
  if (values.length === 0) throw new Error(`${name}: no timestamps found`);
  return {
    name,
    text,
    tsStart: Int32Array.from(starts),
    tsEnd: Int32Array.from(ends),
    tsNs: Float64Array.from(values),
    decimals: Uint8Array.from(decimals),
    firstNs: first,
    lastNs: last,
  };
}

function findTimestamp(b: Uint8Array, s: number, e: number): { start: number; end: number; ns: number; decimals: number } | null {
  let p = s;
  while (p < e && !(b[p] === 0x5d && p + 1 < e && b[p + 1] === 0x20)) p++;
  if (p >= e) return null;
  for (let token = 0; token < 2; token++) {
    while (p < e && (b[p] === 0x20 || b[p] === 0x5d)) p++;
    let q = p;
    while (q < e && b[q] !== 0x20) q++;
    // SECONDS.FRACTION: with at least one digit on each side
    if (q > p && b[q - 1] === 0x3a) {
      let i = p;
      let secs = 0;
      while (i < q - 1 && isDigit(b[i])) secs = secs * 10 + (b[i++] - 0x30);
      if (i === p || b[i] !== 0x2e) return null;
      const dot = i++;
      let frac = 0;
      while (i < q - 1 && isDigit(b[i])) frac = frac * 10 + (b[i++] - 0x30);
      const decimals = i - dot - 1;
      if (i !== q - 1 || decimals === 0 || decimals > 9) return null;
      return { start: p, end: q - 1, ns: secs * 1e9 + frac * 10 ** (9 - decimals), decimals };
    }
    p = q;
  }
  return null;
}

/**
 * The copies that make a trace of at least `targetBytes`: sources in turn,
 * each copy starting GAP_NS after the one before ended. Offsets are whole
 * microseconds, so 6-decimal timestamps stay exact.
 */
export function planCopies(sources: TraceSource[], targetBytes: number): CopyPlan[] {
  const plan: CopyPlan[] = [];
  let total = 0;
  let prevEnd = -Infinity;
  for (let k = 0; total < targetBytes || plan.length === 0; k++) {
    const src = sources[k % sources.length];
    let offsetNs = 0;
    if (k > 0) offsetNs = Math.ceil((prevEnd + GAP_NS - src.firstNs) / 1000) * 1000;
    const bytes = shiftedLength(src, offsetNs);
    plan.push({ source: k % sources.length, offsetNs, firstNs: src.firstNs + offsetNs, lastNs: src.lastNs + offsetNs, bytes });
    prevEnd = src.lastNs + offsetNs;
    total += bytes;
  }
  return plan;
}

function digitsOf(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

function shiftedLength(src: TraceSource, offsetNs: number): number {
  let grow = 0;
  for (let i = 0; i < src.tsNs.length; i++) {
    const oldSecs = Math.floor(src.tsNs[i] / 1e9);
    const newSecs = Math.floor((src.tsNs[i] + offsetNs) / 1e9);
    grow += digitsOf(newSecs) - digitsOf(oldSecs);
  }
  return src.text.length + grow;
}

/** The bytes of one copy: the source with every timestamp moved by offsetNs. */
export function shiftedCopy(src: TraceSource, offsetNs: number): Uint8Array {
  if (offsetNs === 0) return src.text;
  const out = new Uint8Array(shiftedLength(src, offsetNs));
  const text = src.text;
  let from = 0;
  let o = 0;
  for (let i = 0; i < src.tsNs.length; i++) {
    const s = src.tsStart[i];
    out.set(text.subarray(from, s), o);
    o += s - from;
    const ns = src.tsNs[i] + offsetNs;
    const secs = Math.floor(ns / 1e9);
    const dec = src.decimals[i];
    let frac = Math.round((ns - secs * 1e9) / 10 ** (9 - dec));
    const sd = digitsOf(secs);
    for (let d = sd - 1, v = secs; d >= 0; d--, v = Math.floor(v / 10)) out[o + d] = 0x30 + (v % 10);
    o += sd;
    out[o++] = 0x2e;
    for (let d = dec - 1; d >= 0; d--, frac = Math.floor(frac / 10)) out[o + d] = 0x30 + (frac % 10);
    o += dec;
    from = src.tsEnd[i];
  }
  out.set(text.subarray(from), o);
  return out;
}

/** The whole big trace in memory (tests; the bench streams the copies to a file instead). */
export function concatenate(sources: TraceSource[], plan: CopyPlan[]): Uint8Array {
  const total = plan.reduce((n, c) => n + c.bytes, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of plan) {
    const copy = shiftedCopy(sources[c.source], c.offsetNs);
    out.set(copy, o);
    o += copy.length;
  }
  return out;
}
