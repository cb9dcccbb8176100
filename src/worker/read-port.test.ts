// A File read on one worker and parsed on another (read-port.ts): the two
// ends over a MessageChannel in one thread, as node runs them; the app runs
// them in two Web Workers. What arrives is the file, byte for byte and chunk
// by chunk, and a trace parsed through it gives the table and report of one
// read from memory.

import { describe, expect, it } from 'vitest';
import { parseTrace } from '../parser/parse.ts';
import { bufferSource, reusedChunks } from '../parser/source.ts';
import { tableSnapshot } from '../test-support/parse-both.ts';
import { realTraces, textBytes } from '../test-support/real-traces.ts';
import { portSource, serveReads } from './read-port.ts';

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A Blob whose stream gives `piece` bytes a read, as Chromium's File stream gives 64 KiB; or fails after `failAt` bytes. */
function piecewise(data: Uint8Array, piece: number, failAt = Infinity): Blob {
  return {
    size: data.length,
    slice: (from = 0, to = data.length) => piecewise(data.subarray(from, to), piece, failAt - from),
    arrayBuffer: async () => data.slice().buffer,
    stream: () => {
      let at = 0;
      return new ReadableStream({
        type: 'bytes',
        pull(ctrl) {
          if (at >= failAt) return ctrl.error(new Error('the file changed on disk'));
          if (at >= data.length) return ctrl.close();
          ctrl.enqueue(data.slice(at, at + piece));
          at += piece;
        },
      });
    },
  } as unknown as Blob;
}

function connected(file: Blob) {
  const ch = new MessageChannel();
  serveReads(file, ch.port2);
  return portSource(file, ch.port1);
}

const trace = realTraces().find((t) => t.name === 'pressure-baseline.txt')!;
const bytes = textBytes(trace.path);

describe('a file read on another worker', () => {
  it('arrives byte for byte, chunk by chunk, in the two buffers the parser lends', async () => {
    const src = connected(piecewise(bytes, 1000));
    const parts: Uint8Array[] = [];
    for await (const c of reusedChunks(src, 1000, bytes.length - 7, 1 << 16)) parts.push(c.slice());
    src.close();
    expect(parts.length).toBe(Math.ceil((bytes.length - 1007) / (1 << 16)));
    expect(Buffer.compare(join(parts), bytes.subarray(1000, bytes.length - 7))).toBe(0);
  });

  it('parses to the table and report of the same bytes read from memory', async () => {
    const src = connected(new Blob([bytes as BlobPart]));
    const viaPort = await parseTrace(src);
    src.close();
    const inMemory = await parseTrace(bufferSource(bytes));
    expect(tableSnapshot(viaPort.table)).toEqual(tableSnapshot(inMemory.table));
    expect(viaPort.report).toEqual(inMemory.report);
    // and the independently computed count of the trace's events
    expect(viaPort.report.events).toBe(trace.expected.events);
  });

  it('passes a read that fails on to the parser, with its message', async () => {
    const src = connected(piecewise(bytes, 1000, 200_000));
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const c of reusedChunks(src, 0, bytes.length, 1 << 16)) got.push(c.length);
      })(),
    ).rejects.toThrow('the file changed on disk');
    src.close();
    expect(got.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(200_000);
  });

  it('fails the reads still waiting when it is closed', async () => {
    const src = connected(piecewise(bytes, 1000));
    const pending = src.readInto!(new Uint8Array(1 << 16), 0);
    src.close();
    await expect(pending).rejects.toThrow('reading stopped');
  });
});
