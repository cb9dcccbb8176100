// The kernel script's per-process and kswapd tables, row for row, and the
// options and edges that change them. The golden tests compare the Summary
// block; these compare the tables above it, so a swapped column, a lost
// --ignore-pid merge or fix 3 measured from the wrong start cannot pass.
//
// Where the script is right, its own output (fixtures/real-6.18/oracle) is the
// reference. Where it is wrong, the reference is computed independently:
// the script's printf has lost step with its arguments since the file/anon
// columns were added, so its "Pages Rclmed" column prints file pages scanned,
// "Sync-IO" anon pages scanned, "ASync-IO" pages reclaimed and "Time Stalled"
// file pages reclaimed (seen on every trace: writeback-baseline's dd-3762
// prints 256 256 0 256 256.000 for 256 scanned, 256 reclaimed, 0 I/O, 0.0003 s).

import { describe, expect, it } from 'vitest';
import { chunksOf, parseTrace } from '../parser/parse.ts';
import { realTraces, storedBytes, tracesWithScriptOutput } from '../test-support/real-traces.ts';
import { analyzeParsed, buildFileReport } from './report.ts';
import { renderScriptReport } from './script-text.ts';
import { logHistogram } from './latency.ts';

interface TableLine {
  name: string;
  cols: number[];
  /** The `direct-N=k wakeup-N=k` (or `wake-`/`rewake-`) counts after the numbers. */
  orders: string;
}

/** Rows of the table whose header starts with `first`, up to the blank line after it. */
function tableRows(text: string, first: string): TableLine[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith(first));
  expect(at, `table "${first}"`).toBeGreaterThanOrEqual(0);
  const rows: TableLine[] = [];
  for (let i = at + 2; i < lines.length && lines[i].trim() !== ''; i++) {
    const m = /^(\S.*?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)(?:\s+([\d.]+))?\s*(.*)$/.exec(lines[i]);
    expect(m, `row ${lines[i]}`).not.toBeNull();
    const cols = m!.slice(2, 9).filter((c) => c !== undefined).map(Number);
    rows.push({ name: m![1], cols, orders: m![9].trim().split(/\s+/).sort().join(' ') });
  }
  return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function parsed(path: string) {
  const { table, report } = await parseTrace(chunksOf(storedBytes(path)));
  return { table, report, analysis: analyzeParsed(table, report) };
}

describe.each(tracesWithScriptOutput())('the process and kswapd tables of $name', (trace) => {
  it('list the processes and instances the kernel script lists, with its direct, wakeup, scanned and reclaimed counts', async () => {
    const { table, analysis } = await parsed(trace.path);
    const ours = renderScriptReport(table, analysis, { groupBy: 'script', kernelCompat: true });
    const theirs = trace.postprocess;
    const op = tableRows(ours, 'Process ');
    const tp = tableRows(theirs, 'Process ');
    expect(op.map((r) => r.name)).toEqual(tp.map((r) => r.name));
    op.forEach((o, i) => {
      const t = tp[i];
      // ours: direct, wokeup, scanned, reclaimed, sync, async, stalled; theirs: see the file's head
      expect([o.cols[0], o.cols[1], o.cols[2], o.cols[3]], o.name).toEqual([t.cols[0], t.cols[1], t.cols[2], t.cols[5]]);
      expect(o.orders, o.name).toBe(t.orders);
    });
    const ok = tableRows(ours, 'Kswapd ');
    const tk = tableRows(theirs, 'Kswapd ');
    expect(ok.map((r) => r.name)).toEqual(tk.map((r) => r.name));
    ok.forEach((o, i) => {
      const t = tk[i];
      // ours: wakeups, re-wakeups, scanned, reclaimed, sync, async; theirs prints reclaimed under ASync-IO
      expect([o.cols[0], o.cols[1], o.cols[2], o.cols[3]], o.name).toEqual([t.cols[0], t.cols[1], t.cols[2], t.cols[5]]);
      expect(o.orders, o.name).toBe(t.orders);
    });
  });

  it('print write I/O and stall columns that add up to the independently computed Summary', async () => {
    const { table, analysis } = await parsed(trace.path);
    const text = renderScriptReport(table, analysis);
    const rows = tableRows(text, 'Process ');
    const s = trace.expected.summary;
    const sum = (c: number) => rows.reduce((a, r) => a + r.cols[c], 0);
    expect(sum(0)).toBe(s.directReclaims);
    expect(sum(2)).toBe(s.directPagesScanned);
    expect(sum(3)).toBe(s.directPagesReclaimed);
    expect(sum(4)).toBe(s.directWriteFileSync + s.directWriteAnonSync);
    expect(sum(5)).toBe(s.directWriteFileAsync + s.directWriteAnonAsync);
    // seconds with 3 decimals per row: each row is off by at most half a millisecond
    expect(Math.abs(sum(6) * 1000 - s.directStallMs)).toBeLessThanOrEqual(0.5 * rows.length + 1e-6);
    const k = tableRows(text, 'Kswapd ');
    const ksum = (c: number) => k.reduce((a, r) => a + r.cols[c], 0);
    expect(ksum(0)).toBe(s.kswapdWakeups);
    expect(ksum(2)).toBe(s.kswapdPagesScanned);
    expect(ksum(3)).toBe(s.kswapdPagesReclaimed);
    expect(ksum(4)).toBe(s.kswapdWriteFileSync + s.kswapdWriteAnonSync);
    expect(ksum(5)).toBe(s.kswapdWriteFileAsync + s.kswapdWriteAnonAsync);
  });
});

