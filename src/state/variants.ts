// The variants store: one entry per dropped trace (a run), each in a group
// (the kernel variant, state/runs.ts), in the order the user arranged them,
// and which one is the baseline (the baseline variant is the group of that
// trace). What the worker computed about a trace is kept as it came (`info`);
// the one derived field kept here is each run's label (`name`), refreshed by
// every action that changes groups, so that every view names runs alike.

import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { TraceInfo } from '../analysis/loaded-traces.ts';
import { newGroupId, normalize, placeRun, type Group } from './runs.ts';

export type VariantStatus = 'parsing' | 'ready' | 'error' | 'cancelled';

export interface Variant {
  id: string;
  /** The run's label: its variant's name, with ` #k` when the variant has several runs. */
  name: string;
  /** The variant (group) this run belongs to. */
  groupId: string;
  /** The trace's own name, from its file name. */
  runName: string;
  fileName: string;
  size: number;
  status: VariantStatus;
  bytesRead: number;
  /** While parsing: waiting for a worker, reading the file, or analysing what was read. */
  stage: 'queued' | 'reading' | 'analysing';
  /** Milliseconds the worker has spent on this load, from its reports: speeds count these, not worker start-up, waiting for a worker or for the page. */
  workMs: number;
  /** The earlier run whose file has the same content (size and content hash), until the user keeps both. */
  duplicateOf: string | null;
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
  /** The variants (groups of runs), in order. */
  groups: Group[];
  baselineId: string | null;
  /** Adds a run: to `group` (a variant name) when given, else where its name puts it (state/runs.ts placeRun). */
  add: (v: Pick<Variant, 'id' | 'name' | 'fileName' | 'size'> & Partial<Omit<Variant, 'groupId' | 'runName'>> & { group?: string }) => void;
  reorder: (ids: string[]) => void;
  update: (id: string, patch: Partial<Omit<Variant, 'groupId' | 'name'>>) => void;
  /** Renames the variant the run `id` belongs to. */
  rename: (id: string, name: string) => void;
  renameGroup: (groupId: string, name: string) => void;
  remove: (id: string) => void;
  /** Moves the variant of run `id` by delta places among the variants. */
  move: (id: string, delta: number) => void;
  /** Moves a run into another variant; null splits it out into a variant of its own. */
  moveRun: (id: string, groupId: string | null) => void;
  /** Regroups runs: each id into the variant of that name (made if needed), variants and runs in the given order. */
  arrange: (order: { id: string; group: string }[]) => void;
  setBaseline: (id: string) => void;
  clear: () => void;
}

type Patch = Pick<VariantsState, 'variants' | 'groups'>;

function norm(groups: Group[], variants: Variant[]): Patch {
  const n = normalize(groups, variants);
  return { groups: n.groups, variants: n.runs };
}

export const useVariants = create<VariantsState>()((set) => ({
  variants: [],
  groups: [],
  baselineId: null,
  add: ({ group, ...v }) =>
    set((s) => {
      let groups = s.groups;
      let groupId: string;
      const named = group !== undefined ? groups.find((g) => g.name === group) : undefined;
      if (named) groupId = named.id;
      else if (group !== undefined) {
        groupId = newGroupId();
        groups = [...groups, { id: groupId, name: group }];
      } else ({ groups, groupId } = placeRun(groups, s.variants, v.name));
      const run: Variant = {
        status: 'parsing',
        bytesRead: 0,
        stage: 'queued',
        workMs: 0,
        duplicateOf: null,
        error: null,
        info: null,
        cpuSeconds: null,
        color: null,
        ...v,
        groupId,
        runName: v.name,
      };
      const n = norm(groups, [...s.variants, run]);
      return { ...n, variants: withColors(n.variants), baselineId: s.baselineId ?? v.id };
    }),
  update: (id, patch) => set((s) => ({ variants: withColors(s.variants.map((v) => (v.id === id ? { ...v, ...patch } : v))) })),
  rename: (id, name) =>
    set((s) => {
      const gid = s.variants.find((v) => v.id === id)?.groupId;
      return norm(
        s.groups.map((g) => (g.id === gid ? { ...g, name } : g)),
        s.variants,
      );
    }),
  renameGroup: (groupId, name) => set((s) => norm(s.groups.map((g) => (g.id === groupId ? { ...g, name } : g)), s.variants)),
  remove: (id) =>
    set((s) => {
      const gone = s.variants.find((v) => v.id === id);
      const variants = s.variants.filter((v) => v.id !== id);
      // the baseline stays with its variant while it has runs
      const sameGroup = variants.find((v) => v.groupId === gone?.groupId);
      const baselineId = s.baselineId === id ? (sameGroup?.id ?? variants[0]?.id ?? null) : s.baselineId;
      return { ...norm(s.groups, variants), baselineId };
    }),
  move: (id, delta) =>
    set((s) => {
      const gid = s.variants.find((v) => v.id === id)?.groupId;
      const i = s.groups.findIndex((g) => g.id === gid);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= s.groups.length) return s;
      const groups = s.groups.slice();
      [groups[i], groups[j]] = [groups[j], groups[i]];
      return norm(groups, s.variants);
    }),
  moveRun: (id, groupId) =>
    set((s) => {
      const run = s.variants.find((v) => v.id === id);
      if (!run || run.groupId === groupId) return s;
      let groups = s.groups;
      let target = groupId;
      if (target === null) {
        target = newGroupId();
        const at = groups.findIndex((g) => g.id === run.groupId);
        groups = [...groups.slice(0, at + 1), { id: target, name: run.runName }, ...groups.slice(at + 1)];
      }
      // moved last into its new variant
      const variants = [...s.variants.filter((v) => v.id !== id), { ...run, groupId: target }];
      return norm(groups, variants);
    }),
  arrange: (order) =>
    set((s) => {
      const groups: Group[] = [];
      const byName = new Map<string, Group>();
      for (const o of order)
        if (!byName.has(o.group)) {
          const existing = s.groups.find((g) => g.name === o.group && !groups.includes(g));
          const g = existing ?? { id: newGroupId(), name: o.group };
          byName.set(o.group, g);
          groups.push(g);
        }
      const rank = new Map(order.map((o, i) => [o.id, i]));
      const variants = s.variants
        .map((v) => {
          const o = order.find((x) => x.id === v.id);
          return o ? { ...v, groupId: byName.get(o.group)!.id } : v;
        })
        .sort((a, b) => (rank.get(a.id) ?? 1e9) - (rank.get(b.id) ?? 1e9));
      const rest = s.groups.filter((g) => !groups.includes(g));
      return norm([...groups, ...rest], variants);
    }),
  setBaseline: (id) => set({ baselineId: id }),
  reorder: (ids) =>
    set((s) => {
      const rank = new Map(ids.map((id, i) => [id, i]));
      const variants = [...s.variants].sort((a, b) => (rank.get(a.id) ?? 1e9) - (rank.get(b.id) ?? 1e9));
      // variants follow their first run in the new order
      const first = (g: Group) => Math.min(...variants.map((v, i) => (v.groupId === g.id ? i : 1e9)));
      const groups = [...s.groups].sort((a, b) => first(a) - first(b));
      return norm(groups, variants);
    }),
  clear: () => set({ variants: [], groups: [], baselineId: null }),
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
