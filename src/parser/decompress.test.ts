// gzip through fflate with our trailer checks: every member's bytes come out,
// and damage that inflates without error is still refused by its CRC-32.

import { describe, expect, it } from 'vitest';
import { crc32 as zlibCrc32, gunzipSync, gzipSync } from 'node:zlib';
import { crc32 } from './crc32.ts';
import { gunzip } from './decompress.ts';

async function inflate(bytes: Uint8Array, chunk = 1000): Promise<Uint8Array> {
  async function* src(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  const parts: Uint8Array[] = [];
  for await (const c of gunzip(src())) parts.push(c);
  return new Uint8Array(Buffer.concat(parts));
}

const text = Buffer.from(Array.from({ length: 5000 }, (_, i) => `kswapd0-${i % 97} [001] ..... ${i}.000: mm_vmscan_kswapd_wake: nid=0 order=${i % 4}\n`).join(''));

describe('crc32', () => {
  it('equals zlib on every length from 0 to 40 and on a trace, whole or in pieces', () => {
    for (let n = 0; n <= 40; n++) expect(crc32(text.subarray(0, n))).toBe(zlibCrc32(text.subarray(0, n)) >>> 0);
    let c = 0;
    for (let i = 0; i < text.length; i += 997) c = crc32(text.subarray(i, i + 997), c);
    expect(c).toBe(zlibCrc32(text) >>> 0);
  });
});

describe('gunzip', () => {
  it('gives every byte of a multi-member file, in any chunking', async () => {
    const file = Buffer.concat([gzipSync(text.subarray(0, 1000)), gzipSync(text.subarray(1000), { level: 9 }), gzipSync(Buffer.alloc(0))]);
    expect(Buffer.from(gunzipSync(file)).equals(text)).toBe(true);
    for (const chunk of [1, 7, 4096, file.length]) expect(Buffer.from(await inflate(file, chunk)).equals(text)).toBe(true);
  });

  it('refuses a stored byte changed in the middle (it inflates, the CRC-32 does not match)', async () => {
    const file = gzipSync(text, { level: 0 });
    const bad = Buffer.from(file);
    bad[5000] ^= 0x01;
    await expect(inflate(bad)).rejects.toThrow(/fails its CRC-32 check/);
  });

  it('refuses a changed size in the trailer, a cut trailer and a cut body', async () => {
    const file = gzipSync(text);
    const size = Buffer.from(file);
    size[size.length - 1] ^= 0x01;
    await expect(inflate(size)).rejects.toThrow(/not the size its trailer says/);
    await expect(inflate(file.subarray(0, file.length - 3))).rejects.toThrow(/CRC-32/);
    await expect(inflate(file.subarray(0, file.length >> 1))).rejects.toThrow(/unexpected EOF/);
  });

  it('a second member\'s damage is found, the first member\'s output having come out', async () => {
    const second = Buffer.from(gzipSync(text, { level: 0 }));
    second[3000] ^= 0x20;
    await expect(inflate(Buffer.concat([gzipSync(text), second]))).rejects.toThrow(/CRC-32/);
  });

  it('a member after a header too long to keep the trailer before it still checks its own trailer', async () => {
    // the second member names a 200 KB file (FNAME): the first member's trailer has left the kept bytes
    const named = (data: Buffer): Buffer => {
      const plain = gzipSync(data);
      const head = Buffer.from(plain.subarray(0, 10));
      head[3] |= 0x08;
      return Buffer.concat([head, Buffer.alloc(200_000, 0x6e), Buffer.from([0]), plain.subarray(10)]);
    };
    const file = Buffer.concat([gzipSync(text.subarray(0, 3000)), named(text.subarray(3000))]);
    expect(Buffer.from(gunzipSync(file)).equals(text)).toBe(true);
    expect(Buffer.from(await inflate(file, 65536)).equals(text)).toBe(true);
    const bad = Buffer.from(file);
    bad[bad.length - 6] ^= 0x01;
    await expect(inflate(bad, 65536)).rejects.toThrow(/CRC-32/);
  });

  it('hands out a 64 MiB bomb in pieces of at most 4 MiB, one 4 KiB input piece each', async () => {
    const bomb = gzipSync(Buffer.alloc(64 << 20, 0x61), { level: 9 });
    let biggest = 0;
    let total = 0;
    async function* src(): AsyncGenerator<Uint8Array> {
      yield bomb;
    }
    for await (const c of gunzip(src())) {
      biggest = Math.max(biggest, c.length);
      total += c.length;
    }
    expect(total).toBe(64 << 20);
    // the ratio seen keeps each piece at 4 KiB: at most 1032 x 4 KiB out at once
    expect(biggest).toBeGreaterThan(1 << 20);
    expect(biggest).toBeLessThanOrEqual(1032 * (4 << 10));
  });
});
