// The range views and the event list checked against independent counts on
// real traces: over the whole trace the range tables are the command line's
// tables; in a range, latency and process rows follow the overlap rule applied
// to the episode list; the event list holds exactly the event lines whose
// timestamps fall in the range, read from the text with a regex here.

import { describe, expect, it } from 'vitest';
import { KIND_SPECS } from '../model/kinds.ts';
import { ns } from '../model/units.ts';
import { bufferSource } from '../parser/source.ts';
import { realTraces, storedBytes, textBytes } from '../test-support/real-traces.ts';
import { episodesJson } from './episodes-json.ts';
import { queryEvents, readRows } from './event-query.ts';
import { ExploreStore } from './explore-store.ts';
import { taskSeries, tasksNamed } from './range-filter.ts';
import { buildFileReport } from './report.ts';
import { LoadedTraces } from './loaded-traces.ts';

const STORED = new Set(KIND_SPECS.flatMap((s) => s.names));
const traces = realTraces().filter((t) => ['mixed-baseline.txt', 'highalloc-dirty40.txt', 'pressure-dirty40.txt'].includes(t.name));

/** Stored event lines of an ftrace text: pid, ns, event name, payload. */
function lines(path: string): { pid: number; ns: number; event: string; payload: string }[] {
  const out = [];
  for (const l of new TextDecoder().decode(textBytes(path)).split('\n')) {
    const m = /^\s*.*?-(\d+)\s+(?:\(\s*[\d-]+\)\s+)?\[\d+\]\s+(?:\S{4,5}\s+)?(\d+)\.(\d+):\s+(?:\w+:)?(\w+):(.*)$/.exec(l);
    if (m) out.push({ pid: Number(m[1]), ns: Number(m[2]) * 1e9 + Number(m[3].padEnd(9, '0')), event: m[4], payload: m[5] });
  }
  return out;
}

const strip = <T extends { episodes: number; tasks: number[] }>({ episodes: _, tasks: __, ...rest }: T) => rest;

describe.each(traces)('range views of $name', (trace) => {
  const store = new LoadedTraces();
  const explore = new ExploreStore(store);
  const ready = store.load('t', trace.name, bufferSource(storedBytes(trace.path)));

  it('over the whole trace equal the command line tables, by task and by command (--ignore-pid)', async () => {
    const info = await ready;
    const whole = explore.rangeView('t', null, null);
    expect(whole.processes.map(strip)).toEqual(info.report.processes);
    expect(whole.kswapd.map(strip)).toEqual(info.report.kswapd);
    expect(whole.latency.all.count).toBe(trace.expected.extra.directEpisodes);
    const { table, report } = store.parsed('t');
    const { analysis } = store.internals('t');
    const byComm = buildFileReport(trace.name, table, report, analysis, { groupBy: 'comm' });
    expect(explore.rangeView('t', null, null, 'comm').processes.map(strip)).toEqual(byComm.processes);
  });

  it('in the middle third count the episodes that overlap it, their stall clipped to it', async () => {
    const info = await ready;
    const span = info.endNs - info.startNs;
    const t0 = ns(Math.round(span / 3));
    const t1 = ns(Math.round((2 * span) / 3));
    const v = explore.rangeView('t', t0, t1);
    const { table } = store.parsed('t');
    const eps = episodesJson(table, store.internals('t').analysis).direct.filter((e) => e.startNs < t1 && e.endNs >= t0);
    expect(v.latency.all.count).toBe(eps.length);
    const stall = new Map<string, number>();
    for (const e of eps) stall.set(e.process, (stall.get(e.process) ?? 0) + Math.min(e.endNs, t1) - Math.max(e.startNs, t0));
    const begun = new Set(lines(trace.path).filter((l) => l.event === 'mm_vmscan_direct_reclaim_begin').map((l) => l.ns - info.startNs >= t0 && l.ns - info.startNs < t1 ? l.pid : -1));
    const listed = v.processes.map((p) => p.process).sort();
    const want = [...new Set([...stall.keys(), ...v.processes.filter((p) => begun.has(Number(p.process.replace(/^.*-/, '')))).map((p) => p.process)])].sort();
    expect(listed).toEqual(want);
    for (const p of v.processes) expect(p.stallMs, p.process).toBeCloseTo((stall.get(p.process) ?? 0) / 1e6, 6);
    // a process's own series adds up to its row
    for (const p of v.processes.slice(0, 3)) {
      const s = taskSeries(table, store.internals('t').analysis, store.internals('t').index, tasksNamed(table, p.process, false), t0, t1, 97);
      expect(s.stallMs.reduce((a, b) => a + b, 0), p.process).toBeCloseTo(p.stallMs, 6);
      expect(s.scanned.reduce((a, b) => a + b, 0), p.process).toBe(p.pagesScanned);
    }
  });

  it('lists exactly the stored event lines with timestamps in [from, to), filtered and sorted as asked', async () => {
    const info = await ready;
    const all = lines(trace.path).filter((l) => STORED.has(l.event));
    const first = Math.min(...lines(trace.path).map((l) => l.ns));
    expect(first).toBe(info.startNs);
    const span = info.endNs - info.startNs;
    const t0 = Math.round(span * 0.4);
    const t1 = Math.round(span * 0.45);
    const inRange = all.filter((l) => l.ns - first >= t0 && l.ns - first < t1);
    const { table, analysis, index } = store.internals('t');
    expect(queryEvents(table, analysis, index, { t0, t1 }).length).toBe(inRange.length);
    expect(explore.eventList('t', { t0: null, t1: null }).count).toBe(all.length);
    const want = inRange.filter((l) => l.event === 'mm_vmscan_lru_shrink_inactive' && Number(/nr_reclaimed=(\d+)/.exec(l.payload)![1]) > 0);
    const got = queryEvents(table, analysis, index, { t0, t1, event: 'shrink_inactive', field: 'nr_reclaimed>0' });
    expect(got.length).toBe(want.length);
    const sorted = queryEvents(table, analysis, index, { t0, t1, event: 'lru_isolate', sortKey: 'nr_scanned', desc: true });
    const values = readRows(table, analysis, sorted, 0, sorted.length).map((r) => r.fields.find(([k]) => k === 'nr_scanned')![1] as number);
    expect(values.length).toBe(inRange.filter((l) => l.event === 'mm_vmscan_lru_isolate').length);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
    const page = explore.eventPage('t', { t0, t1 }, 0, 5);
    expect(page.map((r) => r.event)).toEqual(inRange.slice(0, 5).map((l) => l.event));
  });
});

