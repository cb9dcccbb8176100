// Bad input: every kind of file a user can drop that is not a clean trace.
// Each one either fails with a TraceError (a code for programs and a sentence
// for people) or is read with its bad lines counted by reason and line number;
// nothing throws anything else, and every line is accounted for
// (events + skipped lines = lines). Runs with 1 MiB, 3-byte and 7-byte chunks.

import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { totalSkipped } from '../model/parse-report.ts';
import { EventTableBuilder } from '../model/event-table.ts';
import { emptyParseReport } from '../model/parse-report.ts';
import { isTraceError } from './errors.ts';
import { parseTrace } from './parse.ts';
import { MAX_LINE_BYTES, TextTraceParser } from './text-parser.ts';
import { bytesOf, countLines, fixture, parseBoth, parseBothFails, tableSnapshot } from '../test-support/parse-both.ts';

const GOOD = [
  '         kswapd0-45      [000] .....  1285.774495: mm_vmscan_kswapd_wake: nid=0 order=0',
  '         kswapd0-45      [000] d..1.  1285.774560: mm_vmscan_lru_isolate: classzone=3 order=0 nr_requested=32 nr_scanned=256 nr_skipped=0 nr_taken=256 lru=inactive_file',
  '         kswapd0-45      [000] .....  1285.776495: mm_vmscan_kswapd_sleep: nid=0',
];

/** A deterministic byte generator (xorshift32), so that a failure can be replayed. */
function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** A minimal valid PNG: signature, IHDR for a 1x1 grey image, IEND (CRCs included). */
function pngBytes(): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Uint8Array) => {
    let c = 0xffffffff;
    for (const v of b) c = crcTable[(c ^ v) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: number[]) => {
    const body = new Uint8Array([...bytesOf(type), ...data]);
    const len = data.length;
    const c = crc(body);
    return new Uint8Array([len >>> 24, (len >> 16) & 255, (len >> 8) & 255, len & 255, ...body, c >>> 24, (c >> 16) & 255, (c >> 8) & 255, c & 255]);
  };
  return concat(
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]),
    chunk('IEND', []),
  );
}

describe('files that are not text traces', () => {
  it('refuses an empty file', async () => {
    const e = await parseBothFails(new Uint8Array(0));
    expect(e.code).toBe('empty');
    expect(e.message).toBe('the file is empty');
  });

  it('refuses binary garbage with NUL bytes', async () => {
    const e = await parseBothFails(randomBytes(3000, 42));
    expect(e.code).toBe('binary');
    expect(e.message).toBe('not a text trace: this is binary data (it contains NUL bytes)');
  });

  it('refuses binary garbage made of control characters', async () => {
    const bytes = randomBytes(3000, 7).map((b) => (b % 31) + 1); // 1..31, no NUL
    const e = await parseBothFails(bytes);
    expect(e.code).toBe('binary');
    expect(e.message).toBe('not a text trace: this is binary data (many control characters)');
  });

  it('names a PNG image', async () => {
    const e = await parseBothFails(pngBytes());
    expect(e.code).toBe('binary');
    expect(e.message).toBe('not a text trace: this is a PNG image');
  });

  it('names a PNG image inside gzip data', async () => {
    const e = await parseBothFails(new Uint8Array(gzipSync(pngBytes())));
    expect(e.code).toBe('binary');
    expect(e.message).toBe('not a text trace: this is a PNG image (inside the gzip data)');
  });

  it('says what to do with a trace.dat whose header is cut short', async () => {
    // magic, "tracing", version "6\0", then nothing of the header
    const bytes = new Uint8Array([0x17, 0x08, 0x44, ...bytesOf('tracing6'), 0]);
    const e = await parseBothFails(bytes);
    // The trace.dat reader (trace-dat.ts) is written alongside these tests: before it
    // the file is refused as 'trace-dat' with a hint, with it as 'truncated'.
    expect(['trace-dat', 'truncated', 'unreadable']).toContain(e.code);
    expect(e.message).toMatch(/trace\.dat|truncated/);
  });
});

