// How the time charts draw: all variants overlaid or one track per variant
// (small multiples, shared x and zoom), linear or log y, and which variants
// the legend has hidden. Display only: not part of the URL.

import { create } from 'zustand';

interface ChartOptions {
  layout: 'overlay' | 'multiples';
  logY: boolean;
  /** Variant ids hidden from every chart (legend toggles). */
  hidden: string[];
  set: (patch: Partial<Pick<ChartOptions, 'layout' | 'logY'>>) => void;
  toggle: (variantId: string) => void;
}

export const useChartOptions = create<ChartOptions>()((set) => ({
  layout: 'overlay',
  logY: false,
  hidden: [],
  set: (patch) => set(patch),
  toggle: (id) => set((s) => ({ hidden: s.hidden.includes(id) ? s.hidden.filter((x) => x !== id) : [...s.hidden, id] })),
}));

/** The variant a chart line belongs to: line keys are `variantId` or `variantId:detail`. */
export function variantOfLine(key: string): string {
  const i = key.indexOf(':');
  return i < 0 ? key : key.slice(0, i);
}
