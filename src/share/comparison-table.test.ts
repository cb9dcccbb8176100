// The comparison table of variants made of runs, on the real repeated runs of
// fixtures/runs-6.18: means equal the runs' independent expected.json, the
// JSON has the contract's shape, marks follow Welch's test, one-run variants
// are not tested and say why, and the text fits 80 columns.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUMMARY_KEYS, zeroSummary } from '../model/summary.ts';
import { welch } from '../analysis/welch.ts';
import { buildComparison, changePercent, formatChange, type RunInput, type VariantInput } from './comparison-table.ts';
import { comparisonCsv, comparisonJson, comparisonMarkdown, comparisonText, escapeCsv, escapeMarkdown } from './comparison-export.ts';
import { changeTone } from './tone.ts';
import { ROOT } from '../test-support/real-traces.ts';

const RUNS = `${ROOT}fixtures/runs-6.18/`;

interface Expected {
  file: string;
  summary: Record<string, number>;
  extra: Record<string, number>;
}

function expected(name: string): Expected {
  return (JSON.parse(readFileSync(`${RUNS}${name}.expected.json`, 'utf8')) as Expected[])[0];
}

/** A run built from an expected.json (the independent summary), as the table takes it. */
function runOf(name: string, tracedMs = 10_000): RunInput {
  const e = expected(name);
  return { file: `${name}.txt.gz`, summary: e.summary as RunInput['summary'], extra: e.extra, tracedMs, capture: 'trace_pipe', cpus: null, latencyMs: null, cpuSeconds: null };
}

const BASE = ['writeback-base-run1', 'writeback-base-run2', 'writeback-base-run3'];
const D40 = ['writeback-dirty40-run1', 'writeback-dirty40-run2', 'writeback-dirty40-run3'];

describe('comparison of variants with several runs', () => {
  const variants: VariantInput[] = [
    { name: 'base', runs: BASE.map((n) => runOf(n)) },
    { name: 'dirty40', runs: D40.map((n) => runOf(n)) },
  ];
  const c = buildComparison(variants, { baseline: 0 });
  const json = comparisonJson(c);

  it('gives every Summary and numeric extra key the mean, sd, n, change and p of the contract', () => {
    expect(json.baseline).toBe('base');
    expect(json.level).toBe(0.05);
    expect(json.variants.map((v) => v.name)).toEqual(['base', 'dirty40']);
    expect(json.variants[1].runs).toEqual(D40.map((n) => `${n}.txt.gz`));
    const keys = Object.keys(json.variants[0].rows);
    for (const k of SUMMARY_KEYS) expect(keys).toContain(k);
    for (const k of Object.keys(expected(BASE[0]).extra)) expect(keys).toContain(k);
    for (const v of json.variants) for (const r of Object.values(v.rows)) expect(Object.keys(r).sort()).toEqual(['changePct', 'mean', 'n', 'p', 'sd', 'significant']);
  });

  it('takes means and sample standard deviations over the runs', () => {
    for (const [i, names] of [BASE, D40].entries())
      for (const k of SUMMARY_KEYS) {
        const xs = names.map((n) => expected(n).summary[k]);
        const m = xs.reduce((a, b) => a + b, 0) / 3;
        const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / 2);
        expect(json.variants[i].rows[k].mean, k).toBeCloseTo(m, 9);
        expect(json.variants[i].rows[k].sd, k).toBeCloseTo(sd, 6);
        expect(json.variants[i].rows[k].n).toBe(3);
      }
    // direct reclaims per run are 17, 59, 38 and 500, 68, 158 (traces README)
    expect(json.variants[0].rows.directReclaims.mean).toBe(38);
    expect(json.variants[1].rows.directReclaims.mean).toBe(242);
    // the plain signed change of the mean: 38 -> 242 grew by 536.84%
    expect(json.variants[1].rows.directReclaims.changePct).toBeCloseTo((100 * (242 - 38)) / 38, 9);
    expect(json.variants[0].rows.directReclaims.changePct).toBeNull();
  });

  it("gives Welch's p against the baseline, null for the baseline and where neither varies", () => {
    const p = json.variants[1].rows.directStallMs.p!;
    expect(p).toBeCloseTo(welch(D40.map((n) => expected(n).summary.directStallMs), BASE.map((n) => expected(n).summary.directStallMs))!.p, 12);
    expect(json.variants[0].rows.directStallMs.p).toBeNull();
    // a baseline mean of 0 has no relative change (null), even when the other mean is 0 too
    expect(json.variants[1].rows.directAnonPagesScanned).toEqual({ mean: 0, sd: 0, n: 3, changePct: null, p: null, significant: false });
  });

  it('marks nothing here: a 5x change in direct reclaims is within these runs’ noise, so it is not coloured either', () => {
    const row = c.rows.find((r) => r.key === 'directReclaims')!;
    expect(row.cells[1].significant).toBe(false);
    expect(row.cells[1].mark).toBe(' ');
    expect(row.cells[1].tone).toBe('same');
    expect(c.rows.every((r) => r.cells.every((x) => x.mark !== '*'))).toBe(true);
    expect(c.untested).toBe('');
  });

  it('uses each run’s own traced time for rates', () => {
    const withTime: VariantInput[] = [
      { name: 'a', runs: [runOf(BASE[0], 2000), runOf(BASE[1], 4000)] },
      { name: 'b', runs: [runOf(D40[0], 1000)] },
    ];
    const r = buildComparison(withTime, { baseline: 0, rates: true });
    const row = r.rows.find((x) => x.key === 'directReclaims')!;
    expect(row.unit).toBe('count/s');
    expect(row.cells[0].stats.mean).toBeCloseTo((17 / 2 + 59 / 4) / 2, 12);
    expect(row.cells[1].stats.mean).toBeCloseTo(500, 12);
  });

  it('prints the text in 80 columns with a header naming the files', () => {
    const text = comparisonText(c);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    for (const n of [...BASE, ...D40]) expect(text).toContain(`${n}.txt.gz`);
    expect(text).toMatch(/Direct reclaims +38 +242 \(\+536\.84%\)\n/);
    expect(text).toContain("Welch's t-test");
    expect(text).toContain('Time (mean over runs)');
  });

  it('keeps Markdown and CSV free of markup and formulas from names', () => {
    const evil: VariantInput[] = [
      { name: '=HYPERLINK("x")', runs: [runOf(BASE[0])] },
      { name: '<img src=x onerror=alert(1)>|', runs: [runOf(D40[0])] },
    ];
    const e = buildComparison(evil, { baseline: 0 });
    expect(comparisonCsv(e)).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(comparisonMarkdown(e)).not.toContain('<img');
  });
});

