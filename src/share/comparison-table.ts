// The comparison table of several kernel variants, each a set of runs: per row
// the mean over runs, the spread, the change of the mean against the baseline
// and whether Welch's t-test on the run values calls it significant; the rows
// beyond the script's Summary; the recording named above, warnings below. One
// pure module builds it for the app's table and `reclaimscope compare`, so
// they cannot disagree; comparison-export.ts renders it (text, Markdown, CSV, --json).

import { runStats, welch, type RunStats } from '../analysis/welch.ts';
import { quantiles, type Quantiles } from '../analysis/latency.ts';
import { mannWhitney, verdict } from '../analysis/stats.ts';
import { reclaimEfficiency, type ExtraRows } from '../analysis/extra-rows.ts';
import type { FileReport } from '../analysis/report.ts';
import { numbersWarnings } from '../analysis/warnings.ts';
import { describeRecorded, type Recorded } from '../model/recorded.ts';
import { SUMMARY_ROWS, type SummaryKey } from '../model/summary.ts';
import { changeTone, type Direction, type Tone } from './tone.ts';

/** Significance level of the row tests. */
export const LEVEL = 0.05;

/** A cell of a variant none of whose runs covers the range shown. */
export const NOT_TRACED = 'not traced in this range';

/** What the table needs of one run (one trace): the fields of its `report --json` object. */
export interface RunInput {
  /** The file name shown in the header (and, from the command line, the path given). */
  file: string;
  summary: Record<SummaryKey, number>;
  /** The report's `extra` block: its numeric keys become rows. */
  extra: Record<string, unknown>;
  /**
   * The rows beyond the script's Summary (analysis/extra-rows.ts) for the range shown; null when
   * not known (a snapshot made before they existed); left out, no such rows are built.
   */
  beyond?: ExtraRows | null;
  /** False when the trace covers none of the range shown (default true). */
  traced?: boolean;
  /** Traced time of the run, ms (for rates and the Time block). */
  tracedMs: number;
  /** How the trace was captured, where it says: `trace_pipe`, `trace-cmd-report`, ... */
  capture: string | null;
  cpus: number | null;
  /** Direct-reclaim episode durations, ms; null when not known. */
  latencyMs: ArrayLike<number> | null;
  /** Their percentiles when already computed (the worker's TraceInfo.latency.all), so a one-run variant is not sorted again here. */
  latencyQuantiles?: Quantiles;
  /** User + system CPU seconds of the benchmark, when entered. */
  cpuSeconds: number | null;
  /** The trace's `reclaimscope record` header, named above the copied table. */
  recorded?: Recorded | null;
  /** What may make this run's numbers wrong (analysis/warnings.ts), printed under the copied table. */
  warnings?: string[];
}

export interface VariantInput {
  name: string;
  runs: RunInput[];
}

export interface CompareOptions {
  /** Index of the baseline variant. */
  baseline: number;
  /** Per second of each run's own traced time. */
  rates?: boolean;
}

export type RowDirection = Direction;

export interface CompareCell {
  stats: RunStats;
  /**
   * Change of the mean against the baseline's, percent, signed: 100 * (mean - baseline mean) / baseline mean, so
   * positive = the value grew whatever the row's good direction (the tone says better or worse); null for the
   * baseline, a baseline mean of 0, or no value.
   */
  changePct: number | null;
  /** Welch's two-sided p-value against the baseline; null for the baseline, a single run on either side, or no spread on both. */
  p: number | null;
  significant: boolean;
  tone: Tone;
  text: string;
  /** `(+12.34%)`, `(-5.00%)`, `(0.00%)` (also 0 over a 0 baseline), `(new)`, or '' for the baseline. */
  changeText: string;
  /** '*' when significant, ' ' when tested and not, '' when not tested (or the baseline). */
  mark: string;
}

export interface CompareRow {
  key: string;
  label: string;
  unit: string;
  block: 'summary' | 'extra';
  direction: RowDirection;
  cells: CompareCell[];
}

export interface Comparison {
  names: string[];
  files: string[][];
  baseline: number;
  level: number;
  rates: boolean;
  /** Summary rows, then the extra rows (beyond the script's Summary). */
  rows: CompareRow[];
  /** Rows of the JSON that are not shown as table rows (traced time is in the Time block). */
  jsonOnly: CompareRow[];
  time: { label: string; cells: string[] }[];
  latency: { label: string; cells: string[] }[] | null;
  /** Why some or all changes are not tested; empty when every variant has several runs. */
  untested: string;
  header: string[];
  /** `Recorded with reclaimscope record:` and a line per recorded run; empty when none is. */
  recorded: string[];
  /** Warnings about the numbers, one sentence each, named by variant (and run). */
  notes: string[];
}