describe('--ignore-pid', () => {
  it('merges the processes of one command into one row whose counts are the sums of its pids', async () => {
    const t = realTraces().find((x) => x.name === 'mixed-baseline.txt')!;
    const { table, report, analysis } = await parsed(t.path);
    const byTask = buildFileReport(t.name, table, report, analysis).processes;
    const byComm = buildFileReport(t.name, table, report, analysis, { groupBy: 'comm' }).processes;
    // capture.sh, cat, dd-7032/7033/7034, kworker/u8:1, kworker/u8:3, python3-7035/7036
    expect(byTask.length).toBe(9);
    // capture.sh, cat, dd, kworker/u8:1, kworker/u8:3, python3
    expect(byComm.map((p) => p.process)).toEqual(['capture.sh', 'cat', 'dd', 'kworker/u8:1', 'kworker/u8:3', 'python3']);
    const commOf = (p: string) => p.replace(/-\d+$/, '');
    for (const merged of byComm) {
      const parts = byTask.filter((p) => commOf(p.process) === merged.process);
      expect(parts.length, merged.process).toBeGreaterThan(0);
      for (const key of ['directReclaims', 'wakeKswapdRequests', 'pagesScanned', 'pagesReclaimed', 'writeFileAsync'] as const)
        expect(merged[key], `${merged.process} ${key}`).toBe(parts.reduce((a, p) => a + p[key], 0));
      expect(merged.stallMs).toBeCloseTo(parts.reduce((a, p) => a + p.stallMs, 0), 6);
    }
    expect(byComm.find((p) => p.process === 'dd')!.directReclaims).toBe(151 + 112 + 135);
  });
});

describe('fix 3 (kswapd awake when the trace starts)', () => {
  it('counts from the first line of the trace, even when that line is an event reclaimscope does not store', async () => {
    // fixtures/edge/kswapd-awake-at-start.txt starts at 911.588902 with kswapd awake; it sleeps at 911.694720.
    // A sched_switch at 911.500000 before it is the trace's first timestamp: kswapd was awake from there.
    const { readFileSync } = await import('node:fs');
    const { ROOT } = await import('../test-support/real-traces.ts');
    const edge = readFileSync(`${ROOT}fixtures/edge/kswapd-awake-at-start.txt`);
    const first = new TextEncoder().encode(
      '          <idle>-0       [001] d..2.   911.500000: sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=dd next_pid=5815 next_prio=120\n',
    );
    const bytes = new Uint8Array(first.length + edge.length);
    bytes.set(first);
    bytes.set(edge, first.length);
    const { table, report } = await parseTrace(chunksOf(bytes));
    const r = buildFileReport('x', table, report, analyzeParsed(table, report));
    expect(r.extra.fixes.kswapdAwakeAtStart).toBe(1);
    expect(r.summary.kswapdAwakeMs).toBeCloseTo(911694.72 - 911500, 6);
  });
});

describe('the latency histogram', () => {
  it('puts each sample in the log bin that holds it, four bins a decade', () => {
    // bins start at 10^(-2/4) ms (floor(log10(0.5) * 4) = -2) and end after 10^(8/4) = 100 ms
    const samples = [0.5, 1, 1.5, 9.9, 10, 100];
    const { bins, counts } = logHistogram([samples]);
    expect(bins.length).toBe(11);
    expect(bins[0].loMs).toBeCloseTo(10 ** -0.5, 12);
    expect(counts[0]).toEqual([1, 0, 2, 0, 0, 1, 1, 0, 0, 0, 1]);
    // and independently: each sample lies inside its bin's bounds
    for (const v of samples) {
      const b = bins.findIndex((bin) => v >= bin.loMs * (1 - 1e-12) && v < bin.hiMs * (1 - 1e-12));
      expect(counts[0][b], `${v} in bin ${b}`).toBeGreaterThan(0);
    }
  });
});
