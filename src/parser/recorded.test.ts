// The `# reclaimscope-record` header (model/recorded.ts) read back by the
// parser: from a real recording made with `reclaimscope record` on this
// kind of machine (fixtures/recorded/), in one pass, tiny chunks and parts,
// counted as header lines, never changing the numbers of the events around it.

import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeParsed, buildFileReport } from '../analysis/report.ts';
import { EventTableBuilder } from '../model/event-table.ts';
import { emptyParseReport } from '../model/parse-report.ts';
import { emptyRecorded, formatRecordClosing, formatRecordOpening, readRecordLine, recordedCpuSeconds, shellQuote } from '../model/recorded.ts';
import { bytesOf, fixture, parseBoth, tableSnapshot } from '../test-support/parse-both.ts';
import { chunksOf, parseTrace } from './parse.ts';
import { bufferSource } from './source.ts';
import { findSeed, parseTextRange } from './text-part.ts';
import { TextTraceParser } from './text-parser.ts';

const text = new TextDecoder().decode(gunzipSync(fixture('recorded/memcg-dd.txt.gz')));
const headerLines = text.split('\n').filter((l) => l.startsWith('# reclaimscope-record '));

describe('a trace written by reclaimscope record', () => {
  it('gives the run settings and outcome its header lines state', async () => {
    const p = await parseBoth(bytesOf(text));
    const r = p.report.recorded!;
    // values as the fixture's lines read (fixtures/README.md, recorded/)
    expect(r.kernel).toBe('6.18.44-fc-v782');
    expect(r.sysctl).toEqual({
      'vm.watermark_scale_factor': '10',
      'vm.dirty_ratio': '20',
      'vm.dirty_background_ratio': '10',
      'vm.swappiness': '60',
      'vm.min_free_kbytes': '67584',
      'vm.zone_reclaim_mode': '0',
      'vm.compaction_proactiveness': '20',
    });
    expect(r.command).toBe(
      "sh -c 'echo $$ > /sys/fs/cgroup/memory/rsc12-fixture/cgroup.procs && dd if=/dev/zero of=/var/tmp/rsc12-dd bs=1M count=64 status=none && rm /var/tmp/rsc12-dd'",
    );
    expect([r.userSeconds, r.systemSeconds, r.exitStatus, r.signal]).toEqual([0, 0.1, 0, null]);
    expect(r.lostEventsByCpu).toEqual({ 0: 0, 1: 0 });
    expect([r.cpus, r.memTotalBytes, r.bufferKbPerCpu, r.traceClock]).toEqual([2, 25276026880, 16384, 'global']);
    expect([r.cgroup, r.cgroupMemoryLimitBytes]).toEqual(['/rsc12-fixture', 24 << 20]);
    expect(r.events).toHaveLength(23);
    expect(r.missingEvents).toEqual([]);
    expect(r.complete).toBe(true);
    expect(recordedCpuSeconds(r)).toBe(0.1);
  });

  it('counts its header lines as header lines, and the events as without them', async () => {
    const withHeader = await parseBoth(bytesOf(text));
    const without = await parseBoth(bytesOf(text.split('\n').filter((l) => !l.startsWith('#')).join('\n')));
    expect(headerLines).toHaveLength(27);
    expect(withHeader.report.skipped.header?.count).toBe(headerLines.length);
    expect(withHeader.report.events).toBe(240);
    expect(withHeader.report.lines).toBe(267);
    expect(withHeader.report.eventsByName).toEqual(without.report.eventsByName);
    expect(withHeader.report.eventsByName['mm_vmscan_memcg_reclaim_begin']).toBe(42);
    expect(tableSnapshot(withHeader.table)).toEqual(tableSnapshot(without.table));
    expect(without.report.recorded).toBeNull();
    const a = analyzeParsed(withHeader.table, withHeader.report);
    const json = buildFileReport('memcg-dd.txt.gz', withHeader.table, withHeader.report, a);
    expect(json.recorded).toEqual(withHeader.report.recorded);
    expect('recorded' in json.parseReport).toBe(false);
    expect(json.extra.memcgReclaims).toBe(42);
    expect(withHeader.report.warnings).toEqual([]);
  });

  it('reads the closing lines when a later part of the file holds them (parts on other threads)', async () => {
    const bytes = bytesOf(text);
    const cut = bytes.indexOf(0x0a, Math.floor(bytes.length / 2)) + 1;
    const src = bufferSource(bytes);
    const report = emptyParseReport();
    const parser = new TextTraceParser(new EventTableBuilder(1024), report);
    for await (const c of chunksOf(bytes.subarray(0, cut))) parser.push(c);
    expect(report.recorded?.complete).toBe(false);
    parser.absorb(await parseTextRange(src, cut, bytes.length, (await findSeed(src))!));
    parser.finish();
    const whole = await parseTrace(chunksOf(bytes));
    expect(report.recorded).toEqual(whole.report.recorded);
    expect(report.recorded?.exitStatus).toBe(0);
  });

  it('says which header line it could not read, and keeps the others', async () => {
    const broken = text.replace('# reclaimscope-record cpus = 2', '# reclaimscope-record cpus = two');
    const line = text.split('\n').findIndex((l) => l.startsWith('# reclaimscope-record cpus')) + 1;
    const p = await parseBoth(bytesOf(broken));
    expect(p.report.recorded?.cpus).toBeNull();
    expect(p.report.recorded?.kernel).toBe('6.18.44-fc-v782');
    expect(p.report.warnings).toEqual([`reclaimscope record header, line ${line}: cpus: the value is not JSON; that setting is left out.`]);
    expect(p.report.skipped.header?.count).toBe(headerLines.length);
  });

  it('knows a recording cut off before its closing lines', async () => {
    const cutOff = text.slice(0, text.indexOf('# reclaimscope-record cgroup'));
    const p = await parseBoth(bytesOf(cutOff));
    expect(p.report.recorded?.complete).toBe(false);
    expect(p.report.recorded?.exitStatus).toBeNull();
    expect(p.report.recorded?.kernel).toBe('6.18.44-fc-v782');
  });
});

