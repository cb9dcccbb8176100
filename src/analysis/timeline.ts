// Shared time axis: every variant is drawn on one axis from its own time zero
// (its first event, or where reclaim pressure starts), moved by its own typed
// offset; or, "% of run", each run's traced span mapped onto 0-100. The view
// range is kept in axis units (ns; in % of run, PERCENT_UNIT per percent), and
// each variant's own range (ns after its trace start) is the axis range mapped
// through the variant's VariantTime. Nothing here reads events.

import type { TraceInfo } from './loaded-traces.ts';
import { ns, type Ns } from '../model/units.ts';

/** A time range [from, to) in axis units: ns (in % of run, PERCENT_UNIT per percent). */
export type Range = readonly [Ns, Ns];

/**
 * Where time zero is for each trace: its first event, where reclaim pressure
 * starts (first direct reclaim or kswapd wake), or 'percent': each trace's
 * span from first to last event is 0-100%.
 */
export type Alignment = 'start' | 'pressure' | 'percent';

/** Per-variant shift of its time zero, ms (a variant is drawn that much later), keyed by the trace's content hash. */
export type Offsets = Readonly<Record<string, number>>;

/** What places each variant on the shared axis. */
export interface TimeAxis {
  align: Alignment;
  offsets: Offsets;
}

export interface TimedVariant {
  id: string;
  info: Pick<TraceInfo, 'startNs' | 'endNs' | 'pressureStartNs' | 'hash'>;
}

/**
 * Axis units per percent in 'percent' mode: 1e9, so that an axis value printed
 * as "seconds" (value / 1e9) reads as the percent, and the round bucket widths
 * of bucket-grid.ts (1, 2, 5 x 10^n) stay round percents.
 */
export const PERCENT_UNIT = 1e9;

/** A variant's place on the axis: axis x = (t - zero) * scale for t in ns after its trace start. */
export interface VariantTime {
  zero: number;
  scale: number;
  /** What an axis value reads in: seconds, or percent of the run. */
  unit: 's' | '%';
}

export function timeOf(v: TimedVariant, axis: TimeAxis): VariantTime {
  if (axis.align === 'percent') return { zero: 0, scale: (100 * PERCENT_UNIT) / Math.max(1, v.info.endNs - v.info.startNs), unit: '%' };
  const shiftNs = (axis.offsets[v.info.hash] ?? 0) * 1e6;
  return { zero: (axis.align === 'pressure' ? v.info.pressureStartNs : 0) - shiftNs, scale: 1, unit: 's' };
}

/** Where ns-after-trace-start t of a variant is on the axis. */
export function toAxis(m: VariantTime, t: number): number {
  return (t - m.zero) * m.scale;
}

/** The ns after its trace start that axis x means for a variant. */
export function fromAxis(m: VariantTime, x: number): Ns {
  return ns(x / m.scale + m.zero);
}

/** The axis span that covers every variant. */
export function fullDomain(vs: TimedVariant[], axis: TimeAxis): Range {
  if (axis.align === 'percent') return [ns(0), ns(100 * PERCENT_UNIT)];
  let lo = 0;
  let hi = 1;
  for (const v of vs) {
    const m = timeOf(v, axis);
    lo = Math.min(lo, toAxis(m, 0));
    hi = Math.max(hi, toAxis(m, v.info.endNs - v.info.startNs));
  }
  return [ns(lo), ns(hi)];
}

/** A variant's own range (ns after its trace start) for an axis range. */
export function toVariantRange(r: Range, v: TimedVariant, axis: TimeAxis): Range {
  const m = timeOf(v, axis);
  return [fromAxis(m, r[0]), fromAxis(m, r[1])];
}

/**
 * The offset (ms) that puts a variant's own time t (ns after its trace start)
 * at axis 0 in a time mode ('start' or 'pressure'): aligning on a stall period
 * sets its variant's offset to this for the period's start.
 */
export function offsetPutting(v: TimedVariant, align: Exclude<Alignment, 'percent'>, t: number): number {
  const zero = align === 'pressure' ? v.info.pressureStartNs : 0;
  return (zero - t) / 1e6;
}

/** The unit of the axis: seconds, or percent of each run. */
export function axisUnit(align: Alignment): 's' | '%' {
  return align === 'percent' ? '%' : 's';
}

/** What axis zero is, for labels ("seconds from ..."). */
export function axisLabel(axis: TimeAxis): string {
  if (axis.align === 'percent') return "% of each run (first to last event)";
  const shifted = Object.values(axis.offsets).some((o) => o !== 0) ? ', shifted by each variant\u2019s offset' : '';
  return `${axis.align === 'pressure' ? 'seconds from the first direct reclaim or kswapd wake' : "seconds from each trace's first event"}${shifted}`;
}
