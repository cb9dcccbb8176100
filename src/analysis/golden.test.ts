// Golden tests: every real trace reproduces its independently computed
// expected.json exactly (integers equal, milliseconds within 0.001), and the
// kernel script's Summary block wherever none of the four fixes applies.
// Each trace is parsed twice: in 1 MiB chunks and in 7-byte chunks.

import { describe, expect, it } from 'vitest';
import { chunksOf, parseTrace, type ParsedTrace } from '../parser/parse.ts';
import { realTraces, storedBytes, textBytes, tracesWithScriptOutput } from '../test-support/real-traces.ts';
import { SUMMARY_KEYS, SUMMARY_ROWS, type SummaryKey } from '../model/summary.ts';
import { analyzeParsed, buildFileReport, type FileReport } from './report.ts';
import { renderScriptReport } from './script-text.ts';
import type { Fixes } from './analyze.ts';

function expectClose(actual: number, expected: number, what: string): void {
  if (Number.isInteger(expected) && !what.endsWith('Ms')) expect(actual, what).toBe(expected);
  else expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(0.001);
}

function summaryBlock(text: string): string[] {
  return text.slice(text.indexOf('\nSummary\n')).split('\n');
}

/** The script prints nothing where no process entered a group of rows; we print 0. */
function scriptEmptyToZero(line: string): string {
  return /:\t*$/.test(line) || /^Direct reclaims: {5}\t\t\t$/.test(line) ? `${line}0` : line;
}

/** Summary rows a fix can change. */
function rowsChangedBy(fixes: Fixes): Set<SummaryKey> {
  const keys = new Set<SummaryKey>();
  if (fixes.writeFolioEvents > 0)
    for (const k of SUMMARY_KEYS) if (/Write/.test(k)) keys.add(k);
  if (fixes.directEndWithoutBegin > 0 || fixes.directEndAfterEnd > 0) keys.add('directStallMs');
  if (fixes.kswapdAwakeAtStart > 0) keys.add('kswapdAwakeMs');
  return keys;
}

const traces = realTraces();

describe.each(traces)('real trace $name', (trace) => {
  const parsed: Record<string, Promise<ParsedTrace>> = {};
  const parse = (size: number): Promise<ParsedTrace> =>
    (parsed[size] ??= parseTrace(chunksOf(size === 7 ? textBytes(trace.path) : storedBytes(trace.path), size)));

  it.each([1 << 20, 7])('reproduces expected.json exactly with %i-byte chunks', async (size) => {
    const { table, report } = await parse(size);
    const r: FileReport = buildFileReport(trace.name, table, report, analyzeParsed(table, report));
    expect(r.events).toBe(trace.expected.events);
    expect(r.format).toBe(trace.expected.format);
    for (const k of Object.keys(trace.expected.summary)) expectClose(r.summary[k as SummaryKey], trace.expected.summary[k], k);
    for (const k of Object.keys(trace.expected.extra))
      expectClose((r.extra as unknown as Record<string, number>)[k], trace.expected.extra[k], `extra.${k}`);
    expect(Object.keys(r.summary).sort()).toEqual(Object.keys(trace.expected.summary).sort());
  });

  it('gives identical tables and reports in big and tiny chunks', async () => {
    const a = await parse(1 << 20);
    const b = await parse(7);
    expect(b.table.length).toBe(a.table.length);
    expect(b.table.ts).toEqual(a.table.ts);
    expect(b.table.kind).toEqual(a.table.kind);
    for (let s = 0; s < a.table.slots.length; s++) expect(b.table.slots[s]).toEqual(a.table.slots[s]);
    expect({ ...b.report, compression: null, bytes: 0 }).toEqual({ ...a.report, compression: null, bytes: 0 });
  });
});

describe.each(tracesWithScriptOutput())('the kernel script output of $name', (trace) => {
  const parse = (size: number): Promise<ParsedTrace> => parseTrace(chunksOf(storedBytes(trace.path), size));

  it('prints the kernel script Summary byte for byte in --kernel-compat mode', async () => {
    const { table, report } = await parse(1 << 20);
    const ours = summaryBlock(renderScriptReport(table, analyzeParsed(table, report), { groupBy: 'script', kernelCompat: true }));
    const theirs = summaryBlock(trace.postprocess).map(scriptEmptyToZero);
    expect(ours).toEqual(theirs);
  });

  it('prints the kernel script Summary wherever no fix applies, and expected.json where one does', async () => {
    const { table, report } = await parse(1 << 20);
    const analysis = analyzeParsed(table, report);
    const ours = summaryBlock(renderScriptReport(table, analysis));
    const theirs = summaryBlock(trace.postprocess).map(scriptEmptyToZero);
    const changed = rowsChangedBy(analysis.fixes);
    expect(ours.length).toBe(theirs.length);
    let rowIndex = 0;
    for (let i = 0; i < ours.length; i++) {
      const spec = SUMMARY_ROWS.find((row) => theirs[i].startsWith(row.scriptPrefix));
      if (!spec) {
        expect(ours[i]).toBe(theirs[i]);
        continue;
      }
      rowIndex++;
      if (!changed.has(spec.key)) expect(ours[i], spec.label).toBe(theirs[i]);
      else {
        const value = ours[i].slice(spec.scriptPrefix.length);
        const exp = trace.expected.summary[spec.key];
        expect(value, spec.label).toBe(spec.unit === 'ms' ? `${(exp / 1000).toFixed(2)} seconds` : String(exp));
      }
    }
    expect(rowIndex).toBe(SUMMARY_ROWS.length);
  });
});

describe('the fixes on the real traces', () => {
  it('counts write_folio as reclaim writeback where the script reports none', async () => {
    const t = traces.find((x) => x.name === 'mixed-dirty40.txt')!;
    const { table, report } = await parseTrace(chunksOf(storedBytes(t.path)));
    const analysis = analyzeParsed(table, report);
    expect(analysis.fixes.writeFolioEvents).toBe(88);
    const fixed = buildFileReport(t.name, table, report, analysis);
    const compat = buildFileReport(t.name, table, report, analysis, { groupBy: 'script', kernelCompat: true });
    expect(fixed.summary.kswapdWriteAnonAsync).toBe(88);
    expect(compat.summary.kswapdWriteAnonAsync).toBe(0);
  });

  it('does not pair an end with a begin printed under another comm of the same pid', async () => {
    // mixed-dirty40 line 10062: `<...>-7892` begins direct reclaim; `bash-7892` ends it (line 10067).
    const t = traces.find((x) => x.name === 'mixed-dirty40.txt')!;
    const { table, report } = await parseTrace(chunksOf(storedBytes(t.path)));
    const analysis = analyzeParsed(table, report);
    expect(analysis.fixes.directEndWithoutBegin).toBe(1);
    expect(analysis.open.map((o) => `${o.type} ${table.strings.get(table.tasks.comm[o.task])}-${table.tasks.pid[o.task]}`)).toEqual([
      'direct <...>-7892',
    ]);
  });
});
