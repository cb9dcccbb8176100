// Per-variant time alignment on two real traces of different lengths (the
// 99 s mixed-baseline sample and the 6.7 s writeback-dirty40 capture): a typed
// offset moves a variant's stall period and its chart peak by exactly the
// offset; "Align here" puts two chosen periods at the same time (0); "% of
// each run" maps the last event of each trace to 100; a share link keeps the
// offsets. Screenshots of the range bar and the stall list at 1280 and 1600 px.

import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { ROOT, waitIdle } from './helpers.ts';

test.describe.configure({ timeout: 300_000 });

const MB = 'public/samples/mixed-baseline.txt.gz';
const WB = 'fixtures/real-6.18/writeback-dirty40.txt.gz';
const OUT = `${ROOT}test-results/screenshots`;

async function load(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles([MB, WB].map((f) => `${ROOT}${f}`));
  await waitIdle(page);
  await expect(page.locator('[data-testid=variant-card][data-status=ready]')).toHaveCount(2);
}

/** Whole-trace stall list (every period, wherever the zoom is): the switch is there once zoomed. */
async function wholeStalls(page: Page): Promise<void> {
  await page.getByLabel('only the visible range').uncheck();
  await waitIdle(page);
}

async function zoomTo(page: Page, from: string, to: string): Promise<void> {
  await page.getByTestId('range-from').fill(from);
  await page.getByTestId('range-to').fill(to);
  await page.getByRole('button', { name: 'Go' }).click();
  await waitIdle(page);
}

async function setOffset(page: Page, variant: string, ms: string): Promise<void> {
  const input = page.getByLabel(`Time offset of ${variant} (ms)`);
  await input.fill(ms);
  await input.press('Enter');
  await waitIdle(page);
}

/** Goes to the stall list's first page. */
async function firstPage(page: Page): Promise<void> {
  const prev = page.getByRole('group', { name: 'Stall list pages' }).getByRole('button', { name: 'Previous' });
  while ((await prev.count()) > 0 && (await prev.isEnabled())) await prev.click();
}

/** Start times (axis s, full precision) of the stall rows of a variant, in rank order, over every page of the list. */
async function starts(page: Page, variant: string): Promise<number[]> {
  await firstPage(page);
  const next = page.getByRole('group', { name: 'Stall list pages' }).getByRole('button', { name: 'Next' });
  const out: number[] = [];
  for (;;) {
    out.push(...(await page.locator(`[data-testid=stall-row][data-variant="${variant}"] button[data-start]`).evaluateAll((bs) => bs.map((b) => Number(b.getAttribute('data-start'))))));
    if ((await next.count()) === 0 || !(await next.isEnabled())) break;
    await next.click();
  }
  await firstPage(page);
  return out;
}

/** The stall row of a variant at its rank (0 = its worst), with the list turned to its page. */
async function rowOf(page: Page, variant: string, rank: number) {
  await firstPage(page);
  const next = page.getByRole('group', { name: 'Stall list pages' }).getByRole('button', { name: 'Next' });
  let seen = 0;
  for (;;) {
    const rows = page.locator(`[data-testid=stall-row][data-variant="${variant}"]`);
    const n = await rows.count();
    if (rank < seen + n) return rows.nth(rank - seen);
    seen += n;
    if ((await next.count()) === 0 || !(await next.isEnabled())) throw new Error(`no stall row ${rank} of ${variant}`);
    await next.click();
  }
}

async function peakTime(page: Page, chart: string, line: string): Promise<number> {
  const times = JSON.parse((await page.getByTestId(`chart-${chart}`).getAttribute('data-peak-times'))!) as Record<string, number | null>;
  expect(times[line], `${line} in ${JSON.stringify(times)}`).not.toBeNull();
  return times[line]!;
}

async function shoot(page: Page, name: string, target: string): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  for (const width of [1280, 1600]) {
    await page.setViewportSize({ width, height: 1000 });
    await waitIdle(page);
    const el = page.getByTestId(target).first();
    await el.scrollIntoViewIfNeeded();
    await el.screenshot({ path: `${OUT}/${name}-${width}.png` });
  }
  await page.setViewportSize({ width: 1400, height: 900 });
  await waitIdle(page);
}

