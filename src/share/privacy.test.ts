// What leaves with a link or a comparison file: process names replaced by
// stable pseudonyms on request, raw skipped lines never in a link, the
// validator strict about inherited member names, comparison files
// recognised whatever their key order, and bounded on import ("too large").

import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LoadedTraces } from '../analysis/loaded-traces.ts';
import { bufferSource } from '../parser/source.ts';
import { storedBytes } from '../test-support/real-traces.ts';
import { zeroSummary } from '../model/summary.ts';
import { buildComparison, type RunInput } from './comparison-table.ts';
import { comparisonCsv, comparisonMarkdown, comparisonText } from './comparison-export.ts';
import { forSharing, pseudonymsOf } from './privacy.ts';
import { seriesToEntry, SNAPSHOT_FORMAT, SnapshotError, validateSnapshot, type Snapshot, type SnapshotVariant } from './snapshot.ts';
import { looksLikeComparison, MAX_COMPARISON_JSON, snapshotFromFile, snapshotToFile } from './transport.ts';
import { ns } from '../model/units.ts';

/** Two real traces as a comparison file would hold them (the same steps as share.test.ts). */
async function realSnapshot(): Promise<Snapshot> {
  const store = new LoadedTraces();
  const variants: SnapshotVariant[] = [];
  for (const [i, path] of ['fixtures/real-6.18/memcg-256m.trace.txt.gz', 'fixtures/real-6.18/writeback-dirty40.txt.gz'].entries()) {
    const id = `v${i}`;
    const info = await store.load(id, path, bufferSource(storedBytes(path)));
    const t1 = ns(info.endNs - info.startNs);
    variants.push({
      name: `variant ${i}`,
      group: `variant ${i}`,
      run: `variant ${i}`,
      fileName: path,
      size: 1,
      cpuSeconds: null,
      info,
      series: [seriesToEntry(ns(0), t1, store.series(id, { t0: ns(0), t1, bucketCount: 300 }), 3)],
      ranges: [],
      stalls: store.stalls(id, 10),
      latencyMs: Array.from(store.latencySamples(id)),
      episodes: [{ t0: ns(0), t1, limit: 400, bars: store.episodes(id, ns(0), t1, 400) }],
    });
  }
  return {
    format: SNAPSHOT_FORMAT,
    version: 2,
    created: '2026-11-26T00:00:00.000Z',
    detail: 'file',
    variants,
    view: { range: null, buckets: ns(0), align: 'start', metrics: ['stall'], rates: false, tableScope: 'whole', processFilter: '', baseline: 0, highlight: null },
  };
}

describe('sharing options', () => {
  it('replace every process name by one pseudonym, the same in every variant, and keep the numbers', async () => {
    const s = await realSnapshot();
    const names = pseudonymsOf(s);
    const procs = s.variants.flatMap((v) => v.info.report.processes.map((p) => p.process));
    expect(procs.length).toBeGreaterThan(2);
    const shared = forSharing(s, { pseudonyms: true, skippedText: true });
    const text = JSON.stringify(shared);
    for (const p of procs) if (!/^(kswapd|kcompactd)/.test(p)) expect(text.includes(`"${p}"`), p).toBe(false);
    // the worst stall's process has one pseudonym in the stall list and in the process table
    const worst = s.variants[1].stalls.longest[0].process;
    expect(names.has(worst)).toBe(true);
    const pseud = names.get(worst)!;
    expect(shared.variants[1].stalls.longest[0].process).toBe(pseud);
    expect(shared.variants[1].info.report.processes.some((p) => p.process === pseud)).toBe(true);
    expect(text).toMatch(/"kswapd0(-\d+)?"/);
    expect(shared.variants.map((v) => v.info.report.summary)).toEqual(s.variants.map((v) => v.info.report.summary));
    expect(validateSnapshot(JSON.parse(text))).toBeTruthy();
  });

  it('leave the raw text of skipped lines out unless asked', async () => {
    const s = await realSnapshot();
    const withText = s.variants.flatMap((v) => Object.values(v.info.report.parseReport.skipped).flatMap((c) => c!.examples));
    expect(withText.length).toBeGreaterThan(0);
    const out = forSharing(s, { pseudonyms: false, skippedText: false });
    for (const v of out.variants)
      for (const [k, c] of Object.entries(v.info.report.parseReport.skipped)) {
        expect(c!.examples).toEqual([]);
        expect(c!.count).toBe(s.variants[out.variants.indexOf(v)].info.report.parseReport.skipped[k as 'blank']!.count);
      }
    expect(forSharing(s, { pseudonyms: false, skippedText: true })).toEqual(s);
  });
});

describe('reading comparison files', () => {
  it('refuses keys named like inherited members, which only own keys may be', async () => {
    const s = JSON.parse(JSON.stringify(await realSnapshot())) as Record<string, unknown>;
    for (const key of ['toString', 'constructor', '__proto__']) {
      const text = JSON.stringify(s).replace(/^\{/, `{"${key}":1,`);
      expect(() => validateSnapshot(JSON.parse(text)), key).toThrow(SnapshotError);
      expect(() => validateSnapshot(JSON.parse(text)), key).toThrow(`.${key} is not a known field`);
    }
  });

  it('recognise a file whose keys are sorted (jq -S)', async () => {
    const s = await realSnapshot();
    const sortKeys = (x: unknown): unknown =>
      Array.isArray(x) ? x.map(sortKeys) : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sortKeys((x as Record<string, unknown>)[k])])) : x;
    const sorted = new TextEncoder().encode(JSON.stringify(sortKeys(s), null, 2));
    expect(new TextDecoder().decode(sorted.subarray(0, 20))).toMatch(/^\{\s+"created"/);
    const gz = new Uint8Array(gzipSync(sorted));
    expect(await looksLikeComparison(gz.subarray(0, 4096))).toBe(true);
    expect(await looksLikeComparison(sorted.subarray(0, 4096))).toBe(true);
    expect(await snapshotFromFile(gz)).toEqual(await snapshotFromFile(await snapshotToFile(s)));
  });

  it('say "too large" for a small file that inflates past what a comparison holds', async () => {
    const bomb = new Uint8Array(gzipSync(Buffer.concat([Buffer.from('{"format":"reclaimscope-comparison","x":"'), Buffer.alloc(MAX_COMPARISON_JSON + 1, 0x61)]), { level: 1 }));
    expect(bomb.length).toBeLessThan(1_000_000);
    await expect(snapshotFromFile(bomb)).rejects.toThrow(/^the comparison file is too large: it decompresses to more than 64 MiB/);
  });
});

describe('the copied table', () => {
  it('carries a note for every warning about the numbers, in text, Markdown and CSV', () => {
    const run = (file: string, warnings: string[]): RunInput => ({ file, summary: zeroSummary(), extra: {}, tracedMs: 1000, capture: null, cpus: null, latencyMs: null, cpuSeconds: null, warnings });
    const c = buildComparison(
      [
        { name: 'a', runs: [run('a.txt', [])] },
        { name: 'b', runs: [run('b.txt', ['time runs backwards 3 times, 3 of them between events of one CPU'])] },
      ],
      { baseline: 0 },
    );
    expect(comparisonText(c)).toMatch(/\n\nNote: b: time runs backwards 3 times, 3 of them between events of one CPU\n$/);
    expect(comparisonMarkdown(c)).toMatch(/\n\n> \*\*Note:\*\* b: time runs backwards 3 times/);
    expect(comparisonCsv(c)).toMatch(/\nnote,"b: time runs backwards 3 times, 3 of them/);
  });
});
