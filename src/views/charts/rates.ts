// Values per bucket as rates whose meaning does not depend on the bucket
// width: amounts per second, or, for times, the share of time in percent.

/** Per-bucket amounts as a rate: amount per second, or (percent) the share of time in %, for ms amounts. */
export function perSecond(values: ArrayLike<number>, bucketNs: number, percent = false): Float64Array {
  const f = percent ? 1e8 / bucketNs : 1e9 / bucketNs; // ms / (bucketNs / 1e6 ms) x 100, or per (bucketNs / 1e9 s)
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] * f;
  return out;
}
