// The variants store: one entry per dropped trace (a kernel variant), in the
// order the user arranged them, and which one is the baseline. Canonical state
// only: what the worker computed about a trace is kept as it came (`info`),
// and anything derived from it is computed by selectors in the views.

import { create } from 'zustand';
import type { TraceInfo } from '../analysis/store.ts';

export type VariantStatus = 'parsing' | 'ready' | 'error' | 'cancelled';

export interface Variant {
  id: string;
  name: string;
  fileName: string;
  size: number;
  status: VariantStatus;
  bytesRead: number;
  startedAt: number;
  /** When the last progress report arrived (performance.now()), for the card's speed while loading. */
  progressAt: number;
  finishedAt: number | null;
  error: { code: string; message: string; line: number | null } | null;
  info: TraceInfo | null;
  /** User + system CPU seconds of the benchmark run, typed or read from `/usr/bin/time -v`. */
  cpuSeconds: number | null;
}

interface VariantsState {
  variants: Variant[];
  baselineId: string | null;
  add: (v: Pick<Variant, 'id' | 'name' | 'fileName' | 'size'> & Partial<Variant>) => void;
  reorder: (ids: string[]) => void;
  update: (id: string, patch: Partial<Variant>) => void;
  rename: (id: string, name: string) => void;
  remove: (id: string) => void;
  move: (id: string, delta: number) => void;
  setBaseline: (id: string) => void;
  clear: () => void;
}

export const useVariants = create<VariantsState>()((set) => ({
  variants: [],
  baselineId: null,
  add: (v) =>
    set((s) => ({
      variants: [
        ...s.variants,
        { status: 'parsing', bytesRead: 0, startedAt: performance.now(), progressAt: performance.now(), finishedAt: null, error: null, info: null, cpuSeconds: null, ...v },
      ],
      baselineId: s.baselineId ?? v.id,
    })),
  update: (id, patch) => set((s) => ({ variants: s.variants.map((v) => (v.id === id ? { ...v, ...patch } : v)) })),
  rename: (id, name) => set((s) => ({ variants: s.variants.map((v) => (v.id === id ? { ...v, name } : v)) })),
  remove: (id) =>
    set((s) => {
      const variants = s.variants.filter((v) => v.id !== id);
      const baselineId = s.baselineId === id ? (variants[0]?.id ?? null) : s.baselineId;
      return { variants, baselineId };
    }),
  move: (id, delta) =>
    set((s) => {
      const i = s.variants.findIndex((v) => v.id === id);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= s.variants.length) return s;
      const variants = s.variants.slice();
      [variants[i], variants[j]] = [variants[j], variants[i]];
      return { variants };
    }),
  setBaseline: (id) => set({ baselineId: id }),
  reorder: (ids) =>
    set((s) => {
      const rank = new Map(ids.map((id, i) => [id, i]));
      const variants = [...s.variants].sort((a, b) => (rank.get(a.id) ?? 1e9) - (rank.get(b.id) ?? 1e9));
      return { variants };
    }),
  clear: () => set({ variants: [], baselineId: null }),
}));

/** A variant's default name: the file name without compression suffix and extension. */
export function variantNameOf(fileName: string): string {
  let n = fileName.replace(/^.*[\\/]/, '');
  n = n.replace(/\.(gz|zst|zstd|xz)$/i, '');
  const dot = n.lastIndexOf('.');
  if (dot > 0) n = n.slice(0, dot);
  return n || fileName;
}

export function readyVariants(variants: Variant[]): (Variant & { info: TraceInfo })[] {
  return variants.filter((v): v is Variant & { info: TraceInfo } => v.status === 'ready' && v.info !== null);
}