describe('text without usable events', () => {
  it('fails on a trace header with no events, naming the line count', async () => {
    const e = await parseBothFails(bytesOf('# tracer: nop\n#\n# entries-in-buffer/entries-written: 0/0   #P:2\n#\n'));
    expect(e.code).toBe('no-events');
    expect(e.message).toBe(
      'no trace events found in 4 lines (expected ftrace trace_pipe/trace, trace-cmd report or perf script text)',
    );
  });

  it('fails on prose and quotes the first line it could not read', async () => {
    const e = await parseBothFails(bytesOf('Dear kernel list,\n\nplease find the trace attached.\n'));
    expect(e.code).toBe('no-events');
    expect(e.line).toBe(1);
    expect(e.message).toContain('in 3 lines');
    expect(e.message).toContain('line 1 reads "Dear kernel list,"');
  });

  it('says "1 line" for a one-line file and quotes it', async () => {
    const e = await parseBothFails(bytesOf('hello\n'));
    expect(e.message).toBe(
      'no trace events found in 1 line (expected ftrace trace_pipe/trace, trace-cmd report or perf script text); line 1 reads "hello"',
    );
    expect(e.line).toBe(1);
  });

  it('blames the long lines when they are as many as the unreadable ones, and counts them', async () => {
    const long = 'y'.repeat(MAX_LINE_BYTES + 10);
    const e = await parseBothFails(bytesOf(`prose\n${long}\n${long}\nmore prose\n`));
    expect(e.code).toBe('no-events');
    expect(e.line).toBe(2);
    expect(e.message).toBe(
      `no trace events found: 2 of the 4 lines are too long (over ${MAX_LINE_BYTES >> 10} KiB, the longest line read; line 2 starts "${'y'.repeat(40)}")`,
    );
  });

  it('quotes an unreadable line when those outnumber the long ones', async () => {
    const long = 'y'.repeat(MAX_LINE_BYTES + 10);
    const e = await parseBothFails(bytesOf(`${long}\nprose one\nprose two\n`));
    expect(e.line).toBe(2);
    expect(e.message).toBe(
      'no trace events found in 3 lines (expected ftrace trace_pipe/trace, trace-cmd report or perf script text); line 2 reads "prose one"',
    );
  });

  it('fails on a file whose only event has a malformed payload', async () => {
    const e = await parseBothFails(bytesOf('  kswapd0-45 [000] ..... 1.000000: mm_vmscan_lru_isolate: nr_scanned=abc lru=inactive_file\n'));
    expect(e.code).toBe('no-events');
    expect(e.line).toBe(1);
  });
});

