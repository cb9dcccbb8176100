// Snapshots are untrusted when they come back: real snapshots round-trip
// through link and file, anything else is refused with a SnapshotError, and
// random or mutated inputs never throw anything else.

import { describe, expect, it } from 'vitest';
import { LoadedTraces } from '../analysis/loaded-traces.ts';
import { bufferSource } from '../parser/source.ts';
import { storedBytes } from '../test-support/real-traces.ts';
import { SnapshotBackend } from './backend.ts';
import { fromBase64Url, toBase64Url } from './codec.ts';
import { seriesToEntry, SNAPSHOT_FORMAT, SnapshotError, snapshotJsonSchema, validateSnapshot, type Snapshot, type SnapshotVariant } from './snapshot.ts';
import { snapshotFromFile, snapshotFromLinkParam, snapshotToFile, snapshotToLinkParam, looksLikeComparison } from './transport.ts';
import { readFileSync } from 'node:fs';
import { ns, type Ns } from '../model/units.ts';

async function realSnapshot(): Promise<Snapshot> {
  const store = new LoadedTraces();
  const variants: SnapshotVariant[] = [];
  for (const [i, path] of ['fixtures/real-6.18/writeback-baseline.txt.gz', 'fixtures/real-6.18/writeback-dirty40.txt.gz'].entries()) {
    const id = `v${i}`;
    const info = await store.load(id, path, bufferSource(storedBytes(path)));
    const t1 = ns(info.endNs - info.startNs);
    const name = i === 0 ? 'baseline' : '<img src=x onerror=alert(1)>';
    variants.push({
      name,
      group: name,
      run: name,
      fileName: path,
      size: 1,
      cpuSeconds: null,
      info,
      series: [seriesToEntry(ns(0), t1, store.series(id, { t0: ns(0), t1, bucketCount: 300 }), 3)],
      ranges: [{ t0: ns(0), t1: ns(1e9), ...store.rangeSummary(id, ns(0), ns(1e9)), rows: undefined } as never].map(({ t0, t1, summary, spanMs }) => ({ t0, t1, summary, spanMs })),
      stalls: store.stalls(id, 10),
      latencyMs: Array.from(store.latencySamples(id)),
      episodes: [{ t0: ns(0), t1, limit: 400, bars: store.episodes(id, ns(0), t1, 400) }],
    });
  }
  return {
    format: SNAPSHOT_FORMAT,
    version: 2,
    created: '2026-11-26T00:00:00.000Z',
    detail: 'link',
    variants,
    view: { range: null, buckets: ns(0), align: 'start', metrics: ['stall'], rates: false, tableScope: 'whole', processFilter: '', baseline: 0, highlight: null },
  };
}

