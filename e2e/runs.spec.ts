// Variants made of several runs, as a kernel developer uses them: traces
// grouped by their run number, runs moved between variants and split out, the
// table of means with Welch marks equal to `reclaimscope compare` (the copied
// text byte for byte, marks included), a variant with one run, runs of
// different lengths, the grouping kept by links, and --fail-if exit codes.

import { expect, test, type Page } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { ROOT, waitIdle } from './helpers.ts';

const BASE = [1, 2, 3].map((i) => `fixtures/runs-6.18/writeback-base-run${i}.txt.gz`);
const D40 = [1, 2, 3].map((i) => `fixtures/runs-6.18/writeback-dirty40-run${i}.txt.gz`);
const WB = ['fixtures/real-6.18/writeback-baseline.txt.gz', 'fixtures/real-6.18/writeback-dirty40.txt.gz'];

function cli(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('node', ['src/cli/bin.mjs', 'compare', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface CompareJson {
  baseline: string;
  variants: { name: string; runs: string[]; rows: Record<string, { mean: number; p: number | null; significant: boolean }> }[];
}

async function load(page: Page, files: string[]): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(files.map((f) => `${ROOT}${f}`));
  await waitIdle(page);
}

async function copiedText(page: Page): Promise<string> {
  await page.getByRole('group', { name: 'Copy the comparison table' }).getByRole('button', { name: 'text' }).click();
  await expect(page.getByText('Table copied as text.')).toBeVisible();
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Every Summary and extra cell on screen against the CLI's JSON: mean, and the mark where a test was made. */
async function expectTableEqualsJson(page: Page, json: CompareJson): Promise<number> {
  const cells = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid=summary-table] tbody tr[data-key]')].flatMap((tr) =>
      [...tr.querySelectorAll('td')].map((td, i) => ({
        key: (tr as HTMLElement).dataset.key!,
        i,
        value: Number(td.dataset.value),
        significant: td.dataset.significant ?? null,
        star: td.querySelector('.mark') !== null,
      })),
    ),
  );
  expect(cells.length).toBeGreaterThan(25 * json.variants.length - 1);
  let marked = 0;
  for (const c of cells) {
    const want = json.variants[c.i].rows[c.key];
    expect(c.value, `${json.variants[c.i].name} ${c.key}`).toBeCloseTo(want.mean, 6);
    expect(c.star, `${json.variants[c.i].name} ${c.key} *`).toBe(want.significant);
    expect(c.significant, `${json.variants[c.i].name} ${c.key} tested`).toBe(want.p === null ? null : String(want.significant));
    if (c.star) marked++;
  }
  return marked;
}

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

test('runs group by file name, and the table and its text equal reclaimscope compare on the same files', async ({ page }) => {
  await page.goto('/');
  await load(page, [...BASE, ...D40]);
  const cards = page.getByTestId('variant-card');
  await expect(cards).toHaveCount(2);
  await expect(cards.nth(0)).toHaveAttribute('data-runs', '3');
  await expect(cards.nth(1)).toHaveAttribute('data-runs', '3');
  await expect(page.getByLabel('Name of variant 1')).toHaveValue('writeback-base');
  await expect(page.getByLabel('Name of variant 2')).toHaveValue('writeback-dirty40');
  expect(await page.locator('[data-testid=summary-table] thead th').allTextContents()).toEqual(['Statistic', 'writeback-base', 'writeback-dirty40']);
  // direct reclaims per run 17, 59, 38 and 500, 68, 158: the means, and no mark (within the noise)
  const cell = page.locator('[data-testid=summary-table] tr[data-key=directReclaims] td').nth(1);
  await expect(cell).toHaveText('242 (+536.84%)');
  await expect(cell).toHaveAttribute('data-significant', 'false');
  await expect(cell).toHaveClass(/\bsame\b/);

  const json = JSON.parse(cli(['--json', ...BASE, ...D40]).stdout) as CompareJson;
  expect(await expectTableEqualsJson(page, json)).toBe(0);
  expect(await copiedText(page)).toBe(cli(['--format', 'text', ...BASE, ...D40]).stdout);
});

