// Hostile inputs, generated here (nothing big is committed): decompression
// bombs, a zstd frame asking for a huge window, a compressed trace.dat bigger
// than memory should hold, damaged .zst files. The command line runs them in
// a child process that reports its own peak resident size (VmHWM): each gets
// its sentence on stderr, none an internal error, and the peak stays under
// 300 MiB whatever the decompressed size. FIFOs and /proc files are read.

import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, constants } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTraceError } from '../parser/errors.ts';
import { chunksOf, parseTrace } from '../parser/parse.ts';
import { ROOT } from '../test-support/real-traces.ts';
import { main } from './main.ts';

const MiB = 1 << 20;
const dir = mkdtempSync(join(tmpdir(), 'reclaimscope-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A zstd frame of `total` copies of `byte` in RLE blocks of 128 KiB: 4 bytes of file per 128 KiB of output. */
function zstdRle(byte: number, total: number, windowDescriptor = 0x38): Uint8Array {
  const block = 128 << 10;
  const n = Math.ceil(total / block);
  const out = new Uint8Array(6 + n * 4);
  out.set([0x28, 0xb5, 0x2f, 0xfd, 0x00, windowDescriptor]);
  for (let i = 0; i < n; i++) {
    const size = Math.min(block, total - i * block);
    const h = (i === n - 1 ? 1 : 0) | (1 << 1) | (size << 3);
    out.set([h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff, byte], 6 + i * 4);
  }
  return out;
}

/** gzip, at level 9, of `head` and then `total` bytes of `fill`, written a piece at a time. */
async function gzipOf(path: string, head: Uint8Array, fill: number, total: number): Promise<void> {
  const piece = new Uint8Array(16 * MiB).fill(fill);
  async function* source(): AsyncGenerator<Uint8Array> {
    yield head;
    for (let done = 0; done < total; done += piece.length) yield piece.subarray(0, Math.min(piece.length, total - done));
  }
  await pipeline(source(), createGzip({ level: constants.Z_BEST_COMPRESSION }), createWriteStream(path));
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  peakMiB: number;
}

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/cli-child.ts'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const peak = /peak-rss-kib (\d+)/.exec(stderr);
      resolve({ code: code ?? -1, stdout, stderr, peakMiB: peak ? Number(peak[1]) / 1024 : Infinity });
    });
  });
}

const corpus: Record<string, string> = {};
let run: Run;

describe('the hostile corpus on the command line', () => {
  beforeAll(async () => {
    const file = (name: string): string => (corpus[name] = join(dir, name));
    writeFileSync(file('one-byte-1GiB.txt.zst'), zstdRle(0x61, 1024 * MiB));
    writeFileSync(file('huge-window.txt.zst'), zstdRle(0x61, 4 * MiB, 0xf8));
    await gzipOf(file('one-byte-512MiB.txt.gz'), new Uint8Array(0), 0x61, 512 * MiB);
    // a trace.dat's magic and then 320 MiB of zeros: more than the 256 MiB held in memory without a spool
    await gzipOf(file('zeros.dat.gz'), new Uint8Array([0x17, 0x08, 0x44, ...new TextEncoder().encode('tracing6\0')]), 0, 320 * MiB);
    run = await runCli(['report', ...Object.values(corpus)]);
  }, 300_000);

  const messageOf = (name: string): string => {
    const line = run.stderr.split('\n').find((l) => l.startsWith(`reclaimscope: ${corpus[name]}: `));
    return line ? line.slice(`reclaimscope: ${corpus[name]}: `.length) : '(no message)';
  };

  it('says what is wrong with each, never "internal error", and exits 1', () => {
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(messageOf('one-byte-1GiB.txt.zst')).toBe(
      'no trace events found: a line is too long (over 64 KiB, the longest line read; line 1 starts "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")',
    );
    expect(messageOf('one-byte-512MiB.txt.gz')).toMatch(/^no trace events found: a line is too long/);
    expect(messageOf('huge-window.txt.zst')).toMatch(/^the zstd data is corrupt or truncated .*: the frame asks for a 2097152 MiB window; at most 128 MiB is read/);
    expect(messageOf('zeros.dat.gz')).toMatch(/^not a readable trace.dat: /);
  });

  it('stays under 300 MiB resident, whatever the decompressed size', () => {
    expect(run.peakMiB).toBeLessThan(300);
  });
});

describe('damaged zstd frames', () => {
  it('are refused by their checksum, or read exactly as the undamaged file', async () => {
    const good = new Uint8Array(readFileSync(join(ROOT, 'fixtures/compressed/linux-6.x.txt.zst')));
    expect(good[4] & 4).toBe(4); // the frame carries a content checksum
    const reference = await parseTrace(chunksOf(good));
    let seed = 15;
    const next = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
    let refused = 0;
    for (let k = 0; k < 60; k++) {
      const bad = good.slice();
      const at = Math.floor(next() * bad.length);
      bad[at] ^= 1 << Math.floor(next() * 8);
      try {
        const { table } = await parseTrace(chunksOf(bad, 97));
        // a flip that changes nothing decoded (a window size, say) must leave the events as they were
        expect(Array.from(table.ts), `flip at byte ${at}`).toEqual(Array.from(reference.table.ts));
        expect(Array.from(table.slots[0]), `flip at byte ${at}`).toEqual(Array.from(reference.table.slots[0]));
      } catch (e) {
        expect(isTraceError(e), String(e)).toBe(true);
        refused++;
      }
    }
    expect(refused).toBeGreaterThanOrEqual(55);
  });

  it('names a checksum failure as such', async () => {
    const good = new Uint8Array(readFileSync(join(ROOT, 'fixtures/compressed/linux-6.x.txt.zst')));
    const bad = good.slice();
    bad[bad.length - 1] ^= 0xff; // the checksum itself
    await expect(parseTrace(chunksOf(bad))).rejects.toThrow(/frame 1 fails its content checksum/);
  });
});

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('files that have no size', () => {
  it('reads a FIFO to its end', async () => {
    const fifo = join(dir, 'trace.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `cat "${join(ROOT, 'fixtures/eras/linux-6.x.txt')}" > "${fifo}"`]);
    const out = new Sink();
    const err = new Sink();
    const code = await main(['report', '--json', fifo], out, err);
    writer.kill();
    expect(err.text).toBe('');
    expect(code).toBe(0);
    const direct = new Sink();
    await main(['report', '--json', join(ROOT, 'fixtures/eras/linux-6.x.txt')], direct, new Sink());
    const a = JSON.parse(out.text) as { summary: unknown }[];
    const b = JSON.parse(direct.text) as { summary: unknown }[];
    expect(a[0].summary).toEqual(b[0].summary);
  });

  it('reads a /proc file instead of calling it empty', async () => {
    const err = new Sink();
    const code = await main(['report', '/proc/self/status'], new Sink(), err);
    expect(code).toBe(1);
    expect(err.text).toMatch(/^reclaimscope: \/proc\/self\/status: no trace events found in \d+ lines/);
  });
});