describe('the header lines', () => {
  it('read back what was written, strings with quotes, newlines and non-ASCII included', () => {
    const r = emptyRecorded();
    r.kernel = '6.1.0-rc1 "test"\n';
    r.command = shellQuote(['sh', '-c', "echo 'x' > y", 'é']);
    r.sysctl = { 'vm.swappiness': '100' };
    r.userSeconds = 1.25;
    r.systemSeconds = 0.5;
    r.exitStatus = 137;
    r.signal = 'SIGKILL';
    r.lostEventsByCpu = { 0: 12, 3: 0 };
    const lines = (formatRecordOpening(r) + formatRecordClosing(r)).split('\n').filter(Boolean);
    expect(lines.every((l) => l.startsWith('# reclaimscope-record '))).toBe(true);
    const back = emptyRecorded();
    for (const l of lines) expect(readRecordLine(back, l)).toBeNull();
    expect(back).toEqual({ ...r, complete: true });
    expect(r.command).toBe(`sh -c 'echo '\\''x'\\'' > y' 'é'`);
  });

  it('leave keys of later versions alone and refuse values of the wrong type', () => {
    const r = emptyRecorded();
    expect(readRecordLine(r, '# reclaimscope-record someFutureKey = {"a":1}')).toBeNull();
    expect(readRecordLine(r, '# reclaimscope-record exitStatus = "0"')).toBe('exitStatus: not a number');
    expect(readRecordLine(r, '# reclaimscope-record lostEventsByCpu = {"0":-1}')).toBe('lostEventsByCpu: not counts by CPU');
    expect(r).toEqual(emptyRecorded());
  });
});