test('a run moved into another variant, a variant renamed: marks, text and links follow', async ({ page, browser }) => {
  test.setTimeout(300_000); // five traces loaded twice, and a fresh browser, on a shared two-core machine
  await page.goto('/');
  // three runs of one setting, and two older traces that become two runs of a variant "wb"
  await load(page, [...BASE, ...WB]);
  await expect(page.getByTestId('variant-card')).toHaveCount(3);
  await page.getByLabel('Move writeback-dirty40 to').selectOption({ label: 'writeback-baseline' });
  await expect(page.getByTestId('variant-card')).toHaveCount(2);
  await page.getByLabel('Name of variant 2').fill('wb');
  await waitIdle(page);
  expect(await page.locator('[data-testid=summary-table] thead th').allTextContents()).toEqual(['Statistic', 'writeback-base', 'wb']);
  // runs of different lengths (6.0-6.7 s and 19-22 s): rates use each run's own time, means the runs' values
  const args = [`writeback-base=${BASE.join(',')}`, `wb=${WB.join(',')}`];
  const json = JSON.parse(cli(['--json', ...args]).stdout) as CompareJson;
  const marked = await expectTableEqualsJson(page, json);
  expect(marked).toBeGreaterThan(5); // kswapd rows differ beyond the noise
  const kswapd = page.locator('[data-testid=summary-table] tr[data-key=kswapdPagesScanned] td').nth(1);
  await expect(kswapd.locator('.mark')).toHaveText('*');
  await expect(kswapd).not.toHaveClass(/\b(better|worse)\b/); // pages scanned are neutral: marked, never coloured
  const awake = page.locator('[data-testid=summary-table] tr[data-key=kswapdAwakeMs] td').nth(1);
  await expect(awake.locator('.mark')).toHaveText('*');
  await expect(awake).toHaveClass(/\bbetter\b/); // kswapd awake 34% less, significant
  const text = await copiedText(page);
  expect(text).toBe(cli(['--format', 'text', ...args]).stdout);
  expect(text).toMatch(/^Kswapd pages scanned .*\*$/m);
  // latency: the rank test on the pooled episodes says on screen what the text says
  const verdictInText = /^Rank test against the baseline +baseline +(lower|higher|can't tell) p=/m.exec(text)![1];
  await expect(page.getByTestId('rank-test').nth(3)).toContainText(`${verdictInText} (`);
  await expect(page.getByTestId('rank-test').nth(3)).toContainText('runs pooled');

  await page.getByLabel('per second of traced time').check();
  await waitIdle(page);
  expect(await copiedText(page)).toBe(cli(['--format', 'text', '--rates', ...args]).stdout);
  await page.getByLabel('per second of traced time').uncheck();

  // the spread on request
  await page.getByLabel('Spread over runs').selectOption('range');
  await expect(page.locator('[data-testid=summary-table] tr[data-key=directReclaims] td').nth(0).locator('.spread')).toHaveText(' 17.0–59.0');

  // a share link keeps the grouping
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const url = await page.getByTestId('share-link').inputValue();
  expect(url).toMatch(/#v=4&vs=writeback-base%20%231~[0-9a-f]{16},.*&g=0\.0\.0\.1\.1&gn=writeback-base,wb&/);
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  await waitIdle(other);
  expect(await other.locator('[data-testid=summary-table] thead th').allTextContents()).toEqual(['Statistic', 'writeback-base', 'wb']);
  await expect(other.locator('[data-testid=summary-table] thead th').nth(2)).toHaveAttribute('data-runs', '2');
  await expect(other.locator('[data-testid=summary-table] tr[data-key=kswapdPagesScanned] td').nth(1).locator('.mark')).toHaveText('*');
  await fresh.close();

  // reload: the view link waits for the files, and dropping them restores the runs' variants
  await page.reload();
  await expect(page.getByTestId('waiting-for-traces')).toBeVisible();
  await load(page, [...WB, ...BASE]);
  await expect(page.getByTestId('waiting-for-traces')).toHaveCount(0);
  expect(await page.locator('[data-testid=summary-table] thead th').allTextContents()).toEqual(['Statistic', 'writeback-base', 'wb']);
  expect(await copiedText(page)).toBe(text);
});

test('a run is split out into a variant of its own and dragged back', async ({ page }) => {
  await page.goto('/');
  await load(page, D40);
  await expect(page.getByTestId('variant-card')).toHaveCount(1);
  await page.getByLabel('Move writeback-dirty40 #3 to').selectOption({ label: 'a variant of its own' });
  await expect(page.getByTestId('variant-card')).toHaveCount(2);
  await expect(page.getByLabel('Name of variant 2')).toHaveValue('writeback-dirty40-run3');
  await expect(page.getByTestId('untested-note')).toContainText('Not tested (one run, noise unknown): writeback-dirty40-run3.');
  await expect(page.getByTestId('untested-note')).not.toContainText('every variant');
  await page.getByTestId('variant-card').nth(1).getByTestId('run').dragTo(page.getByTestId('variant-card').nth(0));
  await expect(page.getByTestId('variant-card')).toHaveCount(1);
  await expect(page.getByTestId('variant-card')).toHaveAttribute('data-runs', '3');
});

test('with one run per variant no row is marked, and the table says why', async ({ page }) => {
  await page.goto('/');
  await load(page, WB);
  await expect(page.getByTestId('untested-note')).toContainText('every variant has one run');
  expect(await page.locator('[data-testid=summary-table] .mark').count()).toBe(0);
  expect(await page.locator('[data-testid=summary-table] td[data-significant]').count()).toBe(0);
  const text = await copiedText(page);
  expect(text).toBe(cli(['--format', 'text', ...WB]).stdout);
  expect(text).toContain('every variant has one run');
});

test('compare --fail-if exits 3 on a significant change beyond the bound, 0 otherwise', async () => {
  // the runs are awake about 51% longer than the older writeback traces (significant)
  const args = ['--baseline', 'wb', `base=${BASE.join(',')}`, `wb=${WB.join(',')}`];
  const held = cli(['--fail-if', 'kswapdAwakeMs>+20%', ...args]);
  expect(held.status).toBe(3);
  expect(held.stderr).toContain('fail-if holds: kswapdAwakeMs>+20%: base (+');
  expect(cli(['--fail-if', 'kswapdAwakeMs>+80%', ...args]).status).toBe(0);
  // a 440% longer stall that is within the runs' noise does not fail the gate
  expect(cli(['--fail-if', 'directStallMs>+10%', ...BASE, ...D40]).status).toBe(0);
  expect(cli(['--fail-if', 'directStallMs>+10%', ...WB]).stderr).toContain('every variant has one run');
  expect(cli(['--fail-if', 'bogus', ...WB]).status).toBe(2);
});

test('screenshots of a comparison of runs at 1280 and 1600 px', async ({ page }) => {
  mkdirSync(`${ROOT}test-results/screenshots`, { recursive: true });
  await page.goto('/');
  await load(page, [...BASE, ...WB]);
  await page.getByLabel('Move writeback-dirty40 to').selectOption({ label: 'writeback-baseline' });
  await page.getByLabel('Spread over runs').selectOption('sd');
  await waitIdle(page);
  for (const width of [1280, 1600]) {
    await page.setViewportSize({ width, height: 1000 });
    await waitIdle(page);
    await page.screenshot({ path: `${ROOT}test-results/screenshots/runs-${width}.png`, fullPage: true });
    await page.locator('.cards').screenshot({ path: `${ROOT}test-results/screenshots/runs-cards-${width}.png` });
    await page.locator('section.panel', { has: page.getByTestId('summary-table') }).screenshot({ path: `${ROOT}test-results/screenshots/runs-table-${width}.png` });
  }
  expect(execFileSync('ls', [`${ROOT}test-results/screenshots`], { encoding: 'utf8' })).toContain('runs-1600.png');
  // charts: each run, or each variant's mean with the band of its runs
  await expect(page.getByRole('list', { name: 'Direct reclaim stall legend' }).getByRole('listitem')).toHaveText([
    'writeback-base #1',
    'writeback-base #2',
    'writeback-base #3',
    'writeback-baseline #1',
    'writeback-baseline #2',
  ]);
  await page.getByLabel('mean of runs, with a band').check();
  await waitIdle(page);
  await expect(page.getByRole('list', { name: 'Direct reclaim stall legend' }).getByRole('listitem')).toHaveText(['writeback-base (mean of 3)', 'writeback-baseline (mean of 2)']);
  await expect(page.getByTestId('chart-stall').locator('.recharts-area')).toHaveCount(2);
  await page.getByTestId('chart-stall').screenshot({ path: `${ROOT}test-results/screenshots/runs-mean-chart.png` });
});