describe('bad lines inside a trace', () => {
  it('counts a malformed payload as a skip with its line number and keeps the good lines', async () => {
    const text = [
      GOOD[0],
      '         kswapd0-45      [000] d..1.  1285.774500: mm_vmscan_lru_isolate: nr_scanned=abc lru=inactive_file',
      '         kswapd0-45      [000] d..1.  1285.774510: mm_vmscan_lru_isolate: classzone=3 order=0 nr_requested=32 nr_taken=256',
      '         kswapd0-45      [000] d..1.  1285.774520: mm_vmscan_lru_isolate: nr_scanned=12 lru=middle_file',
      GOOD[1],
      GOOD[2],
      '',
    ].join('\n');
    const p = await parseBoth(bytesOf(text));
    expect(p.report.lines).toBe(6);
    expect(p.report.events).toBe(3);
    expect(p.report.skipped['malformed-payload']?.count).toBe(3); // not a number, no nr_scanned, unknown lru
    expect(p.report.skipped['malformed-payload']?.examples.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(p.report.skipped['malformed-payload']?.examples[0].text).toBe(
      'kswapd0-45      [000] d..1.  1285.774500: mm_vmscan_lru_isolate: nr_scanned=abc lru=inactive_file',
    );
    expect(p.report.eventsByName.mm_vmscan_lru_isolate).toBe(1);
    expect(p.table.length).toBe(3);
  });

  it('reads comms and payloads that are not valid UTF-8, keeping distinct bytes apart', async () => {
    const prefix = (comm: number[], pid: number) => concat(new Uint8Array([0x20, 0x20, ...comm]), bytesOf(`-${pid}  [001] .....  2.000000: `));
    const bytes = concat(
      prefix([0x62, 0xff, 0x66], 100), // b\xfff
      bytesOf('mm_vmscan_direct_reclaim_begin: order=0 gfp_flags=GFP_'),
      new Uint8Array([0xc3, 0x28]), // an invalid two-byte sequence
      bytesOf('\n'),
      prefix([0x62, 0xfe, 0x66], 101), // b\xfef: decodes to the same text, other bytes
      bytesOf('mm_vmscan_direct_reclaim_end: nr_reclaimed=3\n'),
      bytesOf(`${GOOD[0]}\n`),
    );
    const p = await parseBoth(bytes);
    expect(p.report.events).toBe(3);
    expect(p.report.storedEvents).toBe(3);
    expect(p.table.tasks.length).toBe(3);
    const [a, b] = [p.table.tasks.comm[0], p.table.tasks.comm[1]];
    expect(a).not.toBe(b);
    expect(p.table.strings.get(a)).toBe('b\uFFFDf');
    expect(p.table.strings.get(b)).toBe('b\uFFFDf');
    expect(p.table.strings.get(p.table.slots[1][0])).toBe('GFP_\uFFFD(');
  });

  it('reads a last line that has no newline', async () => {
    const p = await parseBoth(bytesOf(GOOD.join('\n')));
    expect(p.report.lines).toBe(3);
    expect(p.report.events).toBe(3);
    expect(p.table.kind[2]).toBe(10); // the sleep on the unterminated last line
  });

  it('counts NUL bytes and other binary in the middle of a text trace as unrecognised lines', async () => {
    const head = bytesOf(`${GOOD[0]}\n`.repeat(100)); // past the first 4 KiB that detection looks at
    const junk = randomBytes(500, 9).map((b) => (b === 0x0a ? 0x00 : b));
    const text = concat(head, junk, bytesOf(`\n${GOOD[2]}\n`));
    const p = await parseBoth(text);
    expect(p.report.lines).toBe(102);
    expect(p.report.events).toBe(101);
    expect(p.report.skipped['unrecognised-line']?.count).toBe(1);
    expect(p.report.skipped['unrecognised-line']?.examples[0].line).toBe(101);
  });

  it('skips a line longer than the limit the same way in one chunk and in tiny chunks', async () => {
    // The long line fits inside the 1 MiB chunk; with 3-byte chunks it is carried.
    const long = `  kswapd0-45 [000] ..... 1.5: mm_vmscan_kswapd_wake: nid=0 ${'x'.repeat(MAX_LINE_BYTES)}`;
    const p = await parseBoth(bytesOf([GOOD[0], long, GOOD[2], ''].join('\n')));
    expect(p.report.lines).toBe(3);
    expect(p.report.events).toBe(2);
    expect(p.report.skipped['line-too-long']?.count).toBe(1);
    expect(p.report.skipped['line-too-long']?.examples[0].line).toBe(2);
    expect(p.report.skipped['line-too-long']?.examples[0].text.startsWith('  kswapd0-45 [000]')).toBe(true);
  });

  it('survives random damage to a real trace: a TraceError or every line accounted for', async () => {
    const clean = fixture('edge/trace-file-tgid-comms.txt');
    for (let seed = 1; seed <= 60; seed++) {
      const damaged = clean.slice();
      const noise = randomBytes(8, seed * 7919);
      for (let k = 0; k < 4; k++) damaged[(noise[k] * 131 + noise[k + 4] * seed) % damaged.length] = noise[(k + 1) % 8];
      try {
        const p = await parseBoth(damaged);
        expect(p.report.lines).toBe(countLines(new TextDecoder().decode(damaged)));
      } catch (e) {
        expect(isTraceError(e), `seed ${seed}: ${String(e)}`).toBe(true);
      }
    }
  });
});

describe('a 100 MB line without a newline', () => {
  const MB = 1 << 20;
  const chunk = new Uint8Array(MB).fill(0x78); // one buffer, handed out 100 times

  async function* hundredMegabytes(before: string, after: string): AsyncGenerator<Uint8Array> {
    yield bytesOf(before);
    for (let i = 0; i < 100; i++) yield chunk;
    yield bytesOf(after);
  }

  it('holds at most MAX_LINE_BYTES of it while reading', () => {
    const report = emptyParseReport();
    const parser = new TextTraceParser(new EventTableBuilder(), report);
    parser.push(bytesOf(`${GOOD[0]}\n`));
    let most = 0;
    for (let i = 0; i < 100; i++) {
      parser.push(chunk);
      most = Math.max(most, parser.retainedBytes);
    }
    parser.finish();
    expect(most).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(report.lines).toBe(2);
    expect(report.events).toBe(1);
    expect(report.skipped['line-too-long']?.count).toBe(1);
    expect(report.skipped['line-too-long']?.examples[0]).toEqual({ line: 2, text: 'x'.repeat(200) }); // its first 200 bytes
  });

  it('holds at most MAX_LINE_BYTES of a long line fed in 7-byte chunks', () => {
    const report = emptyParseReport();
    const parser = new TextTraceParser(new EventTableBuilder(), report);
    const line = bytesOf(`${GOOD[0]} ${'y'.repeat(3 * MAX_LINE_BYTES)}\n${GOOD[2]}\n`);
    let most = 0;
    for (let i = 0; i < line.length; i += 7) {
      parser.push(line.subarray(i, i + 7));
      most = Math.max(most, parser.retainedBytes);
    }
    parser.finish();
    expect(most).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(report.lines).toBe(2);
    expect(report.events).toBe(1);
    expect(report.skipped['line-too-long']?.examples[0].line).toBe(1);
  });

  it('is read through parseTrace with small heap growth, and the lines around it are kept', async () => {
    const before = process.memoryUsage();
    const p = await parseTrace(hundredMegabytes(`${GOOD[0]}\n`, `\n${GOOD[2]}\n`));
    const after = process.memoryUsage();
    const grown = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
    expect(grown).toBeLessThan(32 * MB); // holding the line would take 100 MB
    expect(p.report.lines).toBe(3);
    expect(p.report.events).toBe(2);
    expect(p.report.skipped['line-too-long']?.examples[0].line).toBe(2);
    expect(p.report.events + totalSkipped(p.report)).toBe(p.report.lines);
  });

  it('fails with no-events when the long line is all there is', async () => {
    let caught: unknown;
    try {
      await parseTrace(hundredMegabytes('', ''));
    } catch (e) {
      caught = e;
    }
    expect(isTraceError(caught)).toBe(true);
    const e = caught as { code: string; message: string; line: number | null };
    expect(e.code).toBe('no-events');
    expect(e.line).toBe(1);
    expect(e.message).toContain('no trace events found: a line is too long (over 64 KiB');
  });
});

describe('compressed traces', () => {
  const plain = fixture('eras/linux-6.x.txt');

  it.each([
    ['gzip', () => new Uint8Array(gzipSync(plain))],
    ['gzip', () => fixture('compressed/linux-6.x.txt.gz')],
    ['zstd', () => fixture('compressed/linux-6.x.txt.zst')],
    ['xz', () => fixture('compressed/linux-6.x.txt.xz')],
  ] as const)('reads %s data into the same table as the plain text', async (compression, make) => {
    const bytes = make();
    const p = await parseBoth(bytes);
    const q = await parseBoth(plain);
    expect(p.report.compression).toBe(compression);
    expect(p.report.bytes).toBe(bytes.length);
    expect(p.report.decodedBytes).toBe(plain.length);
    expect(tableSnapshot(p.table)).toEqual(tableSnapshot(q.table));
    expect({ ...p.report, compression: 'none', bytes: 0 }).toEqual({ ...q.report, bytes: 0 });
  });

  it.each([
    ['gzip', 'compressed/truncated.txt.gz'],
    ['zstd', 'compressed/truncated.txt.zst'],
    ['xz', 'compressed/truncated.txt.xz'],
  ] as const)('refuses truncated %s data with a decompress error', async (compression, path) => {
    const e = await parseBothFails(fixture(path));
    expect(e.code).toBe('decompress');
    expect(e.message).toMatch(new RegExp(`^the ${compression} data is corrupt or truncated \\(near byte \\d+ of the file\\): .+`));
  });

  it('refuses gzip data cut after its header, made in the test', async () => {
    const e = await parseBothFails(new Uint8Array(gzipSync(plain)).subarray(0, 20));
    expect(e.code).toBe('decompress');
    expect(e.message).toMatch(/^the gzip data is corrupt or truncated/);
  });

  it('refuses empty gzip data', async () => {
    const e = await parseBothFails(new Uint8Array(gzipSync(new Uint8Array(0))));
    expect(e.code).toBe('empty');
    expect(e.message).toBe('the gzip data is empty');
  });

  it('refuses gzip inside gzip with a sentence that says what to do', async () => {
    const e = await parseBothFails(new Uint8Array(gzipSync(gzipSync(plain))));
    expect(e.code).toBe('binary');
    expect(e.message).toBe('gzip data inside gzip data is not read: decompress the outer layer first');
  });
});
