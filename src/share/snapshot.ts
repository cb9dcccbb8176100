// A comparison snapshot: everything the dashboard shows about its variants,
// without the traces. A "Share" link carries a small one (screen resolution,
// top rows); a comparison file (.reclaimscope.json.gz) a full one. Both are
// untrusted when read back: SNAPSHOT validates every field (schema.ts) before
// anything is shown, and the published JSON Schema is generated from it.
// Version 2 added variants made of runs: each entry is a run, with the name of
// its variant (`group`) and its own (`run`); version 1 files are upgraded.

import { SERIES_KEYS, type Series, type SeriesKey } from '../analysis/series.ts';
import type { RangeSummary, TraceInfo, EpisodeBar } from '../analysis/loaded-traces.ts';
import type { StallEpisode, StallPeriod } from '../analysis/stalls.ts';
import { SUMMARY_KEYS, type Summary } from '../model/summary.ts';
import type { Ms, Ns } from '../model/units.ts';
import { METRICS } from './view-model.ts';
import { arr, bool, nullable, num, nums, obj, oneOf, record, str, type Infer, type Schema } from './schema.ts';

export const SNAPSHOT_FORMAT = 'reclaimscope-comparison';
export const SNAPSHOT_VERSION = 2;

const name = str({ max: 200 });
const count = num({ min: 0, int: true });
const anyNum = num();
/** Times in the unit their key names: the validator checks the number, the type carries the unit (model/units.ts). */
const anyNs = anyNum as Schema<Ns>;
const spanNs = num({ min: 0 }) as Schema<Ns>;
const spanMs = num({ min: 0 }) as Schema<Ms>;
const maybeStr = nullable(str({ max: 100 }));
const perOrder = record(count, { maxKeys: 64, keyPattern: /^-?\d{1,4}$/ });

/** Counts are whole numbers; only the times (keys ending in Ms) have fractions. */
const summary = obj(Object.fromEntries(SUMMARY_KEYS.map((k) => [k, num({ min: 0, int: !k.endsWith('Ms') })])) as Record<keyof Summary, Schema<number>>);

const pageCounts = {
  pagesScanned: count,
  filePagesScanned: count,
  anonPagesScanned: count,
  pagesReclaimed: count,
  filePagesReclaimed: count,
  anonPagesReclaimed: count,
  writeFileSync: count,
  writeAnonSync: count,
  writeFileAsync: count,
  writeAnonAsync: count,
};

const processRow = obj({
  process: name,
  directReclaims: count,
  wakeKswapdRequests: count,
  ...pageCounts,
  stallMs: num({ min: 0 }),
  directPerOrder: perOrder,
  wakeupPerOrder: perOrder,
});

const kswapdRow = obj({
  instance: name,
  wakeups: count,
  rewakeups: count,
  ...pageCounts,
  awakeMs: num({ min: 0 }),
  wakePerOrder: perOrder,
  rewakePerOrder: perOrder,
});

const example = obj({ line: count, text: str({ max: 400 }) });
const skipCount = obj({ count, examples: arr(example, { max: 5 }) });
const SKIP_REASONS = [
  'header',
  'blank',
  'preamble',
  'lost-events-marker',
  'buffer-started-marker',
  'stack-trace',
  'unrecognised-line',
  'malformed-payload',
  'line-too-long',
  'timestamp-out-of-range',
] as const;

const parseReport = obj({
  format: nullable(oneOf(['ftrace', 'perf', 'trace-cmd-dat'] as const)),
  capture: nullable(oneOf(['trace_pipe', 'trace', 'trace-cmd-report', 'perf-script', 'trace.dat'] as const)),
  compression: oneOf(['none', 'gzip', 'zstd', 'xz'] as const),
  bytes: count,
  decodedBytes: count,
  lines: count,
  events: count,
  storedEvents: count,
  eventsByName: record(count, { maxKeys: 2000, keyMax: 120 }),
  skipped: obj(Object.fromEntries(SKIP_REASONS.map((r) => [r, skipCount])) as Record<(typeof SKIP_REASONS)[number], typeof skipCount>, SKIP_REASONS),
  lost: obj({ total: count, markers: count, markersWithoutCount: count, byCpu: record(count, { maxKeys: 4096, keyPattern: /^\d{1,5}$/ }) }),
  bufferStarted: record(count, { maxKeys: 4096, keyPattern: /^\d{1,5}$/ }),
  timeUnit: oneOf(['ns', 'ticks'] as const),
  firstTsNs: nullable(anyNum),
  lastTsNs: nullable(anyNum),
  backwardSteps: count,
  reordered: count,
  cpuBackwardSteps: count,
  mixedFormatLines: count,
  cpus: nullable(count),
  warnings: arr(str({ max: 1000 }), { max: 50 }),
}, ['reordered', 'cpuBackwardSteps', 'mixedFormatLines']);

