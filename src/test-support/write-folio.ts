// A write_folio-heavy trace for the fast-path and table-sizing tests: the
// 12,000-line real cut fixtures/real-6.18/memcg-write-folio-cut.txt.gz
// (memcg reclaim swapping to zram, 83% mm_vmscan_write_folio), repeated with
// every page= and pfn= value replaced by seeded random hex of the same shape,
// and timestamps moved on, so that those values stay as unique as in a real
// capture while the trace grows past the parser's per-kind probe windows.

import { textBytes } from './real-traces.ts';

/** Seeded xorshift32, for cuts and values that are random but the same on every run. */
export function seededRandom(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

export function writeFolioTrace(copies: number, seed = 13): Uint8Array {
  const lines = new TextDecoder().decode(textBytes('fixtures/real-6.18/memcg-write-folio-cut.txt.gz')).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const rnd = seededRandom(seed);
  const hex = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rnd() * 16)];
    return s;
  };
  const out: string[] = [];
  for (let k = 0; k < copies; k++) {
    for (const line of lines) {
      let l = k === 0 ? line : line.replace(/ (\d+)\.(\d{6}):/, (_, sec: string, frac: string) => ` ${Number(sec) + 100 * k}.${frac}:`);
      if (k > 0) l = l.replace(/page=[0-9a-f]{16} pfn=0x[0-9a-f]+/, () => `page=${hex(16)} pfn=0x${(0x100000 + Math.floor(rnd() * 0x300000)).toString(16)}`);
      out.push(l);
    }
  }
  return new TextEncoder().encode(`${out.join('\n')}\n`);
}
