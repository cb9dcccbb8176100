// The copied comparison table names what `reclaimscope record` wrote into
// each trace (model/recorded.ts) above the numbers, in text and Markdown,
// escaped like every other name; CSV stays a bare table (share/comparison-table.ts).

import { describe, expect, it } from 'vitest';
import { emptyRecorded } from '../model/recorded.ts';
import { zeroSummary } from '../model/summary.ts';
import { buildComparison, type RunInput } from './comparison-table.ts';
import { comparisonCsv, comparisonMarkdown, comparisonText } from './comparison-export.ts';

const rec = {
  ...emptyRecorded(),
  kernel: '6.18.44-fc-v782',
  sysctl: { 'vm.dirty_ratio': '40' },
  command: 'dd if=/dev/zero of=<x> bs=1M',
  userSeconds: 1.5,
  systemSeconds: 2.25,
  exitStatus: 137,
  signal: 'SIGKILL',
  lostEventsByCpu: { 0: 0, 1: 12 },
  complete: true,
};
const run = (file: string, recorded: typeof rec | null): RunInput => ({ file, summary: zeroSummary(), extra: {}, tracedMs: 1000, capture: null, cpus: null, latencyMs: null, cpuSeconds: null, recorded });
const table = (recorded: (typeof rec | null)[]) =>
  buildComparison(
    ['base', 'dirty40'].map((name, i) => ({ name, runs: [run(`${name}.txt`, recorded[i])] })),
    { baseline: 0 },
  );

describe('the copied table of recorded traces', () => {
  it('names each recorded variant\'s settings and outcome above the text table', () => {
    expect(comparisonText(table([null, rec])).split('\n').slice(0, 4)).toEqual([
      'Recorded with reclaimscope record:',
      '  dirty40: kernel 6.18.44-fc-v782; sysctl dirty_ratio=40; command dd if=/dev/zero of=<x> bs=1M; cpu time 1.50 s user + 2.25 s sys; exit status 137 (SIGKILL); lost events 12 (cpu1: 12)',
      '',
      'reclaimscope comparison of 2 variants, baseline base',
    ]);
  });

  it('escapes them in Markdown and leaves CSV and unrecorded tables as they were', () => {
    const md = comparisonMarkdown(table([null, rec]));
    expect(md).toContain('of=&lt;x&gt;');
    expect(md).not.toContain('<x>');
    expect(comparisonCsv(table([null, rec])).startsWith('statistic,unit,')).toBe(true);
    expect(comparisonCsv(table([null, rec]))).toBe(comparisonCsv(table([null, null])));
    expect(comparisonText(table([null, null])).startsWith('reclaimscope comparison of 2 variants, baseline base\n')).toBe(true);
  });
});