const counts = record(count, { maxKeys: 4096, keyPattern: /^\d{1,5}$/ });
/** model/recorded.ts Recorded: the `reclaimscope record` header. */
const recorded = obj({
  kernel: nullable(str({ max: 200 })),
  sysctl: record(str({ max: 200 }), { maxKeys: 64, keyMax: 100 }),
  command: nullable(str({ max: 4000 })),
  userSeconds: nullable(num({ min: 0 })),
  systemSeconds: nullable(num({ min: 0 })),
  exitStatus: nullable(num({ int: true })),
  lostEventsByCpu: counts,
  signal: nullable(str({ max: 20 })),
  kernelCommandLine: nullable(str({ max: 4000 })),
  recordCommandLine: nullable(str({ max: 4000 })),
  cpus: nullable(count),
  memTotalBytes: nullable(num({ min: 0 })),
  cgroup: nullable(str({ max: 1000 })),
  cgroupMemoryLimitBytes: nullable(num({ min: 0 })),
  events: arr(str({ max: 200 }), { max: 1000 }),
  missingEvents: arr(str({ max: 200 }), { max: 1000 }),
  bufferKbPerCpu: nullable(num({ min: 0 })),
  traceClock: nullable(str({ max: 40 })),
  startedAt: nullable(str({ max: 40 })),
  durationSeconds: nullable(num({ min: 0 })),
  complete: bool(),
  version: num({ int: true, min: 1 }),
});

const quantiles = obj({ count, p50: num({ min: 0 }), p90: num({ min: 0 }), p99: num({ min: 0 }), max: num({ min: 0 }), meanMs: num({ min: 0 }) });

const throttledByReason = record(obj({ events: count, ms: num({ min: 0 }) }), { maxKeys: 64, keyMax: 64 });
const compactionByResult = record(obj({ stalls: count, ms: num({ min: 0 }) }), { maxKeys: 64, keyMax: 64 });
const extraRowFields = {
  memcgPagesScanned: count,
  memcgPagesReclaimed: count,
  softlimitStallMs: num({ min: 0 }),
  nodeStallMs: num({ min: 0 }),
  throttledByReason,
  compactionByResult,
  kcompactdWakeups: count,
  directEpisodesEnded: count,
  directReclaimedPerEpisodeMean: num({ min: 0 }),
  directReclaimedPerEpisodeMax: num({ min: 0 }),
};
/** Keys added to `extra` after format version 1 first shipped: optional, so older files still open. */
const NEWER_EXTRA = [...Object.keys(extraRowFields), 'directReclaimEfficiency', 'kswapdReclaimEfficiency'] as (keyof typeof extraRowFields | 'directReclaimEfficiency' | 'kswapdReclaimEfficiency')[];

const rangeExtra = obj({
  ...extraRowFields,
  memcgReclaims: count,
  softlimitReclaims: count,
  memcgStallMs: num({ min: 0 }),
  nodeReclaims: count,
  throttledEvents: count,
  throttledMs: num({ min: 0 }),
  directReclaimedByEnd: num(),
});

const fileReport = obj({
  file: str({ max: 1000 }),
  format: maybeStr,
  capture: maybeStr,
  compression: str({ max: 20 }),
  events: count,
  summary,
  processes: arr(processRow, { max: 200_000 }),
  kswapd: arr(kswapdRow, { max: 4096 }),
  extra: obj({
    directEpisodes: count,
    directReclaimedByEnd: num(),
    compactionEpisodes: count,
    compactionMs: num({ min: 0 }),
    memcgReclaims: count,
    memcgStallMs: num({ min: 0 }),
    openAtEnd: count,
    lostEvents: count,
    openAtEndDetail: arr(obj({ type: str({ max: 20 }), process: name, startS: anyNum, openMs: num({ min: 0 }), order: num({ int: true }) }), { max: 100_000 }),
    lostEventsByCpu: record(count, { maxKeys: 4096, keyPattern: /^\d{1,5}$/ }),
    tracedMs: num({ min: 0 }),
    memcgEpisodes: count,
    compactionByStatus: record(count, { maxKeys: 64, keyMax: 64 }),
    softlimitReclaims: count,
    nodeReclaims: count,
    throttledEvents: count,
    throttledMs: num({ min: 0 }),
    fixes: obj({ writeFolioEvents: count, directEndWithoutBegin: count, kswapdAwakeAtStart: count, directEndAfterEnd: count }),
    anomalies: obj({
      directBeginReplaced: count,
      kswapdSleepWithoutWake: count,
      memcgEndWithoutBegin: count,
      compactionEndWithoutBegin: count,
      negativeDurations: count,
    }),
    ...extraRowFields,
    directReclaimEfficiency: nullable(num({ min: 0 })),
    kswapdReclaimEfficiency: nullable(num({ min: 0 })),
  }, NEWER_EXTRA),
  recorded: nullable(recorded),
  parseReport,
}, ['recorded']);

