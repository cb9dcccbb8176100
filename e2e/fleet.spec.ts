// A summary.parquet of many traces opened in the app: the command line exports
// the real fixtures, the app reads the file through the file input and shows
// the traces grouped by a column the user picks; the numbers equal the
// command line's JSON, grouped here by hand. Screenshots at 1280 and 1600 px.

import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

interface CliReport {
  file: string;
  capture: string;
  summary: Record<string, number>;
}

/** The command line's JSON reports of the same files, grouped by hand below. */
function cliJson(files: string[]): CliReport[] {
  return JSON.parse(execFileSync('node', ['src/cli/bin.mjs', 'report', '--json', ...files], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 }));
}

const FILES = [
  'fixtures/real-6.18/highalloc-baseline.txt.gz',
  'fixtures/real-6.18/highalloc-dirty40.txt.gz',
  'fixtures/real-6.18/memcg-256m.trace.txt.gz',
  'fixtures/real-6.18/perf-pressure.perf-script.txt',
  'fixtures/real-6.18/pressure-baseline.txt',
  'fixtures/real-6.18/tracecmd-writeback.report.txt',
  'fixtures/real-6.18/tracecmd-writeback.dat',
  'fixtures/real-6.18/tracecmd-writeback.v6.dat.gz',
  'fixtures/real-6.18/writeback-baseline.txt.gz',
  'fixtures/real-6.18/writeback-dirty40.txt.gz',
  'public/samples/mixed-baseline.txt.gz',
  'public/samples/mixed-dirty40.txt.gz',
];
const OUT = `${ROOT}test-results/screenshots`;
let dir: string;
let cli: CliReport[];

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'reclaimscope-fleet-'));
  execFileSync('node', ['src/cli/bin.mjs', 'export', '--parquet', dir, '--jobs', '2', ...FILES], { cwd: ROOT, encoding: 'utf8' });
  cli = cliJson(FILES);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const nearestRank = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.max(1, Math.ceil((p / 100) * xs.length)) - 1];

async function cell(page: Page, key: string, group: string): Promise<number> {
  const headers = await page.locator('[data-testid=fleet-table] thead th').evaluateAll((ths) => ths.map((th) => (th as HTMLElement).dataset.group ?? ''));
  const i = headers.indexOf(group);
  expect(i, `group ${group} in ${headers.join(', ')}`).toBeGreaterThan(0);
  return Number(await page.locator(`[data-testid=fleet-table] tr[data-key=${key}] td`).nth(i - 1).getAttribute('data-value'));
}

test('a summary.parquet opens as variants grouped by kernel release, then by capture, with the numbers of the command line', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(join(dir, 'summary.parquet'));
  await expect(page.getByTestId('fleet-table')).toBeVisible();
  await expect(page.getByRole('heading', { name: /Fleet: summary\.parquet \(12 traces\)/ })).toBeVisible();
  // the two trace.dat files say their kernel release (their UNAME option); the text traces do not
  await expect(page.getByTestId('fleet-group-by')).toHaveValue('kernel_release');
  const groups = page.locator('[data-testid=fleet-table] thead th[data-group]');
  await expect(groups).toHaveText(['6.18.44-fc-v657' + '2 traces', '(not recorded)' + '10 traces']);
  const dats = cli.filter((r) => r.file.endsWith('.dat') || r.file.endsWith('.dat.gz'));
  const texts = cli.filter((r) => !dats.includes(r));
  expect(await cell(page, 'directReclaims', '6.18.44-fc-v657')).toBeCloseTo(mean(dats.map((r) => r.summary.directReclaims)), 9);
  expect(await cell(page, 'directStallMs', '(not recorded)')).toBeCloseTo(mean(texts.map((r) => r.summary.directStallMs)), 9);

  await page.getByTestId('fleet-group-by').selectOption('capture');
  await expect(groups).toHaveCount(5);
  await page.getByTestId('fleet-statistic').selectOption('median');
  const pipe = cli.filter((r) => r.capture === 'trace_pipe');
  expect(pipe.length).toBe(7); // highalloc x2, pressure-baseline, writeback x2, mixed x2
  expect(await cell(page, 'directStallMs', 'trace_pipe')).toBeCloseTo(nearestRank(pipe.map((r) => r.summary.directStallMs), 50), 9);
  expect(await cell(page, 'kswapdWakeups', 'trace_pipe')).toBe(nearestRank(pipe.map((r) => r.summary.kswapdWakeups), 50));
  // signed change against the baseline group (+ = more), as the comparison table prints it; less is better
  await page.getByTestId('fleet-baseline').selectOption('trace_pipe');
  const base = nearestRank(pipe.map((r) => r.summary.directStallMs), 50);
  const dat = nearestRank(dats.map((r) => r.summary.directStallMs), 50);
  const i = await page.locator('[data-testid=fleet-table] thead th[data-group]').evaluateAll((ths) => ths.findIndex((th) => (th as HTMLElement).dataset.group === 'trace.dat'));
  const pct = (100 * (dat - base)) / base;
  const stallCell = page.locator('[data-testid=fleet-table] tr[data-key=directStallMs] td').nth(i);
  await expect(stallCell).toContainText(`(${pct > 0 ? '+' : ''}${pct.toFixed(2)}%)`);
  await expect(stallCell).toHaveClass(pct < 0 ? /\bbetter\b/ : /\bworse\b/);

  for (const width of [1280, 1600]) {
    mkdirSync(OUT, { recursive: true });
    await page.setViewportSize({ width, height: 1000 });
    await page.getByTestId('fleet').screenshot({ path: `${OUT}/fleet-summary-${width}.png` });
  }
});

test('an episodes.parquet is refused with a sentence that points to summary.parquet', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(join(dir, 'episodes.parquet'));
  await expect(page.getByTestId('fleet-error')).toHaveText("episodes.parquet is reclaimscope's episodes.parquet: open the summary.parquet beside it");
  await expect(page.getByTestId('fleet-table')).toHaveCount(0);
  // the first screen is still there
  await expect(page.getByRole('heading', { name: 'Drop one trace per kernel variant' })).toBeVisible();
  expect(readFileSync(join(dir, 'episodes.parquet')).subarray(0, 4).toString()).toBe('PAR1');
});
