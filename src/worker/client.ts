// Main-thread side of the workers: a small pool (one per core, at most 4), so
// that several files parse at once. A trace lives in the worker that parsed
// it; every question about it goes to that worker.

import { proxy, wrap, type Remote } from 'comlink';
import type { LoadOutcome, Progress, WorkerApi } from './worker.ts';

export type { LoadOutcome, Progress };

interface Slot {
  api: Remote<WorkerApi>;
  load: number;
}

let pool: Slot[] | null = null;
const owner = new Map<string, Slot>();

function getPool(): Slot[] {
  if (!pool) {
    const n = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
    pool = Array.from({ length: n }, () => ({
      api: wrap<WorkerApi>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'reclaimscope-parser' })),
      load: 0,
    }));
  }
  return pool;
}

export function workerFor(id: string): Remote<WorkerApi> {
  const slot = owner.get(id);
  if (!slot) throw new Error(`trace ${id} is not loaded`);
  return slot.api;
}

export async function loadTrace(id: string, name: string, file: Blob, onProgress: (p: Progress) => void): Promise<LoadOutcome> {
  const slots = getPool();
  const slot = slots.reduce((a, b) => (b.load < a.load ? b : a));
  slot.load += file.size;
  owner.set(id, slot);
  try {
    const out = await slot.api.load(id, name, file, proxy(onProgress));
    if (!out.ok) {
      owner.delete(id);
      slot.load -= file.size;
    }
    return out;
  } catch (e) {
    owner.delete(id);
    slot.load -= file.size;
    throw e;
  }
}

export function cancelTrace(id: string): void {
  void owner.get(id)?.api.cancel(id);
}

export function dropTrace(id: string, size: number): void {
  const slot = owner.get(id);
  if (!slot) return;
  void slot.api.drop(id);
  slot.load -= size;
  owner.delete(id);
}
