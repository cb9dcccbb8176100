// `reclaimscope compare` on the real repeated runs of fixtures/runs-6.18 and
// the two writeback traces of fixtures/real-6.18: grouping by file name, means
// equal to the runs' independent expected.json, --fail-if exit codes, errors.

import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SUMMARY_KEYS } from '../model/summary.ts';
import { ROOT } from '../test-support/real-traces.ts';
import { compareMain, parseFailIf } from './compare.ts';

const R = 'fixtures/runs-6.18/';
const BASE = [1, 2, 3].map((i) => `${ROOT}${R}writeback-base-run${i}.txt.gz`);
const D40 = [1, 2, 3].map((i) => `${ROOT}${R}writeback-dirty40-run${i}.txt.gz`);
const WB = ['baseline', 'dirty40'].map((n) => `${ROOT}fixtures/real-6.18/writeback-${n}.txt.gz`);

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) => new Writable({ write: (c, _e, cb) => (f(String(c)), cb()) });
  const code = await compareMain(args, sink((s) => (out += s)), sink((s) => (err += s)));
  return { code, out, err };
}

function expectedSummary(file: string): Record<string, number> {
  // the runs keep theirs beside them, the older writeback traces in oracle/
  const json = file.replace(/\.txt\.gz$/, '.expected.json').replace(/real-6\.18\/(writeback-)/, 'real-6.18/oracle/$1');
  return JSON.parse(readFileSync(json, 'utf8'))[0].summary;
}

function meanOf(files: string[], key: string): number {
  return files.map((f) => expectedSummary(f)[key]).reduce((a, b) => a + b, 0) / files.length;
}

