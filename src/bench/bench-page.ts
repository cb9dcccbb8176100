// The benchmark's page (built and served by bench.ts): loads the picked File
// through the app's own worker pool (worker/client.ts, the same code path as
// dropping a file on the dashboard) and times it; then times zooming in the
// worker. Driven from Playwright through window.bench.

import { loadTrace, splitting, startWorkers, backendFor } from '../worker/client.ts';
import type { BenchWorkerApi } from './bench-worker.ts';
import type { Remote } from 'comlink';
import type { SeriesRequest } from '../analysis/series.ts';
import { ns } from '../model/units.ts';

let loads = 0;

const bench = {
  /** Loads the picked file; split: whether idle workers help (client.ts `splitting`). */
  async load(split: boolean): Promise<{ ms: number; events: number; ok: boolean; message?: string; id: string }> {
    const file = (document.getElementById('file') as HTMLInputElement).files![0];
    splitting.enabled = split;
    const id = `t${++loads}`;
    const t0 = performance.now();
    const out = await loadTrace(id, file.name, file, (p) => ((window as unknown as { benchProgress: unknown }).benchProgress = p));
    const ms = performance.now() - t0;
    if (!out.ok) return { ms, events: 0, ok: false, message: out.message, id };
    return { ms, events: out.info.report.parseReport.events, ok: true, id };
  },

  /** Milliseconds for the worker of trace `id` to read the picked file again, parsing nothing: the reading part of a load. */
  async readOnly(id: string): Promise<number> {
    const file = (document.getElementById('file') as HTMLInputElement).files![0];
    return (backendFor(id) as unknown as Remote<BenchWorkerApi>).readOnly(file);
  },

  /**
   * Copies trace `id` in its worker until it holds `events` events, then times
   * `count` re-bucketings of random ranges in the worker: p50 and max ms.
   */
  async zoom(id: string, events: number, count: number) {
    const api = backendFor(id) as unknown as Remote<BenchWorkerApi>;
    const t = performance.now();
    const info = await api.tileForBench(id, `${id}-tiled`, events);
    const tileMs = performance.now() - t;
    const span = info.endNs - info.startNs;
    let seed = 12345;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    const reqs: SeriesRequest[] = [];
    for (let i = 0; i < count; i++) {
      // spans from a microsecond to the whole trace, log-uniform; the first is the whole trace
      const width = i === 0 ? span : Math.max(1000, span * Math.pow(10, -6 * rnd()));
      const t0 = i === 0 ? 0 : Math.floor(rnd() * (span - width));
      reqs.push({ t0: ns(t0), t1: ns(t0 + width), bucketCount: 100 + Math.floor(rnd() * 1400) });
    }
    const inWorker = await api.timeSeries(`${id}-tiled`, reqs);
    // round trips as the charts make them, answers included
    const roundTrip: number[] = [];
    for (const req of reqs.slice(0, 50)) {
      const t1 = performance.now();
      await api.series(`${id}-tiled`, req);
      roundTrip.push(performance.now() - t1);
    }
    await api.drop(`${id}-tiled`);
    return { events: info.report.parseReport.storedEvents, tileMs, inWorker, roundTrip };
  },

  drop(id: string) {
    return (backendFor(id) as unknown as Remote<BenchWorkerApi>).drop(id);
  },
};

(window as unknown as { bench: typeof bench }).bench = bench;
// the workers are started before anything is measured
const benchWorker = (): Worker => new Worker(new URL('./bench-worker.ts', import.meta.url), { type: 'module', name: 'reclaimscope-bench' });
// two workers, whatever the machine: the split loads need an idle one beside the owner
void startWorkers(benchWorker, 2).then(() => (document.body.dataset.ready = '1'));
