// The variants store: one entry per dropped trace (a kernel variant), in the
// order the user arranged them, and which one is the baseline. Canonical state
// only: what the worker computed about a trace is kept as it came (`info`),
// and anything derived from it is computed by selectors in the views.

import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
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
  /**
   * Colour slot (views/format.ts VARIANT_COLORS), given when the trace is ready and kept
   * while it stays loaded: a failed file takes none, and removing one shifts no other.
   */
  color: number | null;
}

/** Gives every ready variant without a colour the lowest slot no other variant holds. */
function withColors(variants: Variant[]): Variant[] {
  if (!variants.some((v) => v.status === 'ready' && v.color === null)) return variants;
  const used = new Set(variants.map((v) => v.color).filter((c) => c !== null));
  return variants.map((v) => {
    if (v.status !== 'ready' || v.color !== null) return v;
    let c = 0;
    while (used.has(c)) c++;
    used.add(c);
    return { ...v, color: c };
  });
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
      variants: withColors([
        ...s.variants,
        { status: 'parsing', bytesRead: 0, startedAt: performance.now(), progressAt: performance.now(), finishedAt: null, error: null, info: null, cpuSeconds: null, color: null, ...v },
      ]),
      baselineId: s.baselineId ?? v.id,
    })),
  update: (id, patch) => set((s) => ({ variants: withColors(s.variants.map((v) => (v.id === id ? { ...v, ...patch } : v))) })),
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

/** A variant's default name: the file name without its .trace, .txt, .dat, .gz, .zst and .xz endings (a.trace.txt.gz -> a), or else its last extension. */
export function variantNameOf(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '');
  let n = base;
  while (/.\.(trace|txt|dat|gz|zst|zstd|xz)$/i.test(n)) n = n.replace(/\.(trace|txt|dat|gz|zst|zstd|xz)$/i, '');
  if (n === base) {
    const dot = n.lastIndexOf('.');
    if (dot > 0) n = n.slice(0, dot);
  }
  return n || fileName;
}

export function readyVariants(variants: Variant[]): (Variant & { info: TraceInfo })[] {
  return variants.filter((v): v is Variant & { info: TraceInfo } => v.status === 'ready' && v.info !== null);
}

/**
 * The ready variants, as a list that keeps its identity while only other
 * fields change (a loading trace's progress, a card being renamed): views
 * that draw ready variants re-render when one of them changes, not on every
 * progress tick of a trace still loading.
 */
export function useReadyVariants(): (Variant & { info: TraceInfo })[] {
  return useVariants(useShallow((s) => readyVariants(s.variants)));
}
