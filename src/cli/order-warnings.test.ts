// The command line says when disorder in a file may change its numbers: a
// reversed real trace gets a warning on stderr and at the top of the text
// report (the numbers themselves: analysis/time-order.test.ts).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { realTraces, textBytes } from '../test-support/real-traces.ts';
import { main } from './main.ts';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('the command line on a reversed trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reclaimscope-order-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the warning on stderr and at the top of the text report', async () => {
    const trace = realTraces().find((t) => t.name === 'mixed-baseline.txt')!;
    const lines = new TextDecoder().decode(textBytes(trace.path)).split('\n').filter((l) => l.length > 0);
    const file = join(dir, 'reversed.txt');
    writeFileSync(file, [...lines.filter((l) => l.startsWith('#')), ...lines.filter((l) => !l.startsWith('#')).reverse()].join('\n') + '\n');
    const out = new Sink();
    const err = new Sink();
    expect(await main(['report', file], out, err)).toBe(0);
    expect(err.text).toMatch(new RegExp(`^reclaimscope: ${file}: warning: time runs backwards \\d+ times, \\d+ of them between events of one CPU`));
    expect(out.text).toMatch(/^Warning: time runs backwards/);
  });

  it('prints no warning for the trace as captured', async () => {
    const trace = realTraces().find((t) => t.name === 'mixed-baseline.txt')!;
    const file = join(dir, 'ordered.txt');
    writeFileSync(file, textBytes(trace.path));
    const out = new Sink();
    const err = new Sink();
    expect(await main(['report', file], out, err)).toBe(0);
    expect(err.text).toBe('');
    expect(out.text).not.toMatch(/Warning/);
  });
});
