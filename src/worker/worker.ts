// The parse worker: a thin Comlink shell around TraceStore (analysis/store.ts).
// It owns the traces it parsed, reports progress, honours cancel, and
// transfers typed arrays instead of copying them. No parsing logic lives here.

import { expose, transfer } from 'comlink';
import { TraceStore, type TraceInfo } from '../analysis/store.ts';
import type { SeriesRequest, Series } from '../analysis/series.ts';
import { isTraceError } from '../parser/errors.ts';
import { blobSource } from '../parser/source.ts';

const store = new TraceStore();
const controllers = new Map<string, AbortController>();

export type LoadOutcome =
  | { ok: true; info: TraceInfo }
  | { ok: false; code: string; message: string; line: number | null };

export interface Progress {
  bytes: number;
  total: number;
}

const api = {
  async load(id: string, name: string, file: Blob, onProgress?: (p: Progress) => void): Promise<LoadOutcome> {
    const ctrl = new AbortController();
    controllers.set(id, ctrl);
    let last = 0;
    try {
      const info = await store.load(id, name, blobSource(file), {
        signal: ctrl.signal,
        onProgress: (bytes) => {
          const now = performance.now();
          if (onProgress && (now - last > 50 || bytes >= file.size)) {
            last = now;
            void onProgress({ bytes, total: file.size });
          }
        },
      });
      return { ok: true, info };
    } catch (e) {
      if (isTraceError(e)) return { ok: false, code: e.code, message: e.message, line: e.line };
      return { ok: false, code: 'internal', message: e instanceof Error ? e.message : String(e), line: null };
    } finally {
      controllers.delete(id);
    }
  },

  cancel(id: string): void {
    controllers.get(id)?.abort();
  },

  drop(id: string): void {
    controllers.get(id)?.abort();
    store.drop(id);
  },

  series(id: string, req: SeriesRequest): Series {
    const s = store.series(id, req);
    const buffers = [...Object.values(s.values), ...s.kswapdInstances.map((k) => k.ms)].map((a) => a.buffer as ArrayBuffer);
    return transfer(s, buffers);
  },

  rangeSummary(id: string, t0: number | null, t1: number | null) {
    return store.rangeSummary(id, t0, t1);
  },

  stalls(id: string, limit?: number) {
    return store.stalls(id, limit);
  },

  episodes(id: string, t0: number, t1: number, limit?: number) {
    return store.episodes(id, t0, t1, limit);
  },

  latencySamples(id: string): Float64Array {
    const d = store.latencySamples(id);
    return transfer(d, [d.buffer as ArrayBuffer]);
  },
};

export type WorkerApi = typeof api;
expose(api);
