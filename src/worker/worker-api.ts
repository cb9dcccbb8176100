// What the parse worker answers: a thin layer over LoadedTraces (analysis/loaded-traces.ts).
// It owns the traces it parsed, reports progress, honours cancel, and
// transfers typed arrays instead of copying them. No parsing logic lives here.
// worker.ts exposes it as the app's worker; the benchmark's own worker
// (bench/bench-worker.ts) adds its measuring methods to it.

import { transfer } from 'comlink';
import { LoadedTraces, type TraceInfo } from '../analysis/loaded-traces.ts';
import { exploreApi } from './explore-api.ts';
import type { SeriesRequest, Series } from '../analysis/series.ts';
import { isTraceError } from '../parser/errors.ts';
import type { PartHelpers } from '../parser/parse.ts';
import { blobSource, blobSpool } from '../parser/source.ts';
import { parseTextRange, partBuffers, type PartSeed, type TextPart } from '../parser/text-part.ts';
import type { Ns } from '../model/units.ts';

export const traces = new LoadedTraces();
const controllers = new Map<string, AbortController>();

export type LoadOutcome =
  | { ok: true; info: TraceInfo; ms: number }
  | { ok: false; code: string; message: string; line: number | null };

export interface Progress {
  bytes: number;
  total: number;
  /** Reading (and parsing) the file, or analysing what was read. */
  stage: 'reading' | 'analysing';
  /** Milliseconds since the worker began this load, on its own clock (not waiting for a worker, nor for the page to hear it). */
  ms: number;
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

export const api = {
  /** Range views and the event list (explore-api.ts). */
  ...exploreApi(traces),

  /** Answers once the worker has started (client.ts startWorkers). */
  ping(): true {
    return true;
  },

  /** Parses and analyses a file; `peers` are ports to idle workers that each parse a part of it. */
  async load(id: string, name: string, file: Blob, onProgress?: (p: Progress) => void, peers: MessagePort[] = []): Promise<LoadOutcome> {
    const ctrl = new AbortController();
    controllers.set(id, ctrl);
    const began = performance.now();
    let last = 0;
    try {
      const info = await traces.load(id, name, blobSource(file), {
        helpers: peers.length ? peerHelpers(file, peers) : undefined,
        signal: ctrl.signal,
        spool: blobSpool,
        onProgress: (bytes) => {
          const now = performance.now();
          if (onProgress && (now - last > 50 || bytes >= file.size)) {
            last = now;
            void onProgress({ bytes, total: file.size, stage: 'reading', ms: now - began });
          }
        },
        onAnalysing: () => void onProgress?.({ bytes: file.size, total: file.size, stage: 'analysing', ms: performance.now() - began }),
      });
      return { ok: true, info, ms: performance.now() - began };
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

  cancel(id: string): void {
    controllers.get(id)?.abort();
  },

  drop(id: string): void {
    controllers.get(id)?.abort();
    api.dropEvents(id);
    traces.drop(id);
  },

  series(id: string, req: SeriesRequest): Series {
    const s = traces.series(id, req);
    const buffers = [...Object.values(s.values), ...s.kswapdInstances.map((k) => k.ms)].map((a) => a.buffer as ArrayBuffer);
    return transfer(s, buffers);
  },

  rangeSummary(id: string, t0: Ns | null, t1: Ns | null) {
    return traces.rangeSummary(id, t0, t1);
  },

  stalls(id: string, limit?: number) {
    return traces.stalls(id, limit);
  },

  episodes(id: string, t0: Ns, t1: Ns, limit?: number) {
    return traces.episodes(id, t0, t1, limit);
  },

  latencySamples(id: string): Float64Array {
    const d = traces.latencySamples(id);
    return transfer(d, [d.buffer as ArrayBuffer]);
  },
};