// Labels of the report's extra keys; a key not listed here is shown by its name.
const EXTRA_LABELS: Record<string, { label: string; direction: RowDirection }> = {
  directEpisodes: { label: 'Direct reclaim episodes (both ends)', direction: 'lower' },
  directReclaimedByEnd: { label: 'Direct reclaimed at its end (pages)', direction: 'neutral' },
  compactionEpisodes: { label: 'Compaction episodes', direction: 'lower' },
  compactionMs: { label: 'Time in compaction', direction: 'lower' },
  memcgReclaims: { label: 'Memcg reclaims', direction: 'lower' },
  memcgEpisodes: { label: 'Memcg reclaim episodes', direction: 'lower' },
  memcgStallMs: { label: 'Time stalled in memcg reclaim', direction: 'lower' },
  softlimitReclaims: { label: 'Soft-limit reclaims', direction: 'lower' },
  nodeReclaims: { label: 'Node reclaims', direction: 'lower' },
  throttledEvents: { label: 'Reclaim throttled', direction: 'lower' },
  throttledMs: { label: 'Time throttled', direction: 'lower' },
  openAtEnd: { label: 'Open when the trace ends', direction: 'neutral' },
  lostEvents: { label: 'Events lost', direction: 'neutral' },
};

/** Keys of the report's `extra` that the rows beyond the Summary show under other keys (or use for a mean). */
const SHOWN_BEYOND = new Set(['directReclaimEfficiency', 'kswapdReclaimEfficiency', 'directEpisodesEnded']);

function unitOf(base: string, rates: boolean): string {
  if (!rates) return base;
  return base === 'ms' ? 'ms/s' : `${base}/s`;
}

export function unitSuffix(unit: string): string {
  return unit === 'ms' ? ' (ms)' : unit === 'ms/s' ? ' (ms/s)' : unit === '%' ? ' (%)' : unit.endsWith('/s') ? ' (/s)' : '';
}

/** The numeric keys of the runs' `extra` blocks, in the order they first appear. */
export function extraKeys(variants: readonly VariantInput[]): string[] {
  const keys: string[] = [];
  for (const v of variants) for (const r of v.runs) for (const [k, x] of Object.entries(r.extra)) if (typeof x === 'number' && !keys.includes(k)) keys.push(k);
  return keys;
}

/** The whole-trace rows beyond the script's Summary of a file report (null when it predates them). */
export function extraOfReport(e: FileReport['extra']): ExtraRows | null {
  if (e.memcgPagesScanned === undefined || e.throttledByReason === undefined || e.compactionByResult === undefined) return null;
  return {
    memcgReclaims: e.memcgReclaims,
    softlimitReclaims: e.softlimitReclaims,
    memcgStallMs: e.memcgStallMs,
    softlimitStallMs: e.softlimitStallMs ?? 0,
    memcgPagesScanned: e.memcgPagesScanned,
    memcgPagesReclaimed: e.memcgPagesReclaimed ?? 0,
    nodeReclaims: e.nodeReclaims,
    nodeStallMs: e.nodeStallMs ?? 0,
    throttledEvents: e.throttledEvents,
    throttledMs: e.throttledMs,
    throttledByReason: e.throttledByReason,
    compactionByResult: e.compactionByResult,
    kcompactdWakeups: e.kcompactdWakeups ?? 0,
    directReclaimedByEnd: e.directReclaimedByEnd,
    directEpisodesEnded: e.directEpisodesEnded ?? 0,
    directReclaimedPerEpisodeMean: e.directReclaimedPerEpisodeMean ?? 0,
    directReclaimedPerEpisodeMax: e.directReclaimedPerEpisodeMax ?? 0,
  };
}

/** A row: its key, label, base unit, direction, whether it turns per second in rate mode, and a run's value (null: none). */
interface RowSpec {
  key: string;
  label: string;
  unit: string;
  block: 'summary' | 'extra';
  direction: RowDirection;
  rate: boolean;
  get: (r: RunInput) => number | null;
}

