// Zooming re-buckets through block sums (series.ts, SeriesIndex) instead of
// reading every event of the range. The answer must be the one reading every
// event gives, to the last page, for any range and bucket count: compared
// here on real traces for random ranges, including ranges that start before
// the trace, end after it, hold no event, or are a few nanoseconds wide.

import { describe, expect, it } from 'vitest';
import { chunksOf, parseTrace } from '../parser/parse.ts';
import { realTraces, textBytes } from '../test-support/real-traces.ts';
import { analyzeParsed } from './report.ts';
import { buildSeriesIndex, computeSeries, episodesByTask, SERIES_KEYS, type SeriesRequest } from './series.ts';
import { buildTimeIndex } from './time-index.ts';
import { ns } from '../model/units.ts';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const traces = realTraces().filter((t) => ['mixed-baseline.txt', 'mixed-dirty40.txt', 'memcg-256m.trace.txt', 'writeback-dirty40.txt'].includes(t.name));

describe.each(traces)('zooming into $name', (trace) => {
  it('gives by block sums exactly the series that reading every event gives, for 300 random ranges', async () => {
    const { table, report } = await parseTrace(chunksOf(textBytes(trace.path)));
    const a = analyzeParsed(table, report);
    const index = buildTimeIndex(table);
    const si = buildSeriesIndex(table, a, index);
    const byTask = episodesByTask(a.direct);
    const span = a.endNs - a.startNs;
    const rnd = random(trace.name.length * 7919);
    for (let k = 0; k < 300; k++) {
      const kind = k % 6;
      let t0 = Math.floor(rnd() * span);
      let t1 = t0 + Math.floor(rnd() * (span - t0)) + 1;
      if (kind === 0) [t0, t1] = [0, span + 1]; // the whole trace
      if (kind === 1) [t0, t1] = [-Math.floor(rnd() * 1e9), span + Math.floor(rnd() * 1e9)]; // wider than the trace
      if (kind === 2) t1 = t0 + 1 + Math.floor(rnd() * 1000); // a few nanoseconds to a microsecond
      const req: SeriesRequest = { t0: ns(t0), t1: ns(t1), bucketCount: [1, 7, 100, 777, 4096][Math.floor(rnd() * 5)] };
      const scan = computeSeries(table, a, index, req, byTask, si, { method: 'scan' });
      const blocks = computeSeries(table, a, index, req, byTask, si, { method: 'blocks' });
      for (const key of SERIES_KEYS) {
        const x = blocks.values[key];
        const y = scan.values[key];
        let same = x.length === y.length;
        for (let i = 0; same && i < x.length; i++) same = Object.is(x[i], y[i]);
        if (!same) expect(Array.from(x), `${key} for ${JSON.stringify(req)}`).toEqual(Array.from(y));
      }
    }
  });
});
