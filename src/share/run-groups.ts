// Runs of one kernel variant, recognised by file name: `base-1.txt`,
// `base-2.txt` and `base-run3.txt.gz` differ only in a trailing run number and
// form the variant `base`. A trailing number needs a separator (`-`, `_`,
// space) or the word `run`, so `dirty40` or `linux-6.18` are names, not runs.
// Used by the app when traces are dropped and by `reclaimscope compare`.

/** The file's name without folders, compression suffix and extension: what a trace is called. */
export function traceNameOf(fileName: string): string {
  let n = fileName.replace(/^.*[\\/]/, '');
  n = n.replace(/\.(gz|zst|zstd|xz)$/i, '');
  const dot = n.lastIndexOf('.');
  if (dot > 0) n = n.slice(0, dot);
  return n || fileName;
}

/** `base-run3` -> { stem: 'base', run: 3 }; null when the name does not end in a run number. */
export function runStem(name: string): { stem: string; run: number } | null {
  const m = /^(.*?[^-_ ])(?:[-_ ]?run[-_ ]?(\d{1,6})|[-_ ](\d{1,6}))$/i.exec(name);
  if (!m) return null;
  const run = Number(m[2] ?? m[3]);
  return { stem: m[1], run };
}

/**
 * Groups trace names into variants: names that share a stem (runStem) with at
 * least one other name form one variant named by the stem; any other name is
 * its own variant. Variants keep the order of their first trace; the index
 * list of each keeps the given order.
 */
export function groupByName(names: readonly string[]): { name: string; members: number[] }[] {
  const stems = names.map((n) => runStem(n)?.stem ?? null);
  const count = new Map<string, number>();
  for (const s of stems) if (s !== null) count.set(s, (count.get(s) ?? 0) + 1);
  const out: { name: string; members: number[] }[] = [];
  const byName = new Map<string, { name: string; members: number[] }>();
  names.forEach((n, i) => {
    const s = stems[i];
    const key = s !== null && count.get(s)! > 1 ? s : n;
    let g = byName.get(key);
    if (!g) {
      g = { name: key, members: [] };
      byName.set(key, g);
      out.push(g);
    }
    g.members.push(i);
  });
  return out;
}