const traceInfo = obj({
  report: fileReport,
  startNs: anyNs,
  endNs: anyNs,
  latency: obj({ all: quantiles, byOrder: arr(obj({ order: num({ int: true }), q: quantiles }), { max: 64 }) }),
  kswapdInstances: arr(name, { max: 4096 }),
  hasCompaction: bool(),
  hasMemcg: bool(),
  pressureStartNs: spanNs,
  hash: str({ max: 64, pattern: /^[0-9a-f]{8,64}$/ }),
});

const seriesEntry = obj({
  t0: anyNs,
  t1: anyNs,
  buckets: num({ min: 1, max: 4096, int: true }),
  bucketNs: spanNs,
  values: obj(Object.fromEntries(SERIES_KEYS.map((k) => [k, nums({ max: 4096, min: 0 })])) as Record<SeriesKey, Schema<number[]>>),
  kswapdInstances: arr(obj({ name, ms: nums({ max: 4096, min: 0 }) }), { max: 256 }),
});

const rangeEntry = obj({ t0: anyNs, t1: anyNs, summary, spanMs, extra: rangeExtra }, ['extra']);

const stallEpisode = obj({ startNs: anyNs, durationNs: spanNs, process: name, order: num({ int: true }), reclaimed: num(), gfp: str({ max: 300 }) });
const stallPeriod = obj({
  startNs: anyNs,
  durationNs: spanNs,
  stallNs: spanNs,
  episodes: count,
  processes: count,
  orders: arr(num({ int: true }), { max: 64 }),
  reclaimed: num(),
  topProcesses: arr(name, { max: 5 }),
});

const episodeBar = obj({ startNs: anyNs, endNs: anyNs, process: name, order: num({ int: true }), reclaimed: num() });
const episodeEntry = obj({ t0: anyNs, t1: anyNs, limit: count, bars: nullable(arr(episodeBar, { max: 5000 })) });

const variant = obj({
  name,
  /** The variant this run belongs to (version 2). */
  group: name,
  /** The run's own name, from its file name (version 2). */
  run: name,
  fileName: str({ max: 1000 }),
  size: count,
  cpuSeconds: nullable(num({ min: 0 })),
  info: traceInfo,
  series: arr(seriesEntry, { max: 8 }),
  ranges: arr(rangeEntry, { max: 8 }),
  stalls: obj({ longest: arr(stallEpisode, { max: 200 }), busiest: arr(stallPeriod, { max: 200 }) }),
  latencyMs: nums({ max: 2_000_000, min: 0 }),
  episodes: arr(episodeEntry, { max: 8 }),
});

const view = obj(
  {
    range: nullable(arr(anyNs, { max: 2 })),
    /** Bucket width in ns, 0 = auto (the view store's bucketNs). */
    buckets: spanNs,
    align: oneOf(['start', 'pressure', 'percent'] as const),
    /** Each variant's shift of its time zero, ms, in variant order (absent in files made before per-variant offsets). */
    offsets: arr(num({ min: -1e12, max: 1e12 }), { max: 16 }),
    metrics: arr(oneOf(METRICS), { max: METRICS.length }),
    rates: bool(),
    tableScope: oneOf(['whole', 'view'] as const),
    processFilter: str({ max: 200 }),
    baseline: count,
    highlight: nullable(obj({ variant: count, t0: anyNs, t1: anyNs })),
  },
  ['offsets'],
);

export const SNAPSHOT = obj({
  format: oneOf([SNAPSHOT_FORMAT] as const),
  version: oneOf([SNAPSHOT_VERSION] as const),
  created: str({ max: 40 }),
  /** 'link' (screen resolution, top rows) or 'file' (everything). */
  detail: oneOf(['link', 'file'] as const),
  variants: arr(variant, { max: 16 }),
  view,
});

export type Snapshot = Infer<typeof SNAPSHOT>;
export type SnapshotVariant = Snapshot['variants'][number];
export type SeriesEntry = SnapshotVariant['series'][number];

