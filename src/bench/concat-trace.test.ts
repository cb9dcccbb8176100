// The benchmark's big trace (concat-trace.ts) at a size fit for a unit test:
// the two mixed traces in turn, four copies, 40 MB. Its counts and times must
// be those of the copies it was built from, added up. Pids and comms repeat
// from copy to copy, so a reclaim left open in one copy (a begin whose end
// the kernel printed under another comm) may find its end in a later copy:
// every episode a copy leaves open must be reported by the big trace either
// as still open or as an episode that ends later, and its time is the only
// difference between the sums and the big trace. Reading it in chunks, in one
// chunk, and cut in parts for other threads gives one and the same result.

import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeParsed, buildFileReport, type FileReport } from '../analysis/report.ts';
import type { Analysis } from '../analysis/analyze.ts';
import { newTaskCounters, type TaskCounters } from '../analysis/counters.ts';
import { groupRows, summarize } from '../analysis/summary.ts';
import type { EventTable } from '../model/event-table.ts';
import { SUMMARY_KEYS } from '../model/summary.ts';
import { chunksOf, parseTrace, type ParsedTrace } from '../parser/parse.ts';
import { bufferSource, READ_CHUNK } from '../parser/source.ts';
import { parseTextRange } from '../parser/text-part.ts';
import { ROOT } from '../test-support/real-traces.ts';
import { concatenate, indexSource, planCopies, shiftedCopy } from './concat-trace.ts';

const SOURCES = ['public/samples/mixed-baseline.txt.gz', 'public/samples/mixed-dirty40.txt.gz'];
const sources = SOURCES.map((p) => indexSource(p, new Uint8Array(gunzipSync(readFileSync(`${ROOT}${p}`)))));
const plan = planCopies(sources, 38 << 20);
const big = concatenate(sources, plan);

interface Read {
  parsed: ParsedTrace;
  analysis: Analysis;
  report: FileReport;
}

async function read(bytes: Uint8Array, name: string, chunk = READ_CHUNK): Promise<Read> {
  const parsed = await parseTrace(chunksOf(bytes, chunk));
  const analysis = analyzeParsed(parsed.table, parsed.report);
  return { parsed, analysis, report: buildFileReport(name, parsed.table, parsed.report, analysis) };
}

const copies = Promise.all(plan.map((c, k) => read(shiftedCopy(sources[c.source], c.offsetNs), `copy ${k}`)));
const whole = read(big, 'big');

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** The per-process event counters of counters.ts (the order maps are left out). */
const COUNTERS = [
  'directBegins',
  'wakeupKswapd',
  'scanned',
  'fileScanned',
  'anonScanned',
  'reclaimed',
  'fileReclaimed',
  'anonReclaimed',
  'writeFileSync',
  'writeAnonSync',
  'writeFileAsync',
  'writeAnonAsync',
  'folioFileSync',
  'folioAnonSync',
  'folioFileAsync',
  'folioAnonAsync',
  'kswapdWakes',
  'kswapdRewakes',
] as const satisfies readonly (keyof TaskCounters)[];

function sameColumns(a: EventTable, b: EventTable): boolean {
  const eq = (x: ArrayLike<number>, y: ArrayLike<number>): boolean => {
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  };
  return (
    a.length === b.length &&
    eq(a.ts, b.ts) &&
    eq(a.task, b.task) &&
    eq(a.cpu, b.cpu) &&
    eq(a.kind, b.kind) &&
    a.slots.every((s, i) => eq(s, b.slots[i])) &&
    eq(a.tasks.pid, b.tasks.pid) &&
    eq(a.tasks.comm, b.tasks.comm) &&
    a.strings.values.join('\n') === b.strings.values.join('\n')
  );
}

