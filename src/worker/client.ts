// Main-thread side of the workers: a small pool (one per core but the page's,
// at most 4), so that several files parse at once. A trace lives in the worker
// that parsed it; every question about it goes to that worker.

import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { Series, SeriesRequest } from '../analysis/series.ts';
import type { EpisodeBar, RangeSummary } from '../analysis/loaded-traces.ts';
import type { StallEpisode, StallPeriod } from '../analysis/stalls.ts';
import type { Ns } from '../model/units.ts';
import type { LoadOutcome, Progress, WorkerApi } from './worker.ts';

export type { LoadOutcome, Progress };

interface Slot {
  api: Remote<WorkerApi>;
  load: number;
}

let pool: Slot[] | null = null;
const owner = new Map<string, Slot>();

/**
 * Whether one big file is read by its worker and every idle one together
 * (parser/text-part.ts), and from what size. Off: on the two-core machine of
 * README "Speed and memory" it did not pay (the file is read through the
 * browser process, which then competes for the second core); the benchmark
 * measures both ways and the parts are tested to give the one-pass result.
 */
export const splitting = { enabled: false, minBytes: 64 << 20 };

/** What the views ask about a loaded trace: answered by its worker, or by a snapshot (share/backend.ts). */
export interface TraceBackend {
  series(id: string, req: SeriesRequest): Promise<Series>;
  rangeSummary(id: string, t0: Ns | null, t1: Ns | null): Promise<RangeSummary>;
  stalls(id: string, limit?: number): Promise<{ longest: StallEpisode[]; busiest: StallPeriod[] }>;
  episodes(id: string, t0: Ns, t1: Ns, limit?: number): Promise<EpisodeBar[] | null>;
  latencySamples(id: string): Promise<Float64Array>;
}

const snapshots = new Map<string, TraceBackend>();

export function registerSnapshotBackend(id: string, backend: TraceBackend): void {
  snapshots.set(id, backend);
}

export function isSnapshot(id: string): boolean {
  return snapshots.has(id);
}

const appWorker = (): Worker => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'reclaimscope-parser' });

/**
 * Workers for a machine of `cores` cores: one per core but one, which the page
 * keeps (its renders, the browser's own threads and the file reads need it), at
 * least one and at most four. On two cores a second parsing worker left the page
 * a quarter of a core while traces loaded: 20 ms of layout took 60-100 ms, and
 * a large trace loading beside two small ones made tasks over 100 ms in 2 of 5
 * runs (e2e/dashboard.spec.ts); with one worker none in 12 (largest 90 ms).
 */
export function poolSize(cores: number): number {
  return Math.max(1, Math.min(4, cores - 1));
}

function getPool(makeWorker: () => Worker = appWorker, size = poolSize(navigator.hardwareConcurrency || 2)): Slot[] {
  pool ??= Array.from({ length: size }, () => ({ api: wrap<WorkerApi>(makeWorker()), load: 0 }));
  return pool;
}

/**
 * Starts the worker pool now and resolves when every worker answers (the
 * benchmark measures loads, not worker start-up). `makeWorker` lets the
 * benchmark page start its own worker entry, which answers the same API;
 * `size` sets the pool's size (the benchmark splits a file over two workers).
 */
export async function startWorkers(makeWorker?: () => Worker, size?: number): Promise<void> {
  await Promise.all(getPool(makeWorker, size).map((s) => s.api.ping()));
}

/** What answers for a trace: the worker that holds it, or the snapshot it came from. */
export function backendFor(id: string): TraceBackend {
  const snap = snapshots.get(id);
  if (snap) return snap;
  const slot = owner.get(id);
  if (!slot) throw new Error(`trace ${id} is not loaded`);
  return slot.api;
}

/** The worker that holds a trace (null for a snapshot or an unknown id), for the explore methods (explore-client.ts). */
export function remoteFor(id: string): Remote<WorkerApi> | null {
  return snapshots.has(id) ? null : (owner.get(id)?.api ?? null);
}

export async function loadTrace(id: string, name: string, file: Blob, onProgress: (p: Progress) => void): Promise<LoadOutcome> {
  const slots = getPool();
  const slot = slots.reduce((a, b) => (b.load < a.load ? b : a));
  // Idle workers each parse a part and hand it to the owner; they own nothing after.
  const helpers = splitting.enabled && file.size >= splitting.minBytes ? slots.filter((s) => s !== slot && s.load === 0) : [];
  const ports = helpers.map((h) => {
    const ch = new MessageChannel();
    void h.api.servePart(transfer(ch.port2, [ch.port2]));
    h.load += file.size;
    return ch.port1;
  });
  slot.load += file.size;
  owner.set(id, slot);
  try {
    const out = await slot.api.load(id, name, file, proxy(onProgress), transfer(ports, ports));
    for (const h of helpers) h.load -= file.size;
    if (!out.ok) {
      owner.delete(id);
      slot.load -= file.size;
    }
    return out;
  } catch (e) {
    for (const h of helpers) h.load -= file.size;
    owner.delete(id);
    slot.load -= file.size;
    throw e;
  }
}

export function cancelTrace(id: string): void {
  void owner.get(id)?.api.cancel(id);
}

export function dropTrace(id: string, size: number): void {
  snapshots.delete(id);
  const slot = owner.get(id);
  if (!slot) return;
  void slot.api.drop(id);
  slot.load -= size;
  owner.delete(id);
}
