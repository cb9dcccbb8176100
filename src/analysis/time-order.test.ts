// Time order on real traces: the per-CPU interleaving trace_pipe prints is
// undone (same numbers as the ordered file), while orders no capture prints
// (reversed, shuffled within windows of 200 lines, every line twice) keep
// their numbers as printed but warn (src/cli/order-warnings.test.ts: on the
// command line's stderr and atop its text report).

import { describe, expect, it } from 'vitest';
import { chunksOf, parseTrace } from '../parser/parse.ts';
import { mergeCpus } from '../parser/time-order.ts';
import { realTraces, textBytes } from '../test-support/real-traces.ts';
import { analyzeParsed, buildFileReport } from './report.ts';
import { numbersWarnings } from './warnings.ts';

const trace = realTraces().find((t) => t.name === 'mixed-baseline.txt')!;
const text = new TextDecoder().decode(textBytes(trace.path));
const all = text.split('\n').filter((l) => l.length > 0);
const head = all.filter((l) => l.startsWith('#'));
const body = all.filter((l) => !l.startsWith('#'));
const enc = new TextEncoder();

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

async function numbersOf(lines: string[]) {
  const { table, report } = await parseTrace(chunksOf(enc.encode([...head, ...lines].join('\n') + '\n')));
  const analysis = analyzeParsed(table, report);
  const file = buildFileReport('x', table, report, analysis);
  return { file, report, warnings: numbersWarnings(report, analysis.anomalies) };
}

const cpuOf = (line: string): number => Number(/\[(\d+)\]/.exec(line)![1]);

describe('time order', () => {
  it('puts trace_pipe-style interleaving of CPUs back in order, and the numbers equal the ordered file', async () => {
    // Each CPU's lines keep their order; the CPUs are merged in bursts of up to 300 lines, as a late reader prints them.
    const byCpu = new Map<number, string[]>();
    for (const l of body) {
      const c = cpuOf(l);
      if (!byCpu.has(c)) byCpu.set(c, []);
      byCpu.get(c)!.push(l);
    }
    expect(byCpu.size).toBeGreaterThan(1);
    const next = rng(15);
    const queues = [...byCpu.values()];
    const merged: string[] = [];
    while (queues.some((q) => q.length)) {
      const q = queues[Math.floor(next() * queues.length)];
      merged.push(...q.splice(0, 1 + Math.floor(next() * 300)));
    }
    const ordered = await numbersOf(body);
    const interleaved = await numbersOf(merged);
    expect(interleaved.report.backwardSteps).toBeGreaterThan(10);
    expect(interleaved.report.reordered).toBeGreaterThan(1000);
    expect(interleaved.report.cpuBackwardSteps ?? 0).toBe(0);
    expect(interleaved.file.summary).toEqual(ordered.file.summary);
    expect(interleaved.file.extra).toEqual(ordered.file.extra);
    expect(interleaved.warnings).toEqual([]);
  });

  it('warns on a reversed trace', async () => {
    const r = await numbersOf([...body].reverse());
    expect(r.report.cpuBackwardSteps).toBeGreaterThan(1000);
    expect(r.warnings[0]).toMatch(/^time runs backwards \d+ times, \d+ of them between events of one CPU/);
  });

  it('warns on a trace shuffled within windows of 200 lines', async () => {
    const next = rng(200);
    const shuffled: string[] = [];
    for (let i = 0; i < body.length; i += 200) {
      const w = body.slice(i, i + 200);
      for (let k = w.length - 1; k > 0; k--) {
        const j = Math.floor(next() * (k + 1));
        [w[k], w[j]] = [w[j], w[k]];
      }
      shuffled.push(...w);
    }
    const r = await numbersOf(shuffled);
    expect(r.warnings.some((w) => /^time runs backwards/.test(w))).toBe(true);
  });

  it('warns when every line is there twice', async () => {
    const r = await numbersOf(body.flatMap((l) => [l, l]));
    expect(r.warnings.some((w) => /direct-reclaim begins were followed by another begin/.test(w))).toBe(true);
  });
});

describe('merging the CPUs', () => {
  it('gives the order of a stable sort by timestamp, on random per-CPU runs with ties', () => {
    const next = rng(7);
    for (const cpus of [1, 2, 3, 64]) {
      const n = 5000;
      const cpu = new Uint16Array(n);
      const ts = new Float64Array(n);
      const clock = new Float64Array(cpus * 2 + 1);
      for (let r = 0; r < n; r++) {
        const c = Math.floor(next() * cpus) * 2; // CPU numbers with gaps
        cpu[r] = c;
        clock[c] += Math.floor(next() * 3); // steps of 0 make ties within and across CPUs
        ts[r] = clock[c];
      }
      const want = Array.from({ length: n }, (_, r) => r).sort((a, b) => ts[a] - ts[b] || a - b);
      expect(Array.from(mergeCpus(ts, cpu, n)), `${cpus} CPUs`).toEqual(want);
    }
  });
});
