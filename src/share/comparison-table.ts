// The comparison table of several kernel variants, each a set of runs: per row
// the mean over runs, the spread, the change of the mean against the baseline
// and whether Welch's t-test on the run values calls it significant. One pure
// module for the app's table, its text/Markdown/CSV copies and `reclaimscope
// compare` (text, Markdown, CSV and --json), so that they cannot disagree.
// It does not parse or analyse traces: it takes each run's report as given.

import { runStats, welch, type RunStats } from '../analysis/welch.ts';
import { quantiles, type Quantiles } from '../analysis/latency.ts';
import { mannWhitney, verdict } from '../analysis/stats.ts';
import type { FileReport } from '../analysis/report.ts';
import { SUMMARY_ROWS, type SummaryKey } from '../model/summary.ts';
import { changeTone, type Tone } from './change-tone.ts';

/** Significance level of the row tests. */
export const LEVEL = 0.05;

/** What the table needs of one run (one trace): the fields of its `report --json` object. */
export interface RunInput {
  /** The file name shown in the header (and, from the command line, the path given). */
  file: string;
  summary: Record<SummaryKey, number>;
  /** The report's `extra` block: its numeric keys become rows. */
  extra: Record<string, unknown>;
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

export type RowDirection = 'lower' | 'neutral';

export interface CompareCell {
  stats: RunStats;
  /** Change of the mean against the baseline's, percent, mmtests style: positive = less = better; null for the baseline, or a 0 baseline. */
  changePct: number | null;
  /** Welch's two-sided p-value against the baseline; null for the baseline, a single run on either side, or no spread on both. */
  p: number | null;
  significant: boolean;
  tone: Tone;
  text: string;
  /** `(12.34%)`, `(new)`, or '' for the baseline. */
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
  /** Summary rows, then the extra rows. */
  rows: CompareRow[];
  /** Rows of the JSON that are not shown as table rows (traced time is in the Time block). */
  jsonOnly: CompareRow[];
  time: { label: string; cells: string[] }[];
  latency: { label: string; cells: string[] }[] | null;
  /** Why some or all changes are not tested; empty when every variant has several runs. */
  untested: string;
  header: string[];
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

function unitOf(base: string, rates: boolean): string {
  if (!rates) return base;
  return base === 'ms' ? 'ms/s' : `${base}/s`;
}

export function unitSuffix(unit: string): string {
  return unit === 'ms' ? ' (ms)' : unit === 'ms/s' ? ' (ms/s)' : unit.endsWith('/s') ? ' (/s)' : '';
}

/** The numeric keys of the runs' `extra` blocks, in the order they first appear. */
export function extraKeys(variants: readonly VariantInput[]): string[] {
  const keys: string[] = [];
  for (const v of variants) for (const r of v.runs) for (const [k, x] of Object.entries(r.extra)) if (typeof x === 'number' && !keys.includes(k)) keys.push(k);
  return keys;
}

function formatMean(key: string, v: number, rates: boolean): string {
  if (!Number.isFinite(v)) return '—';
  const isTime = key.endsWith('Ms');
  if (rates) return isTime ? v.toFixed(3) : v.toFixed(2);
  if (isTime) return v.toFixed(2);
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/** Change of v against base in percent, positive = less (mmtests: better for "less is better" rows). */
export function changePercent(base: number, v: number): number | null {
  if (base === 0) return v === 0 ? 0 : null;
  return ((base - v) / Math.abs(base)) * 100;
}

function valueOf(run: RunInput, key: string, block: 'summary' | 'extra'): number {
  const x = block === 'summary' ? run.summary[key as SummaryKey] : run.extra[key];
  return typeof x === 'number' ? x : 0;
}

function buildRow(
  variants: readonly VariantInput[],
  o: { key: string; label: string; unit: string; block: 'summary' | 'extra'; direction: RowDirection },
  baseline: number,
  rates: boolean,
): CompareRow {
  const values = variants.map((v) =>
    v.runs.map((r) => {
      const x = valueOf(r, o.key, o.block);
      return rates ? (r.tracedMs > 0 ? x / (r.tracedMs / 1000) : 0) : x;
    }),
  );
  const stats = values.map((vs) => runStats(vs));
  const base = stats[baseline];
  const cells = stats.map((s, i): CompareCell => {
    const isBase = i === baseline;
    const changePct = isBase || !base ? null : changePercent(base.mean, s.mean);
    const test = isBase ? null : welch(values[i], values[baseline]);
    const p = test ? test.p : null;
    const significant = p !== null && p < LEVEL;
    // Untested (a single run on either side, or no spread on both): no mark, and the colour falls back to changeTone's rule.
    const markKnown = p === null ? null : significant;
    return {
      stats: s,
      changePct,
      p,
      significant,
      tone: isBase ? 'none' : changeTone(changePct, o.direction, markKnown),
      text: formatMean(o.key, s.mean, rates),
      changeText: isBase ? '' : changePct === null ? '(new)' : `(${changePct.toFixed(2)}%)`,
      mark: markKnown === null ? '' : markKnown ? '*' : ' ',
    };
  });
  return { key: o.key, label: o.label, unit: unitOf(o.unit, rates), block: o.block, direction: o.direction, cells };
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
    { label: 'Total traced time (s)', cells: traced.map((x) => (Number.isFinite(x) ? x.toFixed(2) : '—')) },
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
      ? `Mean over runs. Change against the baseline, mmtests style: positive = less. * = significant by Welch's t-test on the run values (two-sided, ${LEVEL * 100}% level).`
      : 'Change against the baseline, mmtests style: positive = less.',
  );
  return lines;
}

export function buildComparison(variants: readonly VariantInput[], opts: CompareOptions): Comparison {
  const rates = opts.rates ?? false;
  const baseline = variants.length ? Math.min(Math.max(0, opts.baseline), variants.length - 1) : 0;
  const rows: CompareRow[] = SUMMARY_ROWS.map((r) =>
    buildRow(variants, { key: r.key, label: r.label, unit: r.unit, block: 'summary', direction: r.lowerIsBetter ? 'lower' : 'neutral' }, baseline, rates),
  );
  const jsonOnly: CompareRow[] = [];
  for (const key of extraKeys(variants)) {
    const known = EXTRA_LABELS[key];
    const row = buildRow(
      variants,
      { key, label: known?.label ?? key, unit: key.endsWith('Ms') ? 'ms' : 'count', block: 'extra', direction: known?.direction ?? 'neutral' },
      baseline,
      rates,
    );
    (key === 'tracedMs' ? jsonOnly : rows).push(row);
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
  };
}

// ---------------------------------------------------------------- JSON

export interface ComparisonJson {
  baseline: string;
  level: number;
  variants: {
    name: string;
    runs: string[];
    rows: Record<string, { mean: number; sd: number | null; n: number; changePct: number | null; p: number | null; significant: boolean }>;
  }[];
}

/** The `compare --json` contract: every numeric key of `report --json`'s summary and extra, per variant. */
export function comparisonJson(c: Comparison): ComparisonJson {
  return {
    baseline: c.names[c.baseline],
    level: c.level,
    variants: c.names.map((name, i) => ({
      name,
      runs: c.files[i],
      rows: Object.fromEntries(
        [...c.rows, ...c.jsonOnly].map((r) => {
          const x = r.cells[i];
          return [r.key, { mean: x.stats.mean, sd: x.stats.sd, n: x.stats.n, changePct: x.changePct, p: x.p, significant: x.significant }];
        }),
      ),
    })),
  };
}

// ---------------------------------------------------------------- text

const WIDTH = 80;

function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ');
}

function wrap(text: string, width: number, indent = '  '): string[] {
  const words = oneLine(text).split(' ');
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && (cur + ' ' + w).length > width) {
      lines.push(cur);
      cur = indent + w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}

function cellText(c: CompareCell): string {
  return c.changeText ? `${c.text} ${c.changeText}${c.mark}` : `${c.text}${c.mark}`;
}

function alias(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : `V${i + 1}`;
}

/**
 * Plain text in the layout of the 2010 comparison mails: a header naming the
 * variants' files, the Summary, the extra rows, the Time block and latency
 * percentiles. Fits 80 columns when the names allow; otherwise long names move
 * into a legend (A = name) and the columns carry the letters.
 */
export function comparisonText(c: Comparison): string {
  const title = c.rates ? 'Rate per second' : 'FTrace Reclaim Statistics';
  const label = (r: CompareRow) => `${r.label}${unitSuffix(r.unit)}`;
  const blocks: { title: string; rows: { label: string; cells: string[] }[] }[] = [
    { title, rows: c.rows.filter((r) => r.block === 'summary').map((r) => ({ label: label(r), cells: r.cells.map(cellText) })) },
    { title: 'Extra (not in the kernel script)', rows: c.rows.filter((r) => r.block === 'extra').map((r) => ({ label: label(r), cells: r.cells.map(cellText) })) },
    { title: 'Time (mean over runs)', rows: c.time },
  ];
  if (c.latency) blocks.push({ title: 'Latency (runs pooled)', rows: c.latency });
  const all = blocks.flatMap((b) => [{ label: b.title, cells: [] as string[] }, ...b.rows]);
  const labelW = Math.max(...all.map((r) => r.label.length));
  const widthWith = (names: string[]) => {
    const cols = names.map((n, i) => Math.max(n.length, ...all.map((r) => (r.cells[i] ?? '').length)));
    return { cols, total: labelW + cols.reduce((a, w) => a + w + 2, 0) };
  };
  const names = c.names.map(oneLine);
  let shown = names;
  let layout = widthWith(names);
  let legend = false;
  if (layout.total > WIDTH) {
    const short = names.map((n, i) => (n.length > 12 ? alias(i) : n));
    const alt = widthWith(short);
    if (alt.total < layout.total) {
      shown = short;
      layout = alt;
      legend = short.some((s, i) => s !== names[i]);
    }
  }
  const out: string[] = [];
  for (const h of c.header.slice(0, 1)) out.push(...wrap(h, WIDTH));
  c.header.slice(1, 1 + names.length).forEach((h, i) => out.push(...wrap(legend && shown[i] !== names[i] ? `${shown[i]} = ${h}` : h, WIDTH)));
  for (const h of c.header.slice(1 + names.length)) out.push(...wrap(h, WIDTH, ''));
  if (c.untested) out.push(...wrap(c.untested, WIDTH, ''));
  for (const b of blocks) {
    if (b.rows.length === 0) continue;
    out.push('');
    out.push(`${b.title.padEnd(labelW)}${shown.map((n, i) => `  ${n.padStart(layout.cols[i])}`).join('')}`);
    for (const r of b.rows) out.push(`${r.label.padEnd(labelW)}${r.cells.map((x, i) => `  ${x.padStart(layout.cols[i])}`).join('')}`.trimEnd());
  }
  return out.join('\n') + '\n';
}

export function escapeMarkdown(s: string): string {
  return oneLine(s)
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/([`*_[\]#])/g, '\\$1');
}

/** Markdown: the header as a paragraph, then one table with the same blocks as the text. */
export function comparisonMarkdown(c: Comparison): string {
  const head = `| ${c.rates ? 'Rate per second' : 'FTrace Reclaim Statistics'} | ${c.names.map(escapeMarkdown).join(' | ')} |`;
  const sep = `|---|${c.names.map(() => '---:').join('|')}|`;
  const line = (label: string, cells: string[]) => `| ${escapeMarkdown(label)} | ${cells.map(escapeMarkdown).join(' | ')} |`;
  const body = c.rows.map((r) => line(`${r.label}${unitSuffix(r.unit)}`, r.cells.map(cellText)));
  const blank = c.names.map(() => '');
  body.push(line('Time (mean over runs)', blank));
  for (const t of c.time) body.push(line(t.label, t.cells));
  if (c.latency) {
    body.push(line('Direct reclaim latency (runs pooled)', blank));
    for (const t of c.latency) body.push(line(t.label, t.cells));
  }
  const notes = [...c.header, ...(c.untested ? [c.untested] : [])].map((h) => escapeMarkdown(h) + '  ');
  return [...notes, '', head, sep, ...body].join('\n') + '\n';
}

export function escapeCsv(s: string): string {
  let v = oneLine(s);
  if (/^[=+\-@]/.test(v)) v = `'${v}`; // never a formula in a spreadsheet
  return /[",\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * CSV: one line per row. The first columns are those of the one-run export
 * (statistic, unit, then value and change % per variant, the baseline's change
 * 0.00); then per variant the sd, runs, p and mark; then the row's JSON key.
 */
export function comparisonCsv(c: Comparison): string {
  const head = [
    'statistic',
    'unit',
    ...c.names.flatMap((n) => [n, `${n} change %`]),
    ...c.names.flatMap((n) => [`${n} sd`, `${n} runs`, `${n} p`, `${n} significant`]),
    'key',
  ]
    .map(escapeCsv)
    .join(',');
  const num = (x: number | null) => (x === null || !Number.isFinite(x) ? '' : String(x));
  const body = c.rows.map((r) =>
    [
      escapeCsv(r.label),
      escapeCsv(r.unit),
      ...r.cells.flatMap((x, i) => [num(x.stats.mean), i === c.baseline ? '0.00' : x.changePct === null ? '' : x.changePct.toFixed(2)]),
      ...r.cells.flatMap((x) => [num(x.stats.sd), String(x.stats.n), num(x.p), x.mark === '' ? '' : x.significant ? 'yes' : 'no']),
      escapeCsv(r.key),
    ].join(','),
  );
  return [head, ...body].join('\n') + '\n';
}

/** A run as the table needs it, from its `report --json` object (analysis/report.ts). */
export function runFromReport(
  file: string,
  report: Pick<FileReport, 'summary' | 'extra' | 'capture' | 'format' | 'parseReport'>,
  latencyMs: ArrayLike<number> | null,
  cpuSeconds: number | null = null,
): RunInput {
  return {
    file,
    summary: report.summary,
    extra: report.extra as unknown as Record<string, unknown>,
    tracedMs: report.extra.tracedMs,
    capture: report.capture ?? report.format,
    cpus: report.parseReport.cpus,
    latencyMs,
    cpuSeconds,
  };
}
