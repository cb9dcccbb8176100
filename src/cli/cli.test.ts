// The command line as a user meets it: exit status, what goes to stdout and
// what to stderr, `-` for standard input, text and JSON modes, --ns, and the
// sentence a file that is not a trace gets. Expected numbers come from the
// fixtures' independently computed expected.json files.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../test-support/real-traces.ts';
import { main } from './main.ts';

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Collect();
  const err = new Collect();
  const code = await main(argv, out, err);
  return { code, out: out.text, err: err.text };
}

const expected = (name: string) => JSON.parse(readFileSync(`${ROOT}fixtures/real-6.18/oracle/${name}.expected.json`, 'utf8'))[0];
const WB = `${ROOT}fixtures/real-6.18/writeback-baseline.txt.gz`;
const DAT = `${ROOT}fixtures/real-6.18/tracecmd-writeback.dat`;

describe('reclaimscope report', () => {
  it('prints the Summary in text mode with the expected numbers', async () => {
    const r = await run('report', WB);
    const s = expected('writeback-baseline').summary;
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain(`\nDirect reclaims:     \t\t\t${s.directReclaims}\n`);
    expect(r.out).toContain(`\nKswapd pages reclaimed:\t\t\t${s.kswapdPagesReclaimed}\n`);
    expect(r.out).toContain(`\nTime kswapd awake:\t\t\t${(s.kswapdAwakeMs / 1000).toFixed(2)} seconds\n`);
  });

  it('merges the pids of one command with --ignore-pid, and only then', async () => {
    // mixed-baseline: dd-7032/7033/7034 and python3-7035/7036 are one row each when merged
    const sample = `${ROOT}public/samples/mixed-baseline.txt.gz`;
    const rows = async (...flags: string[]) => (JSON.parse((await run('report', '--json', ...flags, sample)).out)[0].processes as { process: string }[]).map((p) => p.process);
    expect(await rows('--ignore-pid')).toEqual(['capture.sh', 'cat', 'dd', 'kworker/u8:1', 'kworker/u8:3', 'python3']);
    expect(await rows()).toHaveLength(9);
    expect(await rows()).toContain('dd-7034');
  });

  it('names a missing file on stderr, exits 1, and still reports the others', async () => {
    const r = await run('report', '--json', '/nonexistent/trace.txt', WB);
    expect(r.code).toBe(1);
    expect(r.err).toBe('reclaimscope: /nonexistent/trace.txt: no such file\n');
    const json = JSON.parse(r.out);
    expect(json[0]).toEqual({ file: '/nonexistent/trace.txt', error: { code: 'unreadable', message: 'no such file' } });
    expect(json[1].summary.directReclaims).toBe(expected('writeback-baseline').summary.directReclaims);
  });

  it('says a directory is not a trace file', async () => {
    const r = await run('report', `${ROOT}fixtures`);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`reclaimscope: ${ROOT}fixtures: is a directory, not a trace file\n`);
  });

  it.each([
    ['ELF', [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], /an ELF executable/],
    ['PDF', [...new TextEncoder().encode('%PDF-1.7\n')], /a PDF document/],
    ['bzip2', [...new TextEncoder().encode('BZh91AY&SY')], /a bzip2 file \(decompress it first: bunzip2\)/],
    ['perf.data', [...new TextEncoder().encode('PERFILE2'), 0, 0, 0, 0], /a perf\.data file \(convert it first: perf script/],
  ])('refuses %s with a sentence saying what it is', async (_what, bytes, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-cli-'));
    const file = join(dir, 'trace.txt'); // the name says text: detection reads the content
    writeFileSync(file, new Uint8Array([...bytes, ...new Array(64).fill(0)]));
    const r = await run('report', file);
    expect(r.code).toBe(1);
    expect(r.err.startsWith(`reclaimscope: ${file}: `)).toBe(true);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n').length).toBe(2); // one line, no stack trace
  });

  it('exits 2 with the usage on an unknown option', async () => {
    const r = await run('report', '--frobnicate', WB);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^reclaimscope: unknown option '--frobnicate'\nusage: reclaimscope report/);
    expect(r.out).toBe('');
  });

  it('reads a trace.dat at microseconds by default and in nanoseconds with --ns', async () => {
    const us = JSON.parse((await run('report', '--json', DAT)).out)[0].summary;
    const ns = JSON.parse((await run('report', '--json', '--ns', DAT)).out)[0].summary;
    const s = expected('tracecmd-writeback.report').summary;
    expect(us.kswapdAwakeMs).toBeCloseTo(s.kswapdAwakeMs, 6);
    // at ns resolution the times keep digits the µs text never has, and differ by less than a µs per episode
    expect(Math.round(ns.kswapdAwakeMs * 1000) / 1000).not.toBe(ns.kswapdAwakeMs);
    expect(Math.abs(ns.kswapdAwakeMs - s.kswapdAwakeMs)).toBeLessThan(0.001 * (s.kswapdWakeups + 1));
    expect(Math.abs(ns.directStallMs - s.directStallMs)).toBeLessThan(0.001 * s.directReclaims);
    expect(ns.directReclaims).toBe(s.directReclaims);
  });

  it('reads standard input for -', () => {
    const script = `import('${ROOT}src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(['report', '--json', '-']); });`;
    const input = readFileSync(WB);
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { input, cwd: ROOT, encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const json = JSON.parse(res.stdout);
    expect(json[0].file).toBe('-');
    expect(json[0].summary).toEqual(expect.objectContaining({ directReclaims: 14, kswapdPagesReclaimed: 1040434 }));
  });
});

// The built command (`npx reclaimscope`, dist/cli) is the same code: one run proves the bundle works.
describe('npx reclaimscope', () => {
  it('runs from the bundle that npm ci builds', () => {
    const out = execFileSync(process.execPath, [`${ROOT}src/cli/bin.mjs`, 'report', '--json', WB], { encoding: 'utf8' });
    expect(JSON.parse(out)[0].summary.directReclaims).toBe(expected('writeback-baseline').summary.directReclaims);
  });
});
