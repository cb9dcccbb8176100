// What a link or comparison file carries beyond the numbers, and what the
// user may take out before sharing: the raw text of skipped lines (never in
// a link; in a file only when asked) and process names, which can be
// replaced by stable pseudonyms (`process-1`, ...: one name, one pseudonym,
// everywhere in the snapshot). kswapd and kcompactd threads keep their names:
// they are the kernel's, and the kswapd table needs them.

import type { Snapshot } from './snapshot.ts';

export interface ShareOptions {
  /** Replace process names with pseudonyms. */
  pseudonyms: boolean;
  /** Keep the text of the up to 5 example lines per skip reason (comparison file only). */
  skippedText: boolean;
}

const KERNEL_THREAD = /^(kswapd|kcompactd)\d*(-\d+)?$/;
/** Fields whose string values (or arrays of them) are process names, in snapshot.ts. */
const NAME_KEYS = new Set(['process', 'instance', 'topProcesses', 'kswapdInstances']);

function collectNames(x: unknown, key: string, into: Set<string>): void {
  if (ArrayBuffer.isView(x)) return;
  if (typeof x === 'string') {
    if (NAME_KEYS.has(key)) into.add(x);
  } else if (Array.isArray(x)) {
    for (const v of x) collectNames(v, key, into);
  } else if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) collectNames(v, k === 'name' && NAME_KEYS.has(key) ? key : k, into);
  }
}

function replaceNames(x: unknown, names: Map<string, string>): unknown {
  if (typeof x === 'string') return names.get(x) ?? x;
  if (ArrayBuffer.isView(x)) return x;
  if (Array.isArray(x)) return x.map((v) => replaceNames(v, names));
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, replaceNames(v, names)]));
  return x;
}

/** The pseudonym of each process name in the snapshot, numbered in sorted order so that the same traces give the same names. */
export function pseudonymsOf(s: Snapshot): Map<string, string> {
  const found = new Set<string>();
  collectNames(s.variants, '', found);
  const names = [...found].filter((n) => !KERNEL_THREAD.test(n)).sort();
  return new Map(names.map((n, i) => [n, `process-${i + 1}`]));
}

export function forSharing(s: Snapshot, o: ShareOptions): Snapshot {
  let out: Snapshot = {
    ...s,
    variants: s.variants.map((v) => {
      const pr = v.info.report.parseReport;
      const skipped = o.skippedText ? pr.skipped : Object.fromEntries(Object.entries(pr.skipped).map(([k, c]) => [k, { count: c!.count, examples: [] }]));
      return { ...v, info: { ...v.info, report: { ...v.info.report, parseReport: { ...pr, skipped } } } };
    }),
  };
  if (o.pseudonyms) {
    const names = pseudonymsOf(out);
    out = { ...out, variants: out.variants.map((v) => replaceNames(v, names) as typeof v) };
  }
  return out;
}
