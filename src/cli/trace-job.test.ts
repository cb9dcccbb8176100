// summary.parquet's row for one trace: the kernel release and host from a
// trace.dat's UNAME option, and from the header `reclaimscope record` writes
// (`recorded`) the kernel release and one column per sysctl.

import { describe, expect, it } from 'vitest';
import { analyzeParsed, buildFileReport, type FileReport } from '../analysis/report.ts';
import { SUMMARY_KEYS } from '../model/summary.ts';
import { parseTrace } from '../parser/parse.ts';
import { bufferSource } from '../parser/source.ts';
import { storedBytes } from '../test-support/real-traces.ts';
import { summaryRow } from './trace-job.ts';

async function report(path: string): Promise<FileReport> {
  const parsed = await parseTrace(bufferSource(storedBytes(path)));
  return buildFileReport(path, parsed.table, parsed.report, analyzeParsed(parsed.table, parsed.report));
}

describe('summaryRow', () => {
  it('splits a UNAME option "sysname nodename release machine" into hostname and kernel_release', async () => {
    const r = await report('fixtures/real-6.18/writeback-dirty40.txt.gz');
    const row = summaryRow(r, 'abc', 123, 'Linux build-host-7 6.19.0-rc3+ aarch64');
    expect(row).toMatchObject({ file: r.file, content_hash: 'abc', bytes: 123, hostname: 'build-host-7', kernel_release: '6.19.0-rc3+' });
    for (const k of SUMMARY_KEYS) expect(row[k]).toBe(r.summary[k]);
    expect(summaryRow(r, 'abc', 123, null)).toMatchObject({ hostname: null, kernel_release: null });
  });

  it('takes the kernel release and every sysctl of a recorded header, a column per setting', async () => {
    // fixtures/recorded/memcg-dd.txt.gz was made by `reclaimscope record`; its header says these values
    const r = await report('fixtures/recorded/memcg-dd.txt.gz');
    expect(r.recorded).not.toBeNull();
    const row = summaryRow(r, 'abc', 1, null);
    expect(row).toMatchObject({
      kernel_release: '6.18.44-fc-v782',
      vm_dirty_ratio: '20',
      vm_swappiness: '60',
      vm_min_free_kbytes: '67584',
      vm_watermark_scale_factor: '10',
    });
    // a setting the header does not hold is no column
    const without = summaryRow({ ...r, recorded: { ...r.recorded!, sysctl: { 'vm.dirty_ratio': '40' } } }, 'abc', 1, null);
    expect(without).toMatchObject({ vm_dirty_ratio: '40' });
    expect(without).not.toHaveProperty('vm_swappiness');
  });
});
