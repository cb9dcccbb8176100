// The bucket grid of the charts (and of the series a share link stores): auto
// buckets are round durations (1, 2 or 5 x 10^n ns) chosen from the visible
// span alone, so the same range gives the same buckets and the same values at
// any window width; buckets start on multiples of their width. Pure.

import { ns, type Ns } from '../model/units.ts';

/** About this many buckets across the visible range when the size is auto. */
const AUTO_BUCKETS = 300;
/** Never more buckets than this in one chart (a chosen size too fine for the range is coarsened). */
const MAX_BUCKETS = 1500;

function roundUp(ns: number): number {
  const mag = 10 ** Math.floor(Math.log10(ns));
  for (const m of [1, 2, 5, 10]) if (m * mag >= ns * (1 - 1e-12)) return m * mag;
  return 10 * mag;
}

export interface BucketGrid {
  /** First bucket's start (aligned ns), a multiple of bucketNs at or before the range start. */
  start: Ns;
  /** Last bucket's end: start + n x bucketNs. */
  end: Ns;
  n: number;
  bucketNs: Ns;
  /** A chosen size was too fine for the range and was coarsened. */
  limited: boolean;
}

/** The bucket grid for a visible range [lo, hi] (aligned ns); chosenNs 0 is auto. */
export function bucketGrid(lo: Ns, hi: Ns, chosenNs: Ns): BucketGrid {
  const span = Math.max(1000, hi - lo);
  let bucketNs = chosenNs > 0 ? chosenNs : roundUp(Math.max(1000, span / AUTO_BUCKETS));
  let limited = false;
  if (span / bucketNs > MAX_BUCKETS) {
    bucketNs = roundUp(span / MAX_BUCKETS);
    limited = true;
  }
  const start = Math.floor(lo / bucketNs) * bucketNs;
  const n = Math.max(1, Math.ceil((hi - start) / bucketNs - 1e-9));
  return { start: ns(start), end: ns(start + n * bucketNs), n, bucketNs: ns(bucketNs), limited };
}

