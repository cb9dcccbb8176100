// The fast path (TextTraceParser.fastRun with line-cache.ts) may only ever
// read a line as the general reader does. Every real trace and every edge
// and era fixture is parsed here with and without it, in big chunks, and the
// tables and reports must be identical; a trace is also doubled with its
// lines slightly altered (a flags column, a CRLF, a missing key, a longer
// value) so that cached heads and tails meet near misses. A write_folio-heavy
// trace (unique page= and pfn= on most lines, so the line cache stops
// looking those up) is cut into chunks at random places, seeded.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventTableBuilder } from '../model/event-table.ts';
import { emptyParseReport } from '../model/parse-report.ts';
import { fixture, tableSnapshot } from '../test-support/parse-both.ts';
import { realTraces, ROOT, textBytes } from '../test-support/real-traces.ts';
import { TextTraceParser } from './text-parser.ts';
import { seededRandom, writeFolioTrace } from '../test-support/write-folio.ts';

function parseWith(bytes: Uint8Array, fast: boolean, cuts?: number[]) {
  const report = emptyParseReport();
  const builder = new EventTableBuilder(1024);
  const parser = new TextTraceParser(builder, report, { fast });
  const at = cuts ?? Array.from({ length: Math.ceil(bytes.length / (1 << 20)) }, (_, i) => i * (1 << 20));
  for (let i = 0; i < at.length; i++) parser.push(bytes.subarray(at[i], at[i + 1] ?? bytes.length));
  parser.finish();
  return { table: tableSnapshot(builder.finish()), report, parser };
}

function expectSame(bytes: Uint8Array): void {
  const general = parseWith(bytes, false);
  const fast = parseWith(bytes, true);
  expect(fast.report).toEqual(general.report);
  expect(fast.table).toEqual(general.table);
}

const fixtures = ['edge', 'eras'].flatMap((d) => readdirSync(`${ROOT}fixtures/${d}`).filter((f) => f.endsWith('.txt')).map((f) => `${d}/${f}`));

describe('the fast path', () => {
  it.each(realTraces().filter((t) => !t.path.endsWith('.dat')))('reads $name as the general reader does', (t) => expectSame(textBytes(t.path)));

  it.each(fixtures)('reads fixture %s as the general reader does', (f) => {
    // repeated, so that the fast path has learnt the lines when it meets them again
    const one = fixture(f);
    const many = new Uint8Array(one.length * 40);
    for (let k = 0; k < 40; k++) many.set(one, k * one.length);
    expectSame(many);
  });

  it('reads near misses of learnt lines as the general reader does', () => {
    const text = new TextDecoder().decode(textBytes('public/samples/mixed-dirty40.txt.gz')).split('\n').slice(0, 20000);
    const altered = text.map((line, i) => {
      switch (i % 97) {
        case 1:
          return line.replace(' [001] ', ' [001] d..2. ');
        case 2:
          return `${line}\r`;
        case 3:
          return line.replace(/ nr_taken=\d+/, '');
        case 4:
          return line.replace(/nr_scanned=(\d+)/, 'nr_scanned=0x$1');
        case 5:
          return line.replace(/flags=RECLAIM_WB_FILE\|RECLAIM_WB_ASYNC/, 'flags=RECLAIM_WB_ANON|RECLAIM_WB_SYNC');
        case 6:
          return line.replace(/nr_reclaimed=(\d+)/, 'nr_reclaimed=$1x');
        case 7:
          return `${line}  `;
        case 8:
          return line.replace(/lru=inactive_file/, 'lru=inactive_fil');
        case 9:
          return line.replace(/: mm_vmscan_/, ': mm_vmscanx_');
        case 10:
          return line.replace(/(\d+)\.(\d+):/, '$1.$2 :');
        case 11:
          return line.replace(/kswapd0-45/, '<...>-45');
        case 12:
          return line.replace(/ (\d+)\.(\d+):/, ' 99999.$2:'); // the latest timestamp, mid-file
        case 13:
          return line.replace(/ (\d+)\.(\d+):/, ' 1.$2:'); // the earliest, and a step back
        // extra fields (kinds.ts `extra`) that do not read: kept as missing by both readers
        case 14:
          return line.replace(/nr_congested=\d+/, 'nr_congested=7x');
        case 15:
          return line.replace(/nr_ref_keep=\d+/, 'nr_ref_keep=4294967296');
        case 16:
          return line.replace(/nr_requested=(\d+)/, 'nr_requested=0x$1');
        case 17:
          return line.replace(/nr_unmap_fail=\d+/, 'nr_unmap_fail=-3');
        default:
          return line;
      }
    });
    const bytes = new TextEncoder().encode([...text, ...altered, ...text].join('\n'));
    expectSame(bytes);
    expect(parseWith(bytes, true).report.lastTsNs).toBeGreaterThan(99999e9);
  });

  it('reads a write_folio-heavy trace cut at random places as the general reader does', () => {
    // 4 x 12,000 lines: past the per-kind probe (1,024 lines) and the retry (32,768 write_folio lines)
    const bytes = writeFolioTrace(4);
    const rnd = seededRandom(4113);
    for (let round = 0; round < 3; round++) {
      const cuts = [0];
      // chunks of 2 KiB to 1 MiB, so that lines fall on both sides of the fast path's window
      while (cuts[cuts.length - 1] < bytes.length) cuts.push(cuts[cuts.length - 1] + 2048 + Math.floor(rnd() * (1 << 20)));
      cuts.pop();
      const general = parseWith(bytes, false, cuts);
      const fast = parseWith(bytes, true, cuts);
      expect(fast.report).toEqual(general.report);
      expect(fast.table).toEqual(general.table);
    }
  });

  it('stops looking up write_folio payloads, which never repeat, and keeps finding the ones that do', () => {
    const bytes = writeFolioTrace(2);
    const { parser, report } = parseWith(bytes, true);
    const folios = report.eventsByName.mm_vmscan_write_folio;
    expect(folios).toBeGreaterThan(0.8 * report.lines);
    const { lines, tailHits } = parser.cacheStats;
    expect(lines).toBe(report.lines);
    // the hits are the other 17% of lines (isolate, shrink_inactive, memcg begin/end repeat), not the folios
    expect(tailHits).toBeGreaterThan(0.05 * lines);
    expect(tailHits).toBeLessThan(lines - folios);
  });
});
