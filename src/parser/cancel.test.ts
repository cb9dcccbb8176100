// A Cancel reaches a parse in progress even when every read resolves at once
// (an in-memory source here; a File whose data is already buffered in
// Chromium): the parse hands the event loop a turn every 50 ms, so the abort
// scheduled behind it runs. Without the turn the parse ran to its end (a
// fresh-machine run of e2e "cancel stops a parse in progress" did so).

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../test-support/real-traces.ts';
import { isTraceError } from './errors.ts';
import { parseTrace } from './parse.ts';
import { bufferSource } from './source.ts';
import { findSeed, parseTextRange } from './text-part.ts';

// the mixed-baseline sample four times over: 39 MiB, several tenths of a second to parse
const one = gunzipSync(readFileSync(`${ROOT}public/samples/mixed-baseline.txt.gz`));
const big = new Uint8Array(Buffer.concat([one, one, one, one]));

/** An abort that can only run once the parse lets the event loop turn (a task, as a worker's message is). */
function abortSoon(): AbortSignal {
  const ctrl = new AbortController();
  setTimeout(() => ctrl.abort(), 0);
  return ctrl.signal;
}

describe('cancel during a parse whose reads never wait', () => {
  it('stops a whole-file parse with "cancelled"', async () => {
    const started = performance.now();
    let caught: unknown;
    try {
      await parseTrace(bufferSource(big), { signal: abortSoon() });
    } catch (e) {
      caught = e;
    }
    expect(isTraceError(caught) && caught.code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('stops the parse of a part', async () => {
    const src = bufferSource(big);
    const seed = await findSeed(src);
    expect(seed).not.toBeNull();
    await expect(parseTextRange(src, 0, big.length, seed!, { signal: abortSoon() })).rejects.toThrow('cancelled');
  });

  it('parses to the end without a signal', async () => {
    const p = await parseTrace(bufferSource(one));
    expect(p.report.events).toBe(46236);
  });
});
