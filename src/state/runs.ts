// Variants made of runs: every loaded trace is a run and belongs to one group
// (the kernel variant); groups are ordered and named. Pure functions over the
// variants store's arrays: where a new trace goes (a trailing run number joins
// the runs of the same name, share/run-groups.ts), keeping each group's runs
// together, and the label a run shows in charts and lists.

import { runStem } from '../share/run-groups.ts';

export interface Group {
  id: string;
  name: string;
}

export interface RunLike {
  id: string;
  groupId: string;
  /** The trace's own name (from its file name). */
  runName: string;
  /** What charts and lists call this run: the variant's name, with `#k` when it has several runs. */
  name: string;
}

let groupCounter = 0;

export function newGroupId(): string {
  groupCounter++;
  return `g${Date.now().toString(36)}${groupCounter}`;
}

/**
 * The group a new trace joins: a group named as the stem of its run number,
 * or a group holding one run of the same stem under that run's own name (it
 * is renamed to the stem); otherwise a new group named after the trace.
 */
export function placeRun(groups: readonly Group[], runs: readonly RunLike[], runName: string): { groups: Group[]; groupId: string } {
  const stem = runStem(runName)?.stem;
  if (stem !== undefined) {
    const named = groups.find((g) => g.name === stem);
    if (named) return { groups: [...groups], groupId: named.id };
    const lone = groups.find((g) => {
      const members = runs.filter((r) => r.groupId === g.id);
      return members.length === 1 && g.name === members[0].runName && runStem(members[0].runName)?.stem === stem;
    });
    if (lone) return { groups: groups.map((g) => (g === lone ? { ...g, name: stem } : g)), groupId: lone.id };
  }
  const g = { id: newGroupId(), name: runName };
  return { groups: [...groups, g], groupId: g.id };
}

/**
 * Normal form: empty groups dropped, each group's runs together in group
 * order (runs keep their relative order), and every run's label refreshed.
 */
export function normalize<R extends RunLike>(groups: readonly Group[], runs: readonly R[]): { groups: Group[]; runs: R[] } {
  const kept = groups.filter((g) => runs.some((r) => r.groupId === g.id));
  const out: R[] = [];
  for (const g of kept) {
    const members = runs.filter((r) => r.groupId === g.id);
    members.forEach((r, k) => {
      const name = members.length === 1 ? g.name : `${g.name} #${k + 1}`;
      out.push(r.name === name ? r : { ...r, name });
    });
  }
  // runs whose group is unknown (should not happen) keep their own group
  for (const r of runs) if (!kept.some((g) => g.id === r.groupId)) out.push(r);
  return { groups: kept, runs: out };
}

/** The variants in order, each with its runs. */
export function variantsOf<R extends RunLike>(groups: readonly Group[], runs: readonly R[]): { id: string; name: string; runs: R[] }[] {
  return groups.map((g) => ({ id: g.id, name: g.name, runs: runs.filter((r) => r.groupId === g.id) })).filter((g) => g.runs.length > 0);
}
