// Formatting for the page: byte sizes, seconds and durations, and each
// variant's colour. The text, Markdown and CSV exports format their numbers in
// share/comparison-table.ts, which the command line shares.

import { PERCENT_UNIT, type Alignment } from '../analysis/timeline.ts';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** Seconds with a precision that suits the span shown. */
export function formatSeconds(s: number, span = Math.abs(s)): string {
  const digits = span >= 100 ? 1 : span >= 10 ? 2 : span >= 1 ? 3 : span >= 0.01 ? 4 : 6;
  return s.toFixed(digits);
}

export function formatDuration(ns: number): string {
  const ms = ns / 1e6;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(0)} µs`;
}

/** Okabe-Ito colours: distinguishable for colour-blind readers, in this order. */
export const VARIANT_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#7F7F7F', '#000000'];

export function variantColor(index: number): string {
  return VARIANT_COLORS[index % VARIANT_COLORS.length];
}

/** Grey for a variant that has no colour (still loading, or failed). */
const NO_COLOR = '#9aa3ad';

/** A variant's own colour: its slot (state/variants.ts), which stays put when others are added or removed. */
export function colorOfVariant(v: { color: number | null }): string {
  return v.color === null ? NO_COLOR : variantColor(v.color);
}

/** A bucket width on the time axis: a duration, or in % of each run (analysis/timeline.ts) a share of the run. */
export function bucketText(width: number, align: Alignment): string {
  return align === 'percent' ? `${+(width / PERCENT_UNIT).toPrecision(6)} % of run` : formatDuration(width);
}
