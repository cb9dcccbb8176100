// `report --format ndjson`: every real fixture through two job threads gives
// the objects `report --json` gives one file at a time (and the independent
// expected.json Summary); bad files get their error object on their line;
// directories, globs and `-` path lists expand as documented.

import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { realTraces, ROOT } from '../test-support/real-traces.ts';
import { expandInputs, globRegExp, pathList } from './inputs.ts';
import { main } from './main.ts';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += String(chunk);
    cb();
  }
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Sink();
  const err = new Sink();
  const code = await main(argv, out, err);
  return { code, out: out.text, err: err.text };
}

const lines = (text: string): { file: string; [k: string]: unknown }[] =>
  text
    .split('\n')
    .filter((l) => l)
    .map((l) => JSON.parse(l));

const real = realTraces();
const DATS = ['fixtures/real-6.18/tracecmd-writeback.dat', 'fixtures/real-6.18/tracecmd-writeback.v6.dat.gz'];
const tmp = mkdtempSync(join(tmpdir(), 'reclaimscope-batch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('report --format ndjson', () => {
  it('gives, through two job threads, the objects --json gives one file at a time, one per line, for every real fixture', async () => {
    const files = [...real.map((t) => t.path), ...DATS].map((p) => `${ROOT}${p}`);
    const batch = await run(['report', '--format', 'ndjson', '--jobs', '2', ...files]);
    expect(batch.err).toBe('');
    expect(batch.code).toBe(0);
    const got = lines(batch.out);
    expect(got.map((o) => o.file).sort()).toEqual([...files].sort());
    for (const f of files) {
      const one = await run(['report', '--json', f]);
      expect(one.code).toBe(0);
      expect(got.find((o) => o.file === f)).toEqual(JSON.parse(one.out)[0]);
    }
    // and the Summary is the independently computed one
    for (const t of real) expect(got.find((o) => o.file === `${ROOT}${t.path}`)!.summary).toEqual(t.expected.summary);
  });

  it('puts a bad file’s error object on its line, reads the good ones, and exits 1', async () => {
    const dir = join(tmp, 'mixed');
    mkdirSync(dir);
    copyFileSync(`${ROOT}fixtures/real-6.18/writeback-baseline.txt.gz`, join(dir, 'a-good.txt.gz'));
    copyFileSync(`${ROOT}fixtures/compressed/truncated.txt.gz`, join(dir, 'b-truncated.txt.gz'));
    writeFileSync(join(dir, 'c-picture.png'), Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    copyFileSync(`${ROOT}fixtures/real-6.18/pressure-baseline.txt`, join(dir, 'd-good.txt'));
    const missing = join(tmp, 'no-such-trace.txt');
    const r = await run(['report', '--format=ndjson', '--jobs=2', dir, missing]);
    expect(r.code).toBe(1);
    const got = new Map(lines(r.out).map((o) => [o.file, o]));
    expect(got.size).toBe(5);
    expect(got.get(join(dir, 'b-truncated.txt.gz'))!.error).toMatchObject({ code: 'decompress' });
    expect(got.get(join(dir, 'c-picture.png'))!.error).toMatchObject({ code: 'binary', message: expect.stringContaining('PNG') });
    expect(got.get(missing)).toEqual({ file: missing, error: { code: 'unreadable', message: 'no such file' } });
    const wb = real.find((t) => t.name === 'writeback-baseline.txt')!;
    const pb = real.find((t) => t.name === 'pressure-baseline.txt')!;
    expect(got.get(join(dir, 'a-good.txt.gz'))!.summary).toEqual(wb.expected.summary);
    expect(got.get(join(dir, 'd-good.txt'))!.summary).toEqual(pb.expected.summary);
    // each failure is also named on stderr
    expect(r.err.split('\n').filter((l) => l).length).toBe(3);
    expect(r.err).toContain(`reclaimscope: ${missing}: no such file`);
  });

  it('refuses a --format other than ndjson and a --jobs that is not a whole number', async () => {
    expect((await run(['report', '--format', 'csv', 'x'])).code).toBe(2);
    const r = await run(['report', '--format', 'ndjson', '--jobs', '0', 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--jobs takes a whole number');
  });
});

describe('batch inputs', () => {
  it('walk directories recursively in name order, skipping hidden files', async () => {
    const dir = join(tmp, 'tree');
    mkdirSync(join(dir, 'b', 'deep'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    for (const f of ['z.txt', 'a.txt.gz', 'b/deep/x.dat', 'b/m.txt', '.hidden', '.git/config']) writeFileSync(join(dir, f), '');
    const got: string[] = [];
    for await (const p of expandInputs([dir], () => Readable.from([]))) got.push(p.slice(dir.length + 1));
    expect(got).toEqual(['a.txt.gz', 'b/deep/x.dat', 'b/m.txt', 'z.txt']);
  });

  it('match globs with * within a folder and ** across folders', async () => {
    const dir = join(tmp, 'tree');
    const rel = async (pattern: string): Promise<string[]> => {
      const out: string[] = [];
      for await (const p of expandInputs([`${dir}/${pattern}`], () => Readable.from([]))) out.push(p.slice(dir.length + 1));
      return out;
    };
    expect(await rel('*.txt')).toEqual(['z.txt']);
    expect(await rel('**/*.txt')).toEqual(['b/m.txt', 'z.txt']);
    expect(await rel('b/**')).toEqual(['b/deep/x.dat', 'b/m.txt']);
    expect(await rel('[a-b]*')).toEqual(['a.txt.gz']);
    expect(globRegExp('a?c').test('abc')).toBe(true);
    expect(globRegExp('a?c').test('a/c')).toBe(false);
  });

  it('read `-` as a list of paths, one per line or NUL-separated, across chunk boundaries', async () => {
    const read = async (chunks: string[]): Promise<string[]> => {
      const out: string[] = [];
      for await (const p of pathList(Readable.from(chunks))) out.push(p);
      return out;
    };
    expect(await read(['a.txt\nb/c', '.txt\r\n\n', 'with space.txt'])).toEqual(['a.txt', 'b/c.txt', 'with space.txt']);
    expect(await read(['x\0y with\nnewline\0'])).toEqual(['x', 'y with\nnewline']);
  });
});