/** The keys of ExtraRows that hold one number (not a record per reason or result). */
type PlainExtraKey = { [K in keyof ExtraRows]: ExtraRows[K] extends number ? K : never }[keyof ExtraRows];

/** The rows beyond the script's Summary: memcg, node reclaim, throttling per reason, compaction per result, efficiency. */
function beyondSpecs(variants: readonly VariantInput[]): RowSpec[] {
  const all = variants.flatMap((v) => v.runs.map((r) => r.beyond).filter((b): b is ExtraRows => !!b));
  const reasons = [...new Set(all.flatMap((b) => Object.keys(b.throttledByReason)))].sort();
  const results = [...new Set(all.flatMap((b) => Object.keys(b.compactionByResult)))].sort();
  const spec = (key: string, label: string, unit: string, direction: RowDirection, rate: boolean, get: (x: ExtraRows, r: RunInput) => number | null): RowSpec => ({
    key,
    label,
    unit,
    block: 'extra',
    direction,
    rate,
    get: (r) => (r.beyond ? get(r.beyond, r) : null),
  });
  /** A row that shows one number of ExtraRows under its own key. */
  const field = (key: PlainExtraKey, label: string, unit: string, direction: RowDirection, rate = true) => spec(key, label, unit, direction, rate, (x) => x[key]);
  return [
    field('memcgReclaims', 'Memcg reclaims', 'count', 'lower'),
    field('softlimitReclaims', 'Soft-limit reclaims', 'count', 'lower'),
    field('memcgStallMs', 'Time stalled memcg reclaim', 'ms', 'lower'),
    field('softlimitStallMs', 'Time stalled soft-limit reclaim', 'ms', 'lower'),
    field('memcgPagesScanned', 'Memcg reclaim pages scanned', 'pages', 'neutral'),
    field('memcgPagesReclaimed', 'Memcg reclaim pages reclaimed', 'pages', 'neutral'),
    field('nodeReclaims', 'Node reclaims', 'count', 'lower'),
    field('nodeStallMs', 'Time in node reclaim', 'ms', 'lower'),
    field('throttledEvents', 'Reclaim throttled (mm_vmscan_throttled)', 'count', 'lower'),
    field('throttledMs', 'Time throttled', 'ms', 'lower'),
    ...reasons.flatMap((k) => [
      spec(`throttled:${k}`, `Throttled ${k}`, 'count', 'lower', true, (x) => x.throttledByReason[k]?.events ?? 0),
      spec(`throttledMs:${k}`, `Time throttled ${k}`, 'ms', 'lower', true, (x) => x.throttledByReason[k]?.ms ?? 0),
    ]),
    ...results.flatMap((k) => [
      spec(`compaction:${k}`, `Compaction stalls ${k}`, 'count', 'lower', true, (x) => x.compactionByResult[k]?.stalls ?? 0),
      spec(`compactionMs:${k}`, `Time compacting ${k}`, 'ms', 'lower', true, (x) => x.compactionByResult[k]?.ms ?? 0),
    ]),
    field('kcompactdWakeups', 'Kcompactd wakeups', 'count', 'lower'),
    field('directReclaimedByEnd', 'Direct reclaim pages reclaimed (by direct_reclaim_end)', 'pages', 'neutral'),
    field('directReclaimedPerEpisodeMean', 'Direct reclaim pages reclaimed per episode, mean', 'pages', 'neutral', false),
    field('directReclaimedPerEpisodeMax', 'Direct reclaim pages reclaimed per episode, max', 'pages', 'neutral', false),
    spec('directEfficiency', 'Direct reclaim efficiency (reclaimed / scanned)', '%', 'higher', false, (_x, r) => reclaimEfficiency(r.summary).direct),
    spec('kswapdEfficiency', 'Kswapd reclaim efficiency (reclaimed / scanned)', '%', 'higher', false, (_x, r) => reclaimEfficiency(r.summary).kswapd),
  ];
}

/** Pages scanned and reclaimed are neutral (more scanning is neither better nor worse by itself, issue 9); the other Summary rows: less is better. */
function summaryDirection(key: string, lowerIsBetter: boolean): RowDirection {
  return !lowerIsBetter || /Pages(Scanned|Reclaimed)$/.test(key) ? 'neutral' : 'lower';
}