describe('variants with one run', () => {
  it('marks no row and says why when every variant has one run', () => {
    const c = buildComparison([{ name: 'a', runs: [runOf(BASE[0])] }, { name: 'b', runs: [runOf(D40[0])] }], { baseline: 0 });
    expect(c.rows.every((r) => r.cells.every((x) => x.mark === '' && x.p === null && !x.significant))).toBe(true);
    expect(c.untested).toMatch(/every variant has one run/);
    expect(comparisonText(c)).toContain('every variant has one run');
    // without a test, colour falls back to "nothing under 5%": 17 -> 500 reclaims is coloured worse
    expect(c.rows.find((r) => r.key === 'directReclaims')!.cells[1].tone).toBe('worse');
    // pages scanned and reclaimed are neutral: never coloured, however much they change (+767% and -16% here)
    for (const key of ['directPagesScanned', 'directPagesReclaimed', 'kswapdPagesScanned', 'kswapdPagesReclaimed'])
      expect(c.rows.find((r) => r.key === key)!.cells[1].tone, key).toBe('none');
  });

  it('tests the variants that have runs and names the one that has not', () => {
    const c = buildComparison(
      [{ name: 'base', runs: BASE.map((n) => runOf(n)) }, { name: 'one', runs: [runOf(D40[0])] }, { name: 'three', runs: D40.map((n) => runOf(n)) }],
      { baseline: 0 },
    );
    expect(c.untested).toBe('Not tested (one run, noise unknown): one.');
    const row = c.rows.find((r) => r.key === 'directStallMs')!;
    expect(row.cells[1].p).toBeNull();
    expect(row.cells[2].p).not.toBeNull();
    expect(comparisonJson(c).variants[1].rows.directStallMs.sd).toBeNull();
  });
});

