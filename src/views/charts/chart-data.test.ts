// The charts' arithmetic (chart-data.ts) on the three runs of a real workload
// (fixtures/runs-6.18): rates times bucket widths add up to the totals of
// each run's independently computed expected.json, and "mean of runs" is the
// mean of the runs' own lines where they were traced.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LoadedTraces } from '../../analysis/loaded-traces.ts';
import { bucketGrid } from '../../analysis/bucket-grid.ts';
import { ns } from '../../model/units.ts';
import { bufferSource } from '../../parser/source.ts';
import { compactionChart, drawsMean, kswapdChart, perVariant, pickSum, type ChartInput, type ChartRun } from './chart-data.ts';
import { PERCENT_UNIT, timeOf } from '../../analysis/timeline.ts';

const DIR = new URL('../../../fixtures/runs-6.18/', import.meta.url);
const RUNS = ['writeback-base-run1', 'writeback-base-run2', 'writeback-base-run3'];

async function input(mean: boolean): Promise<{ c: ChartInput; expected: Record<string, Record<string, number>> }> {
  const store = new LoadedTraces();
  const runs: ChartRun[] = [];
  const expected: Record<string, Record<string, number>> = {};
  let longest = 0;
  for (const name of RUNS) {
    const bytes = new Uint8Array(gunzipSync(readFileSync(new URL(`${name}.txt.gz`, DIR))));
    const info = await store.load(name, name, bufferSource(bytes));
    const e = JSON.parse(readFileSync(new URL(`${name}.expected.json`, DIR), 'utf8'))[0];
    expected[name] = { ...e.summary, ...e.extra };
    runs.push({ id: name, name, color: '#000', time: { zero: 0, scale: 1, unit: 's' }, lengthNs: info.endNs - info.startNs });
    longest = Math.max(longest, info.endNs - info.startNs);
  }
  const grid = bucketGrid(ns(0), ns(longest), ns(0));
  const ranges = Object.fromEntries(runs.map((r) => [r.id, [grid.start, grid.end] as const]));
  const series = Object.fromEntries(runs.map((r) => [r.id, store.series(r.id, { t0: ranges[r.id][0], t1: ranges[r.id][1], bucketCount: grid.n })]));
  return { c: { runs, groups: [{ id: 'base', name: 'base', runs }], series, ranges, grid, mean, selected: null }, expected };
}

/** A line's values times the bucket width in seconds, summed over the buckets (not the closing row). */
function integral(rows: Record<string, number>[], key: string, bucketNs: number): number {
  return rows.slice(0, -1).reduce((s, r) => s + r[key] * (bucketNs / 1e9), 0);
}

describe('chart data on three real runs', () => {
  it('draws direct stall in ms per second that adds up to each run\'s stall time', async () => {
    const { c, expected } = await input(false);
    const { rows, lines } = perVariant(c, pickSum(['directStallMs']), 'perSecond');
    expect(lines.map((l) => l.key)).toEqual(RUNS);
    for (const r of RUNS) expect(integral(rows, r, c.grid.bucketNs)).toBeCloseTo(expected[r].directStallMs, 2);
  });

  it('draws kswapd awake as % of time that adds up to each run\'s awake time, and compaction in ms per second', async () => {
    const { c, expected } = await input(false);
    const k = kswapdChart(c);
    for (const r of RUNS) expect(integral(k.rows, r, c.grid.bucketNs) * 10).toBeCloseTo(expected[r].kswapdAwakeMs, 1);
    const comp = compactionChart(c);
    for (const r of RUNS) expect(integral(comp.rows, `${r}:c`, c.grid.bucketNs)).toBeCloseTo(expected[r].compactionMs, 1);
  });

  it('draws the mean of the runs where each was traced, with a band from the lowest to the highest', async () => {
    const each = (await input(false)).c;
    const { c } = await input(true);
    expect(drawsMean(c)).toBe(true);
    const mean = perVariant(c, pickSum(['directStallMs']), 'perSecond');
    const runs = perVariant(each, pickSum(['directStallMs']), 'perSecond');
    expect(mean.lines).toEqual([{ key: 'base', name: 'base (mean of 3)', color: '#000', band: { lo: 'base:lo', hi: 'base:hi' } }]);
    const { start, bucketNs, n } = c.grid;
    for (let i = 0; i < n; i++) {
      const traced = c.runs.filter((v) => start + i * bucketNs < v.lengthNs).map((v) => runs.rows[i][v.id]);
      const row = mean.rows[i];
      expect(row.base).toBeCloseTo(traced.reduce((a, b) => a + b, 0) / traced.length, 9);
      expect(row['base:lo']).toBe(Math.min(...traced));
      expect(row['base:hi']).toBe(Math.max(...traced));
    }
  });

  it('draws each run over 0-100% in "% of each run", its rates still per second of its own time', async () => {
    const store = new LoadedTraces();
    const runs: ChartRun[] = [];
    const expected: Record<string, number> = {};
    for (const name of RUNS) {
      const info = await store.load(name, name, bufferSource(new Uint8Array(gunzipSync(readFileSync(new URL(`${name}.txt.gz`, DIR))))));
      expected[name] = JSON.parse(readFileSync(new URL(`${name}.expected.json`, DIR), 'utf8'))[0].summary.directStallMs;
      runs.push({ id: name, name, color: '#000', time: timeOf({ id: name, info }, { align: 'percent', offsets: {} }), lengthNs: info.endNs - info.startNs });
    }
    const lengths = new Set(runs.map((r) => r.lengthNs));
    expect(lengths.size).toBe(3);
    const grid = bucketGrid(ns(0), ns(100 * PERCENT_UNIT), ns(0));
    const ranges = Object.fromEntries(runs.map((r) => [r.id, [ns(grid.start / r.time.scale), ns(grid.end / r.time.scale)] as const]));
    const series = Object.fromEntries(runs.map((r) => [r.id, store.series(r.id, { t0: ranges[r.id][0], t1: ranges[r.id][1], bucketCount: grid.n })]));
    const c: ChartInput = { runs, groups: [{ id: 'base', name: 'base', runs }], series, ranges, grid, mean: false, selected: null };
    const { rows } = perVariant(c, pickSum(['directStallMs']), 'perSecond');
    // one common grid: the rows end at 100 (%)
    expect(rows[rows.length - 1].t).toBeCloseTo(100, 9);
    // each run's bucket is its own length / n: ms/s times that adds up to its stall time
    for (const r of runs) expect(integral(rows, r.id, grid.bucketNs / r.time.scale)).toBeCloseTo(expected[r.id], 2);
  });
});