function formatMean(unit: string, v: number, rates: boolean): string {
  if (!Number.isFinite(v)) return '—';
  const isTime = unit === 'ms';
  if (unit === '%') return v.toFixed(2);
  if (rates) return isTime ? v.toFixed(3) : v.toFixed(2);
  if (isTime) return v.toFixed(2);
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/** Change of v against base in percent, signed: positive = v is more than base; null over a base of 0. */
export function changePercent(base: number, v: number): number | null {
  if (base === 0) return null;
  return (100 * (v - base)) / base;
}

/** A change as the tables print it: `+12.34%`, `-5.00%`, `0.00%` (no `-0.00`). */
export function formatChange(pct: number): string {
  const t = pct.toFixed(2);
  if (Number(t) === 0) return '0.00%';
  return pct > 0 ? `+${t}%` : `${t}%`;
}

/** What a cell with no value says: nothing of the range traced, a snapshot without these rows, or a ratio of nothing. */
function emptyText(v: VariantInput, spec: RowSpec): string {
  if (v.runs.every((r) => r.traced === false)) return NOT_TRACED;
  if (spec.block === 'extra' && v.runs.some((r) => r.beyond === null) && spec.get({ ...v.runs[0], beyond: undefined }) === null) return 'not in this snapshot';
  return '—';
}

function buildRow(variants: readonly VariantInput[], spec: RowSpec, baseline: number, rates: boolean): CompareRow {
  const perSecond = rates && spec.rate;
  const values = variants.map((v) =>
    v.runs.flatMap((r) => {
      if (r.traced === false) return [];
      const x = spec.get(r);
      if (x === null || !Number.isFinite(x)) return [];
      return [perSecond ? (r.tracedMs > 0 ? x / (r.tracedMs / 1000) : 0) : x];
    }),
  );
  const stats = values.map((vs) => runStats(vs));
  const base = stats[baseline];
  const cells = stats.map((s, i): CompareCell => {
    const isBase = i === baseline;
    const known = s.n > 0 && !!base && base.n > 0;
    const changePct = isBase || !known ? null : changePercent(base.mean, s.mean);
    const isNew = !isBase && known && base.mean === 0 && s.mean !== 0;
    const bothZero = !isBase && known && base.mean === 0 && s.mean === 0;
    const test = isBase || !known ? null : welch(values[i], values[baseline]);
    const p = test ? test.p : null;
    const significant = p !== null && p < LEVEL;
    // Untested (a single run on either side, or no spread on both): no mark, and the colour falls back to the 5% rule of tone.ts.
    const markKnown = p === null ? null : significant;
    return {
      stats: s,
      changePct,
      p,
      significant,
      tone: isBase ? 'none' : changeTone(bothZero ? 0 : changePct, spec.direction, markKnown, isNew),
      text: s.n === 0 ? emptyText(variants[i], spec) : formatMean(spec.unit, s.mean, perSecond),
      changeText: isBase || !known ? '' : isNew ? '(new)' : bothZero ? '(0.00%)' : changePct === null ? '' : `(${formatChange(changePct)})`,
      mark: markKnown === null ? '' : markKnown ? '*' : ' ',
    };
  });
  return { key: spec.key, label: spec.label, unit: unitOf(spec.unit, perSecond), block: spec.block, direction: spec.direction, cells };
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}%` : '—';
}

function fmtMs(v: number): string {
  return v >= 100 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3);
}

function timeBlock(variants: readonly VariantInput[]): Comparison['time'] {
  const per = (f: (r: RunInput) => number | null) =>
    variants.map((v) => {
      const xs = v.runs.map(f).filter((x): x is number => x !== null && Number.isFinite(x));
      return xs.length ? mean(xs) : NaN;
    });
  const traced = per((r) => r.tracedMs / 1000);
  const rows: Comparison['time'] = [
    {
      label: 'Total traced time (s)',
      cells: traced.map((x, i) => (Number.isFinite(x) ? (variants[i].runs.every((r) => r.traced === false) ? NOT_TRACED : x.toFixed(2)) : '—')),
    },
    { label: '% time stalled in direct reclaim', cells: per((r) => (r.tracedMs > 0 ? (r.summary.directStallMs / r.tracedMs) * 100 : null)).map(pct) },
    { label: '% time kswapd awake', cells: per((r) => (r.tracedMs > 0 ? (r.summary.kswapdAwakeMs / r.tracedMs) * 100 : null)).map(pct) },
  ];
  if (variants.some((v) => v.runs.some((r) => r.cpuSeconds !== null))) {
    rows.push(
      { label: 'User+Sys time running the test (s)', cells: per((r) => r.cpuSeconds).map((x) => (Number.isFinite(x) ? x.toFixed(2) : '—')) },
      { label: '% kswapd awake of User+Sys', cells: per((r) => (r.cpuSeconds ? (r.summary.kswapdAwakeMs / 1000 / r.cpuSeconds) * 100 : null)).map(pct) },
      {
        label: '% direct reclaim of User+Sys+Stall',
        cells: per((r) => (r.cpuSeconds !== null ? (r.summary.directStallMs / 1000 / (r.cpuSeconds + r.summary.directStallMs / 1000)) * 100 : null)).map(pct),
      },
    );
  }
  return rows;
}

/** Direct-reclaim latency percentiles pooled over each variant's runs, and the rank test against the baseline's pool. */
function latencyBlock(variants: readonly VariantInput[], baseline: number): Comparison['latency'] {
  if (variants.some((v) => v.runs.some((r) => r.latencyMs === null))) return null;
  const pools = variants.map((v) => {
    if (v.runs.length === 1) return v.runs[0].latencyMs!;
    const all: number[] = [];
    for (const r of v.runs) for (let i = 0; i < r.latencyMs!.length; i++) all.push(r.latencyMs![i]);
    return all;
  });
  // A one-run variant's percentiles may come precomputed (the same nearest-rank function); sorting a big pool on the page's thread is slow.
  const q = pools.map((p, i) => (variants[i].runs.length === 1 && variants[i].runs[0].latencyQuantiles ? variants[i].runs[0].latencyQuantiles! : quantiles(p)));
  const row = (label: string, f: (x: (typeof q)[number]) => string) => ({ label, cells: q.map(f) });
  return [
    row('Direct reclaim episodes', (x) => String(x.count)),
    row('Latency p50 (ms)', (x) => (x.count ? fmtMs(x.p50) : '—')),
    row('Latency p90 (ms)', (x) => (x.count ? fmtMs(x.p90) : '—')),
    row('Latency p99 (ms)', (x) => (x.count ? fmtMs(x.p99) : '—')),
    row('Latency max (ms)', (x) => (x.count ? fmtMs(x.max) : '—')),
    {
      label: 'Rank test against the baseline',
      cells: pools.map((p, i) => {
        if (i === baseline) return 'baseline';
        const t = mannWhitney(p, pools[baseline]);
        return t ? `${verdict(t, LEVEL)} p=${t.p < 0.001 ? '<0.001' : t.p.toFixed(3)}` : "can't tell";
      }),
    },
  ];
}

function untestedNote(variants: readonly VariantInput[], baseline: number): string {
  if (variants.length < 2) return '';
  const single = variants.filter((v) => v.runs.length < 2).map((v) => v.name);
  if (single.length === variants.length)
    return 'No change is marked: every variant has one run, so the run-to-run noise is unknown. Load several runs per variant (for example name-1, name-2, name-3) to test the changes.';
  if (variants[baseline] && variants[baseline].runs.length < 2)
    return `No change is marked: the baseline ${variants[baseline].name} has one run, so its run-to-run noise is unknown.`;
  if (single.length) return `Not tested (one run, noise unknown): ${single.join(', ')}.`;
  return '';
}

function captureOf(r: RunInput): string {
  return [r.capture, r.cpus ? `${r.cpus} CPUs` : null].filter(Boolean).join(', ');
}

function baseName(f: string): string {
  return f.replace(/^.*[\\/]/, '');
}

function headerLines(variants: readonly VariantInput[], baseline: number, anyTested: boolean): string[] {
  const lines = [`reclaimscope comparison of ${variants.length} variant${variants.length === 1 ? '' : 's'}, baseline ${variants[baseline]?.name ?? '(none)'}`];
  for (const v of variants) {
    const caps = [...new Set(v.runs.map(captureOf).filter(Boolean))];
    lines.push(
      `${v.name}: ${v.runs.length} run${v.runs.length === 1 ? '' : 's'}: ${v.runs.map((r) => baseName(r.file)).join(', ')}${caps.length ? ` (${caps.join('; ')})` : ''}`,
    );
  }
  lines.push(
    anyTested
      ? `Mean over runs. Change of the mean against the baseline: + = more, - = less. * = significant by Welch's t-test on the run values (two-sided, ${LEVEL * 100}% level).`
      : 'Change against the baseline: + = more, - = less.',
  );
  return lines;
}

