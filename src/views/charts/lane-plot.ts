// The geometry the SVG lanes under the charts share (episode bars, CPU lanes):
// their plot area starts and ends where the Recharts charts' does, so that a
// bar sits exactly under the stall it belongs to; x of an aligned time, and
// the x ticks for the width.

import { toAxis, type VariantTime } from '../../analysis/timeline.ts';
import { ns, nsToSec } from '../../model/units.ts';
import { formatSeconds } from '../format.ts';
import { spanTicks } from './ticks.ts';

// Where the Recharts charts' plot area is (margin 12 + y axis 90; margin 16).
export const PLOT_LEFT = 102;
export const PLOT_RIGHT = 30; // room for the last x tick label

/** The plot area of lanes `width` px wide over `domain` (aligned seconds). */
export function lanePlot(domain: readonly [number, number], width: number) {
  const plotW = Math.max(50, width - PLOT_LEFT - PLOT_RIGHT);
  const span = domain[1] - domain[0];
  const xSec = (s: number) => PLOT_LEFT + ((s - domain[0]) / span) * plotW;
  return {
    plotW,
    /** x of a time in aligned seconds (a tick). */
    xSec,
    /** x of a time in aligned ns. */
    x: (alignedNs: number) => xSec(nsToSec(ns(alignedNs))),
    ticks: spanTicks(domain[0], domain[1], Math.max(3, Math.floor(width / 120))),
  };
}

/** A variant's own time (ns after its trace start) as the axis reads it, with the unit: "12.37 s", or "45.2 %" of its run. */
export function axisTime(m: VariantTime, ownNs: number): string {
  return `${formatSeconds(toAxis(m, ownNs) / 1e9)} ${m.unit}`;
}
