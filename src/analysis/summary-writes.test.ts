// The Summary's reclaim writes, each of the eight direct and kswapd counters
// with a number of its own, from writepage and write_folio lines written by
// hand: with our semantics write_folio counts (fix 1), with --kernel-compat it
// does not, as in the kernel script. The real traces hold no synchronous
// writes and no kswapd writes at all, so mutation testing found these sums
// unchecked. Also the process name of an empty comm under --ignore-pid.

import { describe, expect, it } from 'vitest';
import { chunksOf, parseTrace } from '../parser/parse.ts';
import { analyzeParsed } from './report.ts';
import { processRows, summarize } from './summary.ts';

const line = (task: string, cpu: number, t: string, ev: string): string => `${task.padStart(16)} [00${cpu}] .....  ${t}: ${ev}`;
const write = (event: 'writepage' | 'write_folio', flags: string): string => `mm_vmscan_${event}: page=00000000d0d4eaf9 pfn=0x14d335 flags=${flags}`;
const FS = 'RECLAIM_WB_FILE|RECLAIM_WB_SYNC';
const AS = 'RECLAIM_WB_ANON|RECLAIM_WB_SYNC';
const FA = 'RECLAIM_WB_FILE|RECLAIM_WB_ASYNC';
const AA = 'RECLAIM_WB_ANON|RECLAIM_WB_ASYNC';

/** dd (direct reclaim) and kswapd0 write; each counter gets a different number of writepage and write_folio lines. */
function lines(): string[] {
  const out: string[] = [line('dd-100', 0, '1.000000', 'mm_vmscan_direct_reclaim_begin: order=0 gfp_flags=GFP_KERNEL')];
  out.push(line('kswapd0-45', 1, '1.000001', 'mm_vmscan_kswapd_wake: nid=0 order=0'));
  let us = 10;
  const add = (task: string, cpu: number, event: 'writepage' | 'write_folio', flags: string, n: number): void => {
    for (let i = 0; i < n; i++) out.push(line(task, cpu, `1.${String(us++).padStart(6, '0')}`, write(event, flags)));
  };
  // direct: writepage 1, 2, 3, 4 and write_folio 10, 20, 30, 40 of FS, AS, FA, AA
  [FS, AS, FA, AA].forEach((f, i) => {
    add('dd-100', 0, 'writepage', f, i + 1);
    add('dd-100', 0, 'write_folio', f, 10 * (i + 1));
  });
  // kswapd: writepage 5, 6, 7, 8 and write_folio 50, 60, 70, 80
  [FS, AS, FA, AA].forEach((f, i) => {
    add('kswapd0-45', 1, 'writepage', f, i + 5);
    add('kswapd0-45', 1, 'write_folio', f, 10 * (i + 5));
  });
  out.push(line('dd-100', 0, '2.000000', 'mm_vmscan_direct_reclaim_end: nr_reclaimed=1'));
  out.push(line('kswapd0-45', 1, '2.000001', 'mm_vmscan_kswapd_sleep: nid=0'));
  return out;
}

async function analyzed(text: string[]) {
  const { table, report } = await parseTrace(chunksOf(new TextEncoder().encode(text.join('\n') + '\n')));
  return { table, analysis: analyzeParsed(table, report) };
}

describe('the Summary counts reclaim writes', () => {
  it('of each kind, direct and kswapd, write_folio included (fix 1)', async () => {
    const { table, analysis } = await analyzed(lines());
    const s = summarize(processRows(table, analysis));
    expect([s.directWriteFileSync, s.directWriteAnonSync, s.directWriteFileAsync, s.directWriteAnonAsync]).toEqual([11, 22, 33, 44]);
    expect([s.kswapdWriteFileSync, s.kswapdWriteAnonSync, s.kswapdWriteFileAsync, s.kswapdWriteAnonAsync]).toEqual([55, 66, 77, 88]);
    const dd = processRows(table, analysis).find((r) => r.name === 'dd-100')!;
    expect([dd.writeSync, dd.writeAsync]).toEqual([33, 77]);
  });

  it('of writepage only with --kernel-compat, as the kernel script, which does not know write_folio', async () => {
    const { table, analysis } = await analyzed(lines());
    const rows = processRows(table, analysis, { kernelCompat: true });
    const s = summarize(rows);
    expect([s.directWriteFileSync, s.directWriteAnonSync, s.directWriteFileAsync, s.directWriteAnonAsync]).toEqual([1, 2, 3, 4]);
    expect([s.kswapdWriteFileSync, s.kswapdWriteAnonSync, s.kswapdWriteFileAsync, s.kswapdWriteAnonAsync]).toEqual([5, 6, 7, 8]);
    const k = rows.find((r) => r.name === 'kswapd0-45')!;
    expect([k.writeSync, k.writeAsync]).toEqual([11, 15]);
  });

  it('names the processes of an empty comm NO_PROCESS_NAME under --ignore-pid, as the script does', async () => {
    const { table, analysis } = await analyzed([
      line('-7', 0, '1.000000', 'mm_vmscan_direct_reclaim_begin: order=0 gfp_flags=GFP_KERNEL'),
      line('-7', 0, '1.000100', 'mm_vmscan_direct_reclaim_end: nr_reclaimed=1'),
      line('-8', 1, '1.000200', 'mm_vmscan_direct_reclaim_begin: order=0 gfp_flags=GFP_KERNEL'),
      line('-8', 1, '1.000300', 'mm_vmscan_direct_reclaim_end: nr_reclaimed=1'),
    ]);
    const rows = processRows(table, analysis, { groupBy: 'comm' });
    expect(rows.map((r) => [r.name, r.tasks.length, r.directReclaims])).toEqual([['NO_PROCESS_NAME', 2, 2]]);
    expect(processRows(table, analysis).map((r) => r.name)).toEqual(['-7', '-8']);
  });
});