/** `Recorded with reclaimscope record:` and one line per recorded run: kernel, sysctls, command, CPU time, exit, lost events. */
function recordedLines(variants: readonly VariantInput[]): string[] {
  const lines: string[] = [];
  for (const v of variants)
    for (const r of v.runs)
      if (r.recorded)
        lines.push(`  ${oneLine(runName(v, r))}: ${describeRecorded(r.recorded).map(([k, x]) => `${k} ${oneLine(x)}`).join('; ')}`);
  return lines.length ? ['Recorded with reclaimscope record:', ...lines] : [];
}

/** A variant's name, and its run's file when it has several. */
function runName(v: VariantInput, r: RunInput): string {
  return v.runs.length > 1 ? `${v.name} (${baseName(r.file)})` : v.name;
}

export function buildComparison(variants: readonly VariantInput[], opts: CompareOptions): Comparison {
  const rates = opts.rates ?? false;
  const baseline = variants.length ? Math.min(Math.max(0, opts.baseline), variants.length - 1) : 0;
  const rows: CompareRow[] = SUMMARY_ROWS.map((r) =>
    buildRow(
      variants,
      { key: r.key, label: r.label, unit: r.unit, block: 'summary', direction: summaryDirection(r.key, r.lowerIsBetter), rate: true, get: (x) => x.summary[r.key] },
      baseline,
      rates,
    ),
  );
  // The rows beyond the script's Summary (for the range shown), where the runs carry them.
  const beyond = variants.some((v) => v.runs.some((r) => r.beyond !== undefined)) ? beyondSpecs(variants) : [];
  for (const spec of beyond) rows.push(buildRow(variants, spec, baseline, rates));
  // Then every other numeric key of the reports' `extra` (whole traces only).
  const jsonOnly: CompareRow[] = [];
  for (const key of extraKeys(variants)) {
    if (beyond.some((b) => b.key === key)) continue;
    const known = EXTRA_LABELS[key];
    const row = buildRow(
      variants,
      {
        key,
        label: known?.label ?? key,
        unit: key.endsWith('Ms') ? 'ms' : 'count',
        block: 'extra',
        direction: known?.direction ?? 'neutral',
        rate: true,
        get: (r) => {
          const x = r.extra[key];
          // null in the report means "no value" (an efficiency with nothing scanned); a key a run lacks counts 0
          return typeof x === 'number' ? x : x === null || r.traced === false ? null : 0;
        },
      },
      baseline,
      rates,
    );
    // traced time is in the Time block; what the rows beyond the Summary already show (efficiency, the episodes behind the per-episode figures) is for the JSON only
    (key === 'tracedMs' || (beyond.length > 0 && SHOWN_BEYOND.has(key)) ? jsonOnly : rows).push(row);
  }
  const untested = untestedNote(variants, baseline);
  const anyTested = rows.some((r) => r.cells.some((c) => c.mark !== ''));
  return {
    names: variants.map((v) => v.name),
    files: variants.map((v) => v.runs.map((r) => r.file)),
    baseline,
    level: LEVEL,
    rates,
    rows,
    jsonOnly,
    time: timeBlock(variants),
    latency: latencyBlock(variants, baseline),
    untested,
    header: headerLines(variants, baseline, anyTested),
    recorded: recordedLines(variants),
    notes: variants.flatMap((v) => v.runs.flatMap((r) => (r.warnings ?? []).map((w) => `${runName(v, r)}: ${w}`))),
  };
}

/** A label or note on one line (no line breaks or tabs), for the text renderings. */
export function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ');
}

/** A run as the table needs it, from its `report --json` object (analysis/report.ts). */
export function runFromReport(
  file: string,
  report: Pick<FileReport, 'summary' | 'extra' | 'capture' | 'format' | 'parseReport' | 'recorded'>,
  latencyMs: ArrayLike<number> | null,
  cpuSeconds: number | null = null,
): RunInput {
  return {
    file,
    summary: report.summary,
    extra: report.extra as unknown as Record<string, unknown>,
    tracedMs: report.extra.tracedMs,
    beyond: extraOfReport(report.extra),
    capture: report.capture ?? report.format,
    cpus: report.parseReport.cpus,
    latencyMs,
    cpuSeconds,
    recorded: report.recorded ?? null,
    warnings: numbersWarnings(report.parseReport, report.extra.anomalies),
  };
}