describe('comparison snapshots', () => {
  it('round-trip through a link and through a file unchanged', async () => {
    const s = await realSnapshot();
    const param = await snapshotToLinkParam(s);
    expect(param).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await snapshotFromLinkParam(param)).toEqual(s);
    const file = await snapshotToFile(s);
    expect(await looksLikeComparison(file.subarray(0, 4096))).toBe(true);
    expect(await snapshotFromFile(file)).toEqual(s);
  });

  it('answer the dashboard from the snapshot: the stored series exactly, other ranges re-bucketed', async () => {
    const s = await realSnapshot();
    const v = s.variants[0];
    const b = new SnapshotBackend(v);
    const e = v.series[0];
    const same = await b.series('x', { t0: e.t0, t1: e.t1, bucketCount: e.buckets });
    expect(Array.from(same.values.directStallMs)).toEqual(e.values.directStallMs);
    const coarse = await b.series('x', { t0: e.t0, t1: e.t1, bucketCount: 100 });
    const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);
    expect(sum(coarse.values.directStallMs)).toBeCloseTo(sum(e.values.directStallMs), 6);
    expect(sum(coarse.values.scannedKswapd)).toBeCloseTo(sum(e.values.scannedKswapd), 3);
  });

  it('never answer finer than the snapshot holds: a zoom below its resolution gets the stored buckets themselves', async () => {
    const s = await realSnapshot();
    const e = s.variants[0].series[0];
    const b = new SnapshotBackend(s.variants[0]);
    // ten stored buckets, asked for in 1000 buckets
    const t0 = ns(e.t0 + 20 * e.bucketNs);
    const fine = await b.series('x', { t0, t1: ns(t0 + 10 * e.bucketNs), bucketCount: 1000 });
    expect(fine.bucketNs).toBe(e.bucketNs);
    expect(fine.n).toBe(10);
    expect(fine.t0).toBe(t0);
    expect(Array.from(fine.values.directStallMs)).toEqual(e.values.directStallMs.slice(20, 30));
    expect(Array.from(fine.values.directStalledProcs)).toEqual(e.values.directStalledProcs.slice(20, 30));
  });

  it('refuse what does not fit, naming the field', () => {
    const bad = (patch: (s: Record<string, unknown>) => void) => async () => {
      const s = JSON.parse(JSON.stringify(await realSnapshot()));
      patch(s);
      return validateSnapshot(s);
    };
    return Promise.all([
      expect(bad((s) => (s.format = 'other'))()).rejects.toThrow(/format must be one of/),
      expect(bad((s) => (s.version = 7))()).rejects.toThrow(/newer reclaimscope/),
      expect(bad((s) => ((s.variants as SnapshotVariant[])[0].info.report.summary.directReclaims = -1))()).rejects.toThrow(/directReclaims must be between/),
      expect(bad((s) => ((s.variants as SnapshotVariant[])[0].name = 'x'.repeat(5000)))()).rejects.toThrow(/variants\[0\]\.name is longer/),
      expect(bad((s) => ((s.variants as Record<string, unknown>[])[0].evil = '<script>'))()).rejects.toThrow(/variants\[0\]\.evil is not a known field/),
      expect(bad((s) => ((s.view as Record<string, unknown>).baseline = 5))()).rejects.toThrow(/baseline is not one of the variants/),
      expect(bad((s) => ((s.variants as SnapshotVariant[])[0].series[0].values.directStallMs.pop()))()).rejects.toThrow(/has 299 buckets/),
      expect(bad((s) => ((s.variants as SnapshotVariant[])[0].info.hash = 'zz'))()).rejects.toThrow(/hash does not match/),
    ]);
  });

  it('refuse a view range that is not two numbers from start to end, and counts that are not whole', () => {
    const bad = (patch: (s: Snapshot) => void) => async () => {
      const s = JSON.parse(JSON.stringify(await realSnapshot())) as Snapshot;
      patch(s);
      return validateSnapshot(s);
    };
    const v0 = (s: Snapshot) => s.variants[0];
    return Promise.all([
      expect(bad((s) => (s.view.range = [ns(5e9), ns(1e9)]))()).rejects.toThrow(/range is not start < end/),
      expect(bad((s) => (s.view.range = [ns(1e9), ns(1e9)]))()).rejects.toThrow(/range is not start < end/),
      expect(bad((s) => (s.view.range = [1e9] as unknown as Ns[]))()).rejects.toThrow(/range/),
      expect(bad((s) => (s.view.range = [0, 1e9, 2e9] as unknown as Ns[]))()).rejects.toThrow(/range/),
      expect(bad((s) => (s.view.range = ['0', 1e9] as unknown as Ns[]))()).rejects.toThrow(/range/),
      expect(bad((s) => (v0(s).info.report.summary.directReclaims = 1.5))()).rejects.toThrow(/directReclaims must be a whole number/),
      expect(bad((s) => (v0(s).size = 0.5))()).rejects.toThrow(/size must be a whole number/),
      expect(bad((s) => (v0(s).stalls.longest[0].order = 2.5))()).rejects.toThrow(/order must be a whole number/),
      expect(bad((s) => (s.view.baseline = 0.5))()).rejects.toThrow(/baseline must be a whole number/),
    ]);
  });

  it('survive random and mutated input: a SnapshotError or a valid snapshot, nothing else', async () => {
    const s = await realSnapshot();
    const good = await snapshotToLinkParam(s);
    const json = JSON.stringify(s);
    let seed = 12345;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const inputs: string[] = [];
    for (let i = 0; i < 60; i++) {
      const bytes = new Uint8Array(1 + Math.floor(rnd() * 400));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(rnd() * 256);
      inputs.push(toBase64Url(bytes));
    }
    const raw = fromBase64Url(good);
    for (let i = 0; i < 60; i++) {
      const m = raw.slice();
      for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) m[Math.floor(rnd() * m.length)] ^= 1 << Math.floor(rnd() * 8);
      inputs.push(toBase64Url(i % 5 === 0 ? m.subarray(0, Math.floor(rnd() * m.length)) : m));
    }
    let refused = 0;
    for (const text of inputs) {
      try {
        await snapshotFromLinkParam(text);
      } catch (e) {
        expect(e).toBeInstanceOf(SnapshotError);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
    // mutated JSON (valid deflate of altered text): values swapped for other types
    const mutations = ['"name":', '"summary":', '"values":', '"count":', 'true', '0,', '"view":'];
    let tried = 0;
    let refusedJson = 0;
    for (const m of mutations) {
      for (const replacement of ['null', '"x"', '[]', '{}', '1e999', '-1', '{"__proto__":{"a":1}}']) {
        const text = json.replace(m, m.endsWith(':') ? `${m}${replacement},"_":` : replacement);
        tried++;
        try {
          await snapshotFromFile(new TextEncoder().encode(text));
        } catch (e) {
          expect(e).toBeInstanceOf(SnapshotError);
          refusedJson++;
        }
      }
    }
    // A key mutation adds an unknown field "_", and every value mutation changes a type or a range:
    // all of them must be refused.
    expect(tried).toBe(49);
    expect(refusedJson).toBe(tried);
  });

  it('publish their JSON Schema, generated from the validator (public/reclaimscope-comparison.v2.schema.json)', () => {
    const published = JSON.parse(readFileSync(new URL('../../public/reclaimscope-comparison.v2.schema.json', import.meta.url), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(snapshotJsonSchema())));
  });

  it('open version 1 files and links: each trace a variant of its own, under its name', async () => {
    const s = await realSnapshot();
    const v1 = { ...s, version: 1, variants: s.variants.map(({ group: _g, run: _r, ...v }) => v) };
    expect(JSON.stringify(v1)).not.toContain('"group"');
    const opened = await snapshotFromFile(new TextEncoder().encode(JSON.stringify(v1)));
    expect(opened.version).toBe(2);
    expect(opened.variants.map((v) => [v.name, v.group, v.run])).toEqual(s.variants.map((v) => [v.name, v.name, v.name]));
    expect(opened).toEqual(s);
  });

  it('hold the runs of a variant: a version 2 snapshot with two runs of one variant round-trips', async () => {
    const s = await realSnapshot();
    const two = { ...s, variants: s.variants.map((v, i) => ({ ...v, group: 'writeback', run: `writeback-${i + 1}`, name: `writeback #${i + 1}` })) };
    expect(await snapshotFromLinkParam(await snapshotToLinkParam(two))).toEqual(two);
  });
});