describe('reclaimscope compare', () => {
  it('groups bare files by their run number and averages what the parser reads', async () => {
    const r = await run(['--json', ...BASE, ...D40]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.baseline).toBe('writeback-base');
    expect(j.variants.map((v: { name: string }) => v.name)).toEqual(['writeback-base', 'writeback-dirty40']);
    for (const [i, files] of [BASE, D40].entries())
      for (const k of SUMMARY_KEYS) {
        const mean = files.map((f) => expectedSummary(f)[k]).reduce((a, b) => a + b, 0) / files.length;
        expect(j.variants[i].rows[k].mean, `${j.variants[i].name} ${k}`).toBeCloseTo(mean, 2);
      }
  }, 60_000);

  it('takes VARIANT=FILE,FILE, a --baseline, and runs of different lengths', async () => {
    const r = await run(['--json', '--baseline', 'wb', `runs=${BASE.join(',')}`, `wb=${WB.join(',')}`]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.baseline).toBe('wb');
    expect(j.variants[0].runs).toEqual(BASE);
    expect(j.variants[1].rows.directStallMs.p).toBeNull();
    // the runs-6.18 captures scan some 10% more with kswapd than the two older writeback traces, beyond their noise
    expect(j.variants[0].rows.kswapdPagesScanned.significant).toBe(true);
    expect(j.variants[0].rows.tracedMs.n).toBe(3);
  }, 60_000);

  it('gives changePct as the plain signed change of the mean, 100 * (mean - baseline mean) / baseline mean', async () => {
    const j = JSON.parse((await run(['--json', '--baseline', 'wb', `runs=${BASE.join(',')}`, `wb=${WB.join(',')}`])).out);
    for (const k of ['kswapdAwakeMs', 'kswapdPagesScanned', 'directStallMs', 'directReclaims']) {
      const base = meanOf(WB, k);
      expect(j.variants[0].rows[k].changePct, k).toBeCloseTo((100 * (meanOf(BASE, k) - base)) / base, 4);
    }
    expect(j.variants[0].rows.kswapdAwakeMs.changePct).toBeGreaterThan(0); // the runs were awake longer: positive
    expect(j.variants[1].rows.kswapdAwakeMs.changePct).toBeNull(); // the baseline itself
  }, 60_000);

  it('exits 3 when a row grows significantly by more than ROW>+10% allows, and 0 for the same condition on growth within the noise', async () => {
    // kswapd awake: the runs-6.18 captures are awake about 51% longer than the two older writeback traces (Welch p = 0.024)
    const grew = ['--baseline', 'wb', `runs=${BASE.join(',')}`, `wb=${WB.join(',')}`];
    const held = await run(['--fail-if', 'kswapdAwakeMs>+10%', ...grew]);
    expect(held.code).toBe(3);
    expect(held.err).toMatch(/fail-if holds: kswapdAwakeMs>\+10%: runs \(\+5\d\.\d\d%\) \(p=0\.02\d+\)/);
    expect(held.out).toContain('FTrace Reclaim Statistics');
    expect((await run(['--fail-if', 'kswapdAwakeMs>+80%', ...grew])).code).toBe(0); // grew, but not by that much
    expect((await run(['--fail-if', 'kswapdAwakeMs<-10%', ...grew])).code).toBe(0); // it did not fall
    // the other way round (the runs as baseline) the older traces fell by about 34%: ROW<-10% holds, ROW>+10% does not
    const fell = [`runs=${BASE.join(',')}`, `wb=${WB.join(',')}`];
    const down = await run(['--fail-if', 'kswapdAwakeMs<-10%', ...fell]);
    expect(down.code).toBe(3);
    expect(down.err).toMatch(/fail-if holds: kswapdAwakeMs<-10%: wb \(-33\.\d\d%\)/);
    expect((await run(['--fail-if', 'kswapdAwakeMs>+10%', ...fell])).code).toBe(0);
    // dirty40 stalls 440% longer on average than the base runs, but their spread makes that not significant
    const noisy = JSON.parse((await run(['--json', ...BASE, ...D40])).out).variants[1].rows.directStallMs;
    expect(noisy.changePct).toBeGreaterThan(10);
    expect(noisy.significant).toBe(false);
    expect((await run(['--fail-if', 'directStallMs>+10%', ...BASE, ...D40])).code).toBe(0);
  }, 120_000);

  it('prints the text table, Markdown and CSV', async () => {
    const text = await run(['--format', 'text', ...BASE, ...D40]);
    expect(text.out).toMatch(/^reclaimscope comparison of 2 variants, baseline writeback-base\n/);
    expect(text.out).toMatch(/Direct reclaims +38 +242 \(\+536\.84%\)\n/);
    const md = await run(['--format=markdown', ...BASE, ...D40]);
    expect(md.out).toContain('| Direct reclaims | 38 | 242 (+536.84%)  |');
    const csv = await run(['--format', 'csv', ...BASE, ...D40]);
    // statistic, unit, mean and change per variant; then sd, runs, p, significant per variant; then the key
    expect(csv.out.split('\n')[1]).toMatch(/^Direct reclaims,count,38,0\.00,242,536\.84,21,3,,,227\.92\d+,3,0\.26\d+,no,directReclaims$/);
  }, 60_000);

  it('refuses bad conditions, unknown rows and baselines, and names a missing file', async () => {
    expect(parseFailIf('directStallMs<-10%')).toEqual({ text: 'directStallMs<-10%', key: 'directStallMs', op: '<', pct: -10 });
    expect(parseFailIf('directStallMs>+10%')).toEqual({ text: 'directStallMs>+10%', key: 'directStallMs', op: '>', pct: 10 });
    expect(typeof parseFailIf('directStallMs ~ 10')).toBe('string');
    expect((await run(['--fail-if', 'stall>10', BASE[0]])).code).toBe(2);
    expect((await run(['--fail-if', 'nosuchrow>10%', BASE[0]])).err).toMatch(/unknown row nosuchrow/);
    expect((await run(['--baseline', 'nope', BASE[0]])).err).toMatch(/--baseline nope is not one of the variants/);
    const missing = await run([BASE[0], `${ROOT}${R}nope.txt`]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nope.txt: no such file');
  }, 60_000);
});
