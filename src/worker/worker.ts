// The parse worker: a thin Comlink shell around TraceStore (analysis/store.ts).
// It owns the traces it parsed, reports progress, honours cancel, and
// transfers typed arrays instead of copying them. No parsing logic lives here.

import { expose, transfer } from 'comlink';
import { TraceStore, type TraceInfo } from '../analysis/store.ts';
import { tileTable } from '../bench/tile.ts';
import type { SeriesRequest, Series } from '../analysis/series.ts';
import { isTraceError } from '../parser/errors.ts';
import type { PartHelpers } from '../parser/parse.ts';
import { blobSource } from '../parser/source.ts';
import { parseTextRange, partBuffers, type PartSeed, type TextPart } from '../parser/text-part.ts';
import { exploreApi } from './explore-api.ts';

const store = new TraceStore();
const controllers = new Map<string, AbortController>();

export type LoadOutcome =
  | { ok: true; info: TraceInfo }
  | { ok: false; code: string; message: string; line: number | null };

export interface Progress {
  bytes: number;
  total: number;
}

/** A request to parse part of a file, sent to a helper worker over a MessagePort (client.ts pairs them). */
interface PartRequest {
  file: Blob;
  from: number;
  to: number;
  seed: PartSeed;
}
type PartReply = { progress: number } | { part: TextPart } | { error: string };

/** The helper workers behind these ports, as parse.ts's PartHelpers: each takes one part. */
function peerHelpers(file: Blob, peers: MessagePort[]): PartHelpers {
  let next = 0;
  return {
    count: peers.length,
    parse: (from, to, seed, onProgress, signal) =>
      new Promise<TextPart>((resolve, reject) => {
        const port = peers[next++ % peers.length];
        port.onmessage = (ev: MessageEvent<PartReply>) => {
          const m = ev.data;
          if ('progress' in m) onProgress(m.progress);
          else if ('part' in m) resolve(m.part);
          else reject(new Error(m.error));
        };
        signal?.addEventListener('abort', () => port.postMessage({ abort: true }));
        const req: PartRequest = { file, from, to, seed };
        port.postMessage(req);
      }),
  };
}

const api = {
  /** Range views and the event list (explore-api.ts). */
  ...exploreApi(store),

  /** Parses and analyses a file; `peers` are ports to idle workers that each parse a part of it. */
  async load(id: string, name: string, file: Blob, onProgress?: (p: Progress) => void, peers: MessagePort[] = []): Promise<LoadOutcome> {
    const ctrl = new AbortController();
    controllers.set(id, ctrl);
    let last = 0;
    try {
      const info = await store.load(id, name, blobSource(file), {
        helpers: peers.length ? peerHelpers(file, peers) : undefined,
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
      for (const p of peers) p.close();
    }
  },

  /** Parses, for the worker at the other end of the port, the part of a file it asks for (see load's peers). */
  servePart(port: MessagePort): void {
    const ctrl = new AbortController();
    port.onmessage = async (ev: MessageEvent<PartRequest | { abort: true }>) => {
      const m = ev.data;
      if ('abort' in m) {
        ctrl.abort();
        return;
      }
      let last = 0;
      try {
        const part = await parseTextRange(blobSource(m.file), m.from, m.to, m.seed, {
          signal: ctrl.signal,
          onProgress: (bytes) => {
            const now = performance.now();
            if (now - last > 50) {
              last = now;
              port.postMessage({ progress: bytes } satisfies PartReply);
            }
          },
        });
        port.postMessage({ part } satisfies PartReply, partBuffers(part));
      } catch (e) {
        port.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies PartReply);
      } finally {
        port.close();
      }
    };
  },

  /** Debug (src/bench): the worker's JS heap, where the browser reports it (Chromium with --enable-precise-memory-info). */
  memory(): { usedJSHeapSize: number; totalJSHeapSize: number } | null {
    const m = (performance as unknown as { memory?: { usedJSHeapSize: number; totalJSHeapSize: number } }).memory;
    return m ? { usedJSHeapSize: m.usedJSHeapSize, totalJSHeapSize: m.totalJSHeapSize } : null;
  },

  /** Debug (src/bench): milliseconds this worker takes to compute each of these series, answers not sent back. */
  timeSeries(id: string, reqs: SeriesRequest[]): number[] {
    return reqs.map((req) => {
      const t = performance.now();
      store.series(id, req);
      return performance.now() - t;
    });
  },

  /** Debug (src/bench): a trace of at least `events` rows made of copies of a loaded one (bench/tile.ts), to time zooming on. */
  tileForBench(id: string, newId: string, events: number): TraceInfo {
    const { table, report } = tileTable(store.parsed(id).table, store.parsed(id).report, events);
    return store.adopt(newId, `${events} events`, table, report);
  },

  cancel(id: string): void {
    controllers.get(id)?.abort();
  },

  drop(id: string): void {
    controllers.get(id)?.abort();
    api.dropEvents(id);
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
