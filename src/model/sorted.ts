// Searching sorted columns: the one binary search the model and the analysis
// share (time-ordered timestamps, a kind's ascending extra-field rows).

/** First position in [0, end) whose value is >= t, in a column sorted ascending (end when none). */
export function lowerBound(a: Float64Array | Uint32Array, t: number, end = a.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
