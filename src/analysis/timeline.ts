// Shared time axis: every variant is drawn on one axis of seconds from its own
// time zero (its first event, or where reclaim pressure starts). The view
// range is kept in that aligned time, in ns; each variant's own range is the
// aligned range shifted by its offset.

import type { TraceInfo } from './loaded-traces.ts';
import { ns, type Ns } from '../model/units.ts';

/** A time range [from, to) in ns. */
export type Range = readonly [Ns, Ns];

/** Where time zero is for each trace: its first event, or where reclaim pressure starts. */
export type Alignment = 'start' | 'pressure';

export interface TimedVariant {
  id: string;
  info: TraceInfo;
}

export function offsetOf(v: TimedVariant, align: Alignment): Ns {
  return align === 'pressure' ? v.info.pressureStartNs : ns(0);
}

/** The aligned span that covers every variant. */
export function fullDomain(vs: TimedVariant[], align: Alignment): Range {
  let lo = 0;
  let hi = 1;
  for (const v of vs) {
    const off = offsetOf(v, align);
    lo = Math.min(lo, -off);
    hi = Math.max(hi, v.info.endNs - v.info.startNs - off);
  }
  return [ns(lo), ns(hi)];
}

/** A variant's own range (ns after its trace start) for an aligned range. */
export function toVariantRange(r: Range, v: TimedVariant, align: Alignment): Range {
  const off = offsetOf(v, align);
  return [ns(r[0] + off), ns(r[1] + off)];
}
