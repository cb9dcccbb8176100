// Adapter for "mean of runs" charts: the per-bucket mean of a variant's runs
// and the band of their smallest and largest values. Runs of different lengths
// are averaged only where they were traced: a bucket past a run's end (or
// before its start) does not count that run, rather than counting it as 0.

export interface RunSeries {
  /** Values per bucket over the common visible range. */
  values: ArrayLike<number>;
  /** The visible range in this run's own time (ns after its start), as the series was asked for. */
  from: number;
  /** The run's traced length, ns. */
  lengthNs: number;
}

export interface MeanBand {
  mean: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  /** Runs that count in each bucket. */
  n: Uint8Array;
}

export function meanOfRuns(runs: readonly RunSeries[], n: number, bucketNs: number): MeanBand {
  const mean = new Float64Array(n);
  const lo = new Float64Array(n).fill(NaN);
  const hi = new Float64Array(n).fill(NaN);
  const count = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (const r of runs) {
      const start = r.from + i * bucketNs;
      if (start >= r.lengthNs || start + bucketNs <= 0) continue;
      const v = r.values[i] ?? 0;
      sum += v;
      count[i]++;
      if (!(v >= lo[i])) lo[i] = v;
      if (!(v <= hi[i])) hi[i] = v;
    }
    mean[i] = count[i] ? sum / count[i] : NaN;
  }
  return { mean, lo, hi, n: count };
}
