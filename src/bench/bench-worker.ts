// The benchmark's worker: the app's worker API (worker/worker-api.ts) plus the
// methods that only the benchmark page uses to measure it. Kept out of the
// app's worker so that production never ships benchmark code.

import { expose } from 'comlink';
import type { SeriesRequest } from '../analysis/series.ts';
import type { TraceInfo } from '../analysis/loaded-traces.ts';
import { api, traces } from '../worker/worker-api.ts';
import { tileTable } from './tile.ts';
import { blobSource, reusedChunks } from '../parser/source.ts';

const benchApi = {
  ...api,

  /** Debug (src/bench): milliseconds this worker takes to compute each of these series, answers not sent back. */
  timeSeries(id: string, reqs: SeriesRequest[]): number[] {
    return reqs.map((req) => {
      const t = performance.now();
      traces.series(id, req);
      return performance.now() - t;
    });
  },

  /** Debug (src/bench): milliseconds to read a File in this worker as a load does (blobSource, reusedChunks), parsing nothing. */
  async readOnly(file: Blob): Promise<number> {
    const t = performance.now();
    let n = 0;
    for await (const c of reusedChunks(blobSource(file))) n += c.length;
    if (n !== file.size) throw new Error(`read ${n} of ${file.size} bytes`);
    return performance.now() - t;
  },

  /** Debug (src/bench): a trace of at least `events` rows made of copies of a loaded one (bench/tile.ts), to time zooming on. */
  tileForBench(id: string, newId: string, events: number): TraceInfo {
    const { table, report } = tileTable(traces.parsed(id).table, traces.parsed(id).report, events);
    return traces.adopt(newId, `${events} events`, table, report);
  },

};

export type BenchWorkerApi = typeof benchApi;
expose(benchApi);