// Compile-time checks that what we validate is what the app consumes: the
// type fails to compile when a validated shape stops fitting the app's type.
type Assignable<A, B extends A> = B;
/** @public never used at run time; exported so that the compiler keeps checking it */
export type SnapshotFitsApp = [
  Assignable<TraceInfo, SnapshotVariant['info']>,
  Assignable<StallEpisode, SnapshotVariant['stalls']['longest'][number]>,
  Assignable<StallPeriod, SnapshotVariant['stalls']['busiest'][number]>,
  Assignable<EpisodeBar, Infer<typeof episodeBar>>,
  Assignable<Omit<RangeSummary, 'rows'>, Infer<typeof rangeEntry>>,
];

export function snapshotJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `reclaimscope-comparison.v${SNAPSHOT_VERSION}.schema.json`,
    title: `reclaimscope comparison snapshot, version ${SNAPSHOT_VERSION}`,
    ...SNAPSHOT.json(),
  };
}

export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

/**
 * Version 1 -> 2: one trace per variant, so each run is a variant of its own
 * under its name. Only reshapes what looks like a version 1 snapshot; anything
 * else is left for the validator to refuse.
 */
export function upgradeSnapshotV1(x: unknown): unknown {
  if (typeof x !== 'object' || x === null) return x;
  const o = x as { format?: unknown; version?: unknown; variants?: unknown };
  if (o.format !== SNAPSHOT_FORMAT || o.version !== 1 || !Array.isArray(o.variants)) return x;
  return {
    ...o,
    version: 2,
    variants: o.variants.map((v: unknown) =>
      typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string'
        ? { ...v, group: (v as { name: string }).name, run: (v as { name: string }).name }
        : v,
    ),
  };
}

/** Validates parsed JSON as a snapshot; throws SnapshotError with a sentence on anything that does not fit. */
export function validateSnapshot(input: unknown): Snapshot {
  const x = upgradeSnapshotV1(input);
  try {
    if (typeof x === 'object' && x !== null && 'format' in x && (x as { format: unknown }).format === SNAPSHOT_FORMAT) {
      const v = (x as { version?: unknown }).version;
      if (typeof v === 'number' && v > SNAPSHOT_VERSION)
        throw new SnapshotError(`this comparison was made by a newer reclaimscope (format version ${v}; this one reads ${SNAPSHOT_VERSION})`);
    }
    const s = SNAPSHOT.validate(x, '');
    if (s.view.baseline >= Math.max(1, s.variants.length)) throw new SnapshotError('the baseline is not one of the variants');
    if (s.view.highlight && s.view.highlight.variant >= s.variants.length) throw new SnapshotError('the highlight is not on one of the variants');
    if (s.view.range && (s.view.range.length !== 2 || !(s.view.range[1] > s.view.range[0]))) throw new SnapshotError('the range is not start < end');
    for (const v of s.variants)
      for (const e of v.series)
        for (const k of SERIES_KEYS)
          if (e.values[k].length !== e.buckets) throw new SnapshotError(`series ${k} of ${JSON.stringify(v.name)} has ${e.values[k].length} buckets, not ${e.buckets}`);
    return s;
  } catch (e) {
    if (e instanceof SnapshotError) throw e;
    if (e instanceof Error) throw new SnapshotError(`not a valid comparison: ${e.message}`);
    throw e;
  }
}

export function seriesToEntry(t0: Ns, t1: Ns, s: Series, digits: number): SeriesEntry {
  const round = (a: ArrayLike<number>): number[] => {
    const f = 10 ** digits;
    const out = new Array<number>(a.length);
    for (let i = 0; i < a.length; i++) out[i] = Math.round(a[i] * f) / f;
    return out;
  };
  return {
    t0,
    t1,
    buckets: s.n,
    bucketNs: s.bucketNs,
    values: Object.fromEntries(SERIES_KEYS.map((k) => [k, round(s.values[k])])) as Record<SeriesKey, number[]>,
    kswapdInstances: s.kswapdInstances.map((k) => ({ name: k.name, ms: round(k.ms) })),
  };
}

export function entryToSeries(e: SeriesEntry): Series {
  return {
    t0: e.t0,
    bucketNs: e.bucketNs,
    n: e.buckets,
    values: Object.fromEntries(SERIES_KEYS.map((k) => [k, Float64Array.from(e.values[k])])) as Record<SeriesKey, Float64Array>,
    kswapdInstances: e.kswapdInstances.map((k) => ({ name: k.name, ms: Float64Array.from(k.ms) })),
  };
}