test('a typed offset moves a variant by exactly that much: its stall periods and its chart peak', async ({ page }) => {
  await load(page);
  await zoomTo(page, '0', '10');
  await wholeStalls(page);
  const before = await starts(page, 'writeback-dirty40');
  const other = await starts(page, 'mixed-baseline');
  expect(before.length).toBeGreaterThan(0);
  const peak = await peakTime(page, 'stall', 'writeback-dirty40');
  const peakOther = JSON.parse((await page.getByTestId('chart-stall').getAttribute('data-peak-times'))!)['mixed-baseline'];
  // 2 s: a whole number of the grid's buckets, so the peak's bucket moves with it
  await setOffset(page, 'writeback-dirty40', '2000');
  const after = await starts(page, 'writeback-dirty40');
  expect(after.length).toBe(before.length);
  after.forEach((t, i) => expect(t - before[i]).toBeCloseTo(2, 9));
  expect(await starts(page, 'mixed-baseline')).toEqual(other);
  expect((await peakTime(page, 'stall', 'writeback-dirty40')) - peak).toBeCloseTo(2, 9);
  expect(JSON.parse((await page.getByTestId('chart-stall').getAttribute('data-peak-times'))!)['mixed-baseline']).toBe(peakOther);
  // negative offsets too, and 0 puts it back
  await setOffset(page, 'writeback-dirty40', '-250.5');
  (await starts(page, 'writeback-dirty40')).forEach((t, i) => expect(t - before[i]).toBeCloseTo(-0.2505, 9));
  expect(page.url()).toContain('vo=1~-250.5');
  await setOffset(page, 'writeback-dirty40', '0');
  expect(await starts(page, 'writeback-dirty40')).toEqual(before);
  expect(page.url()).not.toContain('vo=');
});

test('"Align here" puts the chosen period of each variant at the same time', async ({ page }) => {
  await load(page);
  const mbStart = (await starts(page, 'mixed-baseline'))[1];
  const wbStart = (await starts(page, 'writeback-dirty40'))[0];
  expect(Math.abs(mbStart - wbStart)).toBeGreaterThan(1);
  await (await rowOf(page, 'mixed-baseline', 1)).getByRole('button', { name: /^Align mixed-baseline/ }).click();
  await waitIdle(page);
  await wholeStalls(page);
  await (await rowOf(page, 'writeback-dirty40', 0)).getByRole('button', { name: /^Align writeback-dirty40/ }).click();
  await waitIdle(page);
  expect((await starts(page, 'mixed-baseline'))[1]).toBeCloseTo(0, 6);
  expect((await starts(page, 'writeback-dirty40'))[0]).toBeCloseTo(0, 6);
  // the offsets it set are the periods' own starts, negated (time zero at each trace's first event)
  expect(Number(await page.getByLabel('Time offset of mixed-baseline (ms)').inputValue())).toBeCloseTo(-mbStart * 1000, 3);
  expect(Number(await page.getByLabel('Time offset of writeback-dirty40 (ms)').inputValue())).toBeCloseTo(-wbStart * 1000, 3);
  // zoomed to the second period: the visible range holds 0
  expect(Number(await page.getByTestId('range-from').inputValue())).toBeLessThan(0);
  expect(Number(await page.getByTestId('range-to').inputValue())).toBeGreaterThan(0);
  await shoot(page, 'align-periods-stalls', 'stall-periods');
});

test('time as % of each run maps the first event of each trace to 0 and its last to 100', async ({ page }) => {
  await load(page);
  await page.getByLabel('Time alignment').selectOption('percent');
  await waitIdle(page);
  expect([await page.getByTestId('range-from').inputValue(), await page.getByTestId('range-to').inputValue()].map(Number)).toEqual([0, 100]);
  await expect(page.getByText('Start (%)').first()).toBeVisible();
  await page.getByLabel('Sort events by').selectOption('time');
  for (const variant of ['mixed-baseline', 'writeback-dirty40']) {
    await page.getByRole('group', { name: 'Events of variant' }).getByRole('button', { name: variant }).click();
    await page.getByLabel('descending').check();
    await waitIdle(page);
    await expect(page.getByTestId('event-row').first().locator('[role=cell]').first()).toHaveText('100.000000');
    await page.getByLabel('descending').uncheck();
    await waitIdle(page);
    await expect(page.getByTestId('event-row').first().locator('[role=cell]').first()).toHaveText('0.000000');
  }
  // both traces fill the chart's x axis, whatever their lengths: each one's stall line ends at 100
  const rows = await page.getByTestId('chart-stall').getAttribute('data-peak-times');
  expect(Object.keys(JSON.parse(rows!))).toEqual(['mixed-baseline', 'writeback-dirty40']);
  expect(page.url()).toContain('al=percent');
  await shoot(page, 'align-percent-range', 'chart-stall');
});

test('a share link keeps the offsets and the alignment', async ({ page, browser }) => {
  await load(page);
  await page.getByLabel('Time alignment').selectOption('pressure');
  await setOffset(page, 'writeback-dirty40', '1500');
  const shifted = await starts(page, 'writeback-dirty40');
  await shoot(page, 'align-offset-rangebar', 'chart-stall');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toContain('al=pressure');
  expect(link).toContain('vo=1~1500');
  const fresh = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const other = await fresh.newPage();
  await other.goto(link);
  await waitIdle(other);
  await expect(other.getByTestId('read-only')).toBeVisible();
  await expect(other.getByLabel('Time alignment')).toHaveValue('pressure');
  await expect(other.getByLabel('Time offset of writeback-dirty40 (ms)')).toHaveValue('1500');
  // the link's snapshot holds each variant's worst periods: they sit where they were
  const restored = await starts(other, 'writeback-dirty40');
  expect(restored.length).toBeGreaterThan(0);
  restored.slice(0, shifted.length).forEach((t, i) => expect(t).toBeCloseTo(shifted[i], 6));
  await fresh.close();
});
