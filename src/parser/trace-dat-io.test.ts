// The trace.dat reader's messages for files cut short, offsets no file has,
// and blocks that do not decompress to the size their header gives: the
// sentences a user reads, checked word for word.

import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { isTraceError, type TraceError } from './errors.ts';
import { decompressBlock, MAX_BLOB, truncated } from './trace-dat-io.ts';

async function failure(p: Promise<unknown>): Promise<TraceError> {
  try {
    await p;
  } catch (e) {
    expect(isTraceError(e)).toBe(true);
    return e as TraceError;
  }
  throw new Error('expected a TraceError');
}

describe('truncated()', () => {
  it('says where the file ends and what was needed there', () => {
    const e = truncated('CPU 1 data', 4096, 1, 4000);
    expect(e.code).toBe('truncated');
    expect(e.message).toBe('the file is truncated: the CPU 1 data at byte 4096 needs 1 byte, but the file ends at byte 4000');
    expect(truncated('header page', 10, 48, 20).message).toContain('needs 48 bytes');
  });

  it('calls an offset past 256 TiB damage, not a cut', () => {
    const e = truncated('options section', 2 ** 48, 1, 5000);
    expect(e.code).toBe('unreadable');
    expect(e.message).toBe(
      `not a readable trace.dat: the options section is said to be at byte ${2 ** 48} with 1 byte, far beyond the file's 5000 bytes (a damaged offset or size)`,
    );
    // the last byte a file may have is still a cut
    expect(truncated('x', 2 ** 48 - 2, 2, 5000).code).toBe('truncated');
    expect(truncated('x', Number.MAX_SAFE_INTEGER, 2, 5000).code).toBe('unreadable');
  });
});

describe('decompressBlock()', () => {
  const text = new TextEncoder().encode('mm_vmscan_write_folio '.repeat(100));

  it('gives back a zlib block of the expected size', async () => {
    expect(await decompressBlock('zlib', deflateSync(text), text.length, 'header page section', 32)).toEqual(text);
  });

  it('refuses a block that gives more or fewer bytes than its header says, naming it', async () => {
    const fewer = await failure(decompressBlock('zlib', deflateSync(text), text.length + 1, 'CPU 0 data chunk 3', 900));
    expect(fewer.code).toBe('decompress');
    expect(fewer.message).toBe(
      `the CPU 0 data chunk 3 at byte 900 does not decompress (zlib): it gives ${text.length} bytes where ${text.length + 1} were expected`,
    );
    const more = await failure(decompressBlock('zlib', deflateSync(text), text.length - 1, 'CPU 0 data chunk 3', 900));
    expect(more.code).toBe('decompress');
    expect(more.message).toMatch(/^the CPU 0 data chunk 3 at byte 900 does not decompress \(zlib\): /);
  });

  it('refuses a size claim over the limit before decompressing anything', async () => {
    const e = await failure(decompressBlock('zstd', new Uint8Array(4), MAX_BLOB + 1, 'event formats section', 77));
    expect(e.message).toBe(`the event formats section at byte 77 does not decompress (zstd): it claims ${MAX_BLOB + 1} bytes`);
    // the limit itself is allowed: the failure is then about the data
    const atLimit = await failure(decompressBlock('zstd', new Uint8Array(4), MAX_BLOB, 'event formats section', 77));
    expect(atLimit.message).not.toContain('it claims');
  });

  it('names an algorithm it does not read', async () => {
    const e = await failure(decompressBlock('lz4', deflateSync(text), text.length, 'strings section', 12));
    expect(e.code).toBe('unreadable');
    expect(e.message).toBe('the strings section at byte 12 is compressed with "lz4"; only zstd and zlib are read');
  });
});