describe('the event list on the fields beyond the slots (memcg-256m.trace.txt)', () => {
  const trace = realTraces().find((t) => t.name === 'memcg-256m.trace.txt')!;
  const store = new LoadedTraces();
  const explore = new ExploreStore(store);
  const ready = store.load('m', trace.name, bufferSource(storedBytes(trace.path)));
  const shrink = () => lines(trace.path).filter((l) => l.event === 'mm_vmscan_lru_shrink_inactive');
  const printed = (payload: string) => Object.fromEntries(payload.trim().split(/\s+/).map((w) => w.split('=') as [string, string]));

  it('shows every field lru_shrink_inactive printed, by name, with its value', async () => {
    await ready;
    const { table, analysis, index } = store.internals('m');
    const rows = queryEvents(table, analysis, index, { t0: null, t1: null, event: 'lru_shrink_inactive' });
    const got = readRows(table, analysis, rows, 0, rows.length).map((r) => JSON.stringify(Object.fromEntries([...r.fields].sort().map(([k, v]) => [k, String(v)]))));
    const want = shrink().map((l) => JSON.stringify(Object.fromEntries(Object.entries(printed(l.payload)).sort())));
    expect(want[0]).toContain('"nr_unmap_fail"');
    expect(got.sort()).toEqual(want.sort());
  });

  it('filters on nr_writeback, nr_activate_file and nr_ref_keep, and sorts by them', async () => {
    await ready;
    const all = shrink().map((l) => printed(l.payload));
    for (const [test, key, min] of [['nr_writeback>0', 'nr_writeback', 1], ['nr_activate_file>10', 'nr_activate_file', 11], ['nr_ref_keep=0', 'nr_ref_keep', 0]] as const) {
      const want = all.filter((p) => (test.includes('=') ? Number(p[key]) === min : Number(p[key]) >= min)).length;
      expect(want, test).toBeGreaterThan(0);
      expect(explore.eventList('m', { t0: null, t1: null, field: test }).count, test).toBe(want);
    }
    const q = { t0: null, t1: null, event: 'shrink_inactive', sortKey: 'nr_writeback', desc: true };
    const n = explore.eventList('m', q).count;
    const page = explore.eventPage('m', q, 0, 1000);
    const wb = page.map((r) => r.fields.find(([k]) => k === 'nr_writeback')![1] as number);
    const top = all.map((p) => Number(p.nr_writeback)).sort((a, b) => b - a);
    expect(n).toBe(all.length);
    expect(wb).toEqual(top.slice(0, 1000));
  });
});
