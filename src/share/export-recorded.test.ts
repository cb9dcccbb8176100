// The copied comparison table names what `reclaimscope record` wrote into
// each trace (model/recorded.ts) above the numbers, in text and Markdown,
// escaped like every other name; CSV stays a bare table.

import { describe, expect, it } from 'vitest';
import { emptyRecorded } from '../model/recorded.ts';
import { toCsv, toMarkdown, toPlainText, type TextTable } from './export-text.ts';

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
const table: TextTable = { title: 'FTrace Reclaim Statistics', names: ['base', 'dirty40'], rows: [], unitSuffix: () => '', recorded: [null, rec] };

describe('the copied table of recorded traces', () => {
  it('names each recorded variant\'s settings and outcome above the text table', () => {
    expect(toPlainText(table, 0).split('\n').slice(0, 4)).toEqual([
      'Recorded with reclaimscope record:',
      '  dirty40: kernel 6.18.44-fc-v782; sysctl dirty_ratio=40; command dd if=/dev/zero of=<x> bs=1M; cpu time 1.50 s user + 2.25 s sys; exit status 137 (SIGKILL); lost events 12 (cpu1: 12)',
      '',
      'FTrace Reclaim Statistics base  dirty40',
    ]);
  });

  it('escapes them in Markdown and leaves CSV and unrecorded tables as they were', () => {
    const md = toMarkdown(table, 0);
    expect(md).toContain('of=&lt;x&gt;');
    expect(md).not.toContain('<x>');
    expect(toCsv(table).startsWith('statistic,unit,')).toBe(true);
    expect(toPlainText({ ...table, recorded: [null, null] }, 0)).toBe('FTrace Reclaim Statistics base  dirty40\n');
  });
});