describe('the benchmark trace', () => {
  it('is four copies, one after the other in time, of the two mixed traces', () => {
    expect(plan.map((c) => c.source)).toEqual([0, 1, 0, 1]);
    expect(big.length).toBe(sum(plan.map((c) => c.bytes)));
    for (let k = 1; k < plan.length; k++) expect(plan[k].firstNs).toBeGreaterThan(plan[k - 1].lastNs);
  });

  it('has the lines, events and skipped lines of its copies, added up', async () => {
    const parts = await copies;
    const { parsed } = await whole;
    const r = parsed.report;
    expect(r.lines).toBe(sum(parts.map((p) => p.parsed.report.lines)));
    expect(r.events).toBe(sum(parts.map((p) => p.parsed.report.events)));
    expect(r.storedEvents).toBe(sum(parts.map((p) => p.parsed.report.storedEvents)));
    expect(r.backwardSteps).toBe(0);
    const byName: Record<string, number> = {};
    for (const p of parts) for (const [k, v] of Object.entries(p.parsed.report.eventsByName)) byName[k] = (byName[k] ?? 0) + v;
    expect(r.eventsByName).toEqual(byName);
    expect(r.firstTsNs).toBe(parts[0].parsed.report.firstTsNs);
    expect(r.lastTsNs).toBe(parts[parts.length - 1].parsed.report.lastTsNs);
  });

  it('counts for every process the events of that process in the copies, added up', async () => {
    // A copy's `<...>` comm may take a name from an earlier copy: copy tasks are
    // matched to the big trace's by the rows they own (copy k's rows follow copy k-1's).
    const parts = await copies;
    const { parsed, analysis, report } = await whole;
    const expected = newTaskCounters(parsed.table.tasks.length);
    let base = 0;
    for (const p of parts) {
      const t = p.parsed.table;
      const asBig = new Int32Array(t.tasks.length).fill(-1);
      let mismatched = 0;
      for (let r = 0; r < t.length; r++) {
        const T = parsed.table.task[base + r];
        if (asBig[t.task[r]] < 0) asBig[t.task[r]] = T;
        else if (asBig[t.task[r]] !== T) mismatched++;
        if (parsed.table.kind[base + r] !== t.kind[r] || parsed.table.ts[base + r] !== t.ts[r]) mismatched++;
      }
      expect(mismatched, 'a copy task is one task of the big trace, its rows the same events').toBe(0);
      for (const f of COUNTERS) for (let k = 0; k < asBig.length; k++) if (asBig[k] >= 0) expected[f][asBig[k]] += p.analysis.tasks[f][k];
      base += t.length;
    }
    expect(base).toBe(parsed.table.length);
    for (const f of COUNTERS) {
      const got = analysis.tasks[f];
      const differs = Array.from(got).findIndex((v, T) => v !== expected[f][T]);
      expect(differs, `${f} of task ${differs}`).toBe(-1);
    }
    // and so the Summary's counts are the copies', grouped as the big trace groups processes
    const rows = groupRows(parsed.table, expected, analysis.tasks.directStallNs, analysis.tasks.kswapdAwakeNs);
    const fromCopies = summarize(rows);
    for (const k of SUMMARY_KEYS) if (!k.endsWith('Ms')) expect(report.summary[k], k).toBe(fromCopies[k]);
    expect(report.summary.directReclaims).toBe(sum(parts.map((p) => p.report.summary.directReclaims)));
    expect(report.extra.directReclaimedByEnd).toBe(sum(parts.map((p) => p.report.extra.directReclaimedByEnd)));
    expect(report.extra.compactionEpisodes).toBe(sum(parts.map((p) => p.report.extra.compactionEpisodes)));
  });

  it('reports every episode a copy leaves open as open, or as ended in a later copy, and has the copies’ times plus those', async () => {
    const parts = await copies;
    const { analysis, report } = await whole;
    const startsOfBig = new Map<number, number>(); // direct episode start -> duration
    for (let i = 0; i < analysis.direct.length; i++) startsOfBig.set(analysis.direct.start[i], analysis.direct.end[i] - analysis.direct.start[i]);
    const openInBig = new Set(analysis.open.map((o) => `${o.type}@${o.startNs}`));
    let pairedAcross = 0;
    let pairedMs = 0;
    let open = 0;
    for (const p of parts) {
      for (const o of p.analysis.open) {
        if (openInBig.has(`${o.type}@${o.startNs}`)) open++;
        else {
          // only direct reclaims are left open in these traces; one that ended is an episode of the big trace
          expect(o.type).toBe('direct');
          const d = startsOfBig.get(o.startNs);
          expect(d, `the open direct reclaim of ${o.startNs} ns is an episode of the big trace`).toBeDefined();
          pairedAcross++;
          pairedMs += d! / 1e6;
        }
      }
    }
    expect(pairedAcross).toBeGreaterThan(0); // the mixed-dirty40 copies' `<...>-7892` begin finds its end
    expect(report.extra.openAtEnd).toBe(open);
    expect(report.extra.directEpisodes).toBe(sum(parts.map((p) => p.report.extra.directEpisodes)) + pairedAcross);
    // each of those ends was, in its own copy, an end without a begin
    expect(report.extra.fixes.directEndWithoutBegin).toBe(sum(parts.map((p) => p.report.extra.fixes.directEndWithoutBegin)) - pairedAcross);
    expect(report.summary.directStallMs).toBeCloseTo(sum(parts.map((p) => p.report.summary.directStallMs)) + pairedMs, 6);
    expect(report.summary.kswapdAwakeMs).toBeCloseTo(sum(parts.map((p) => p.report.summary.kswapdAwakeMs)), 6);
    expect(report.extra.compactionMs).toBeCloseTo(sum(parts.map((p) => p.report.extra.compactionMs)), 6);
  });

  it('reads the same in 4 MiB chunks, in one chunk, and cut in parts for other threads', async () => {
    const { parsed } = await whole;
    expect(big.length).toBeGreaterThan(READ_CHUNK * 8);
    const one = await parseTrace(chunksOf(big, big.length));
    expect(sameColumns(one.table, parsed.table)).toBe(true);
    expect(one.report).toEqual(parsed.report);
    const src = bufferSource(big);
    const split = await parseTrace(src, { helpers: { count: 2, minBytes: 0, parse: (from, to, seed) => parseTextRange(src, from, to, seed) } });
    expect(sameColumns(split.table, parsed.table)).toBe(true);
    expect({ ...split.report, compression: null }).toEqual({ ...parsed.report, compression: null });
  });
});
