// What the user picked to look at closely: a process or kswapd row (shown
// against the whole in the charts, kept in the URL), how process rows are
// grouped, and the set of events the event list shows (an episode, a stall
// period, a process's events; null means the visible range).

import { create } from 'zustand';

/** A selected process or kswapd row: its variant and its row name (`comm-pid`, or `comm` grouped by command). */
export interface SelectedProcess {
  variantId: string;
  name: string;
  kind: 'process' | 'kswapd';
}

/** The events the event list shows, in one variant. Times in ns after that trace's start. */
export interface EventSelection {
  variantId: string;
  /** What was clicked, in words ("episode of dd-1234 at 3.214 s"). */
  label: string;
  t0: number | null;
  t1: number | null;
  /** Include events at exactly t1 (an episode's end). */
  closedEnd: boolean;
  /** Worker task ids, when the selection is some processes' events. */
  tasks?: number[];
  /** The process named `comm-pid` (or every process of a command), when the selection is its events. */
  process?: { name: string; byCommand: boolean };
}

interface SelectionState {
  process: SelectedProcess | null;
  groupByCommand: boolean;
  /** Process tables: one row per command with a column group per variant. */
  compare: boolean;
  events: EventSelection | null;
  /** Variant whose events the list shows when nothing is clicked. */
  eventVariant: string | null;
  selectProcess: (p: SelectedProcess | null) => void;
  setGroupByCommand: (on: boolean) => void;
  setCompare: (on: boolean) => void;
  showEvents: (e: EventSelection | null) => void;
  setEventVariant: (id: string | null) => void;
}

export const useSelection = create<SelectionState>()((set) => ({
  process: null,
  groupByCommand: false,
  compare: false,
  events: null,
  eventVariant: null,
  selectProcess: (process) => set({ process }),
  // Row names change with the grouping: a selection made in one grouping means nothing in the other.
  setGroupByCommand: (groupByCommand) => set((s) => (s.groupByCommand === groupByCommand ? s : { groupByCommand, process: null })),
  setCompare: (compare) => set({ compare }),
  showEvents: (events) => set(events ? { events, eventVariant: events.variantId } : { events }),
  setEventVariant: (eventVariant) => set({ eventVariant, events: null }),
}));