describe('the colour of a change', () => {
  it('follows the mark where a test was made, whatever the size of the change, and the row\'s good direction', () => {
    // the change is signed (+ = grew): growth is worse where less is better, better where more is
    expect(changeTone(536, 'lower', false)).toBe('same');
    expect(changeTone(-2, 'lower', true)).toBe('better');
    expect(changeTone(2, 'lower', true)).toBe('worse');
    expect(changeTone(2, 'higher', true)).toBe('better');
    expect(changeTone(-2, 'higher', true)).toBe('worse');
    expect(changeTone(50, 'neutral', true)).toBe('none');
  });

  it('colours nothing under 5% where no test could be made', () => {
    expect(changeTone(-4.99, 'lower', null)).toBe('same');
    expect(changeTone(5, 'lower', null)).toBe('worse');
    expect(changeTone(-5, 'lower', null)).toBe('better');
    expect(changeTone(null, 'lower', null)).toBe('none');
  });
});

describe('the change of a row', () => {
  it('is 100 * (mean - baseline mean) / baseline mean, printed with its sign, and null over a baseline of 0', () => {
    expect(changePercent(38, 242)).toBeCloseTo(536.8421052631579, 12);
    expect(changePercent(7980.65, 6008.81)).toBeCloseTo((-1971.84 / 7980.65) * 100, 9);
    expect(changePercent(0, 5)).toBeNull();
    expect(changePercent(0, 0)).toBeNull();
    expect(formatChange(536.8421)).toBe('+536.84%');
    expect(formatChange(-24.7077)).toBe('-24.71%');
    expect(formatChange(-0.001)).toBe('0.00%');
    expect(formatChange(0)).toBe('0.00%');
  });
});

describe('the comparison table as text to paste', () => {
  // The seed mail's figures (one run each): 1209 -> 1261 direct reclaims, 7980.65 -> 6008.81 ms stalled.
  const one = (name: string, directReclaims: number, directStallMs: number): VariantInput => ({
    name,
    runs: [{ ...runOf(BASE[0]), file: `${name}.txt`, summary: { ...zeroSummary(), directReclaims, directStallMs }, extra: {}, tracedMs: 1000 }],
  });
  const c = buildComparison([one('traceonly', 1209, 7980.65), one('nodirect|<b>x</b>', 1261, 6008.81)], { baseline: 0 });

  it('prints the seed mail layout with the signed change of each row (+ = more)', () => {
    const text = comparisonText(c);
    expect(text).toMatch(/^Direct reclaims +1209 +1261 \(\+4\.30%\)$/m);
    expect(text).toMatch(/^Time stalled direct reclaim \(ms\) +7980\.65 +6008\.81 \(-24\.71%\)$/m);
    expect(text).toMatch(/^Kswapd file pages reclaimed +0 +0 \(0\.00%\)$/m);
    expect(text).toMatch(/^FTrace Reclaim Statistics +traceonly {2}nodirect\|<b>x<\/b>$/m);
  });

  it('escapes names in Markdown and CSV: no markup, no table breaks, no formulas', () => {
    expect(comparisonMarkdown(c)).toContain('nodirect\\|&lt;b&gt;x&lt;/b&gt;');
    expect(comparisonMarkdown(c)).not.toContain('<b>');
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeCsv('=cmd|" /C calc"!A0')).toBe(`"'=cmd|"" /C calc""!A0"`);
    expect(comparisonCsv(c).split('\n')[1]).toBe('Direct reclaims,count,1209,0.00,1261,4.30,,1,,,,1,,,directReclaims');
    const evil = buildComparison([one('=HYPERLINK("x")', 1, 1), one('b', 1, 1)], { baseline: 0 });
    expect(comparisonCsv(evil).split('\n')[0]).toMatch(/^statistic,unit,"'=HYPERLINK\(""x""\)","'=HYPERLINK\(""x""\) change %",b,b change %,/);
  });
});

describe('long variant names in the text', () => {
  it('move into a legend so that the table keeps to 80 columns', () => {
    const long = (name: string, names: string[]): VariantInput => ({ name, runs: names.map((n) => runOf(n)) });
    const c = buildComparison(
      [long('linux-6.18-rc3-baseline-with-default-dirty-ratio', BASE), long('linux-6.18-rc3-patched-with-dirty-ratio-40', D40)],
      { baseline: 0 },
    );
    const text = comparisonText(c);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(text).toMatch(/^A = linux-6\.18-rc3-baseline-with-default-dirty-ratio: 3 runs:/m);
    expect(text).toMatch(/^B = linux-6\.18-rc3-patched-with-dirty-ratio-40: 3 runs:/m);
    expect(text).toMatch(/^FTrace Reclaim Statistics +A +B$/m);
    expect(text).toMatch(/^Direct reclaims +38 +242 \(\+536\.84%\)$/m);
  });
});
