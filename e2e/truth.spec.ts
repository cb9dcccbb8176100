// Every view tells the truth (issue 9), in Chromium on real traces of
// different lengths: tick labels equal their gridlines, chart values do not
// depend on the window width, nothing scrolls sideways at 1280 px, each chart
// is one named tab stop that zooms from the keyboard, the table's colours,
// "new" and "not traced in this range", the Time block following the range,
// and the memcg rows equal to the command line's JSON. Screenshots at 1280 and
// 1600 px land in test-results/screenshots.

import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { cliJson, loadFiles, ROOT, waitIdle, zoomTo } from './helpers.ts';

const FILES = ['fixtures/real-6.18/memcg-256m.trace.txt.gz', 'fixtures/real-6.18/highalloc-baseline.txt.gz', 'fixtures/real-6.18/pressure-baseline.txt'];
const OUT = `${ROOT}test-results/screenshots`;

async function load(page: Page, width: number, files = FILES): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  await loadFiles(page, files);
}

/** Cell texts of a table row by its data-key: { variant name: text }. */
async function rowTexts(page: Page, table: string, key: string): Promise<string[]> {
  return page.locator(`[data-testid=${table}] tr[data-key="${key}"] td`).allTextContents();
}

for (const width of [1280, 1600])
  test(`at ${width} px, three traces zoomed: no sideways scroll, cut cells titled, ticks on their gridlines (screenshot)`, async ({ page }) => {
    await load(page, width);
    await zoomTo(page, '1', '9');
    await page.getByLabel('only the visible range').check();
    await waitIdle(page);
    await page.screenshot({ path: `${OUT}/truth-${width}.png`, fullPage: true });
    const doc = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(doc.scroll).toBeLessThanOrEqual(doc.client);
    // every cell whose text is cut shows it whole in a title
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('td, th, [role=cell], [role=columnheader]')]
        .filter((c) => (c as HTMLElement).offsetParent !== null && c.scrollWidth > c.clientWidth + 1)
        .filter((c) => !((c.getAttribute('title') ?? c.querySelector('[title]')?.getAttribute('title') ?? '').includes((c.textContent ?? '').replace(/[…▾▴]/g, '').trim())))
        .map((c) => c.textContent),
    );
    expect(cut).toEqual([]);
    // y tick labels read back as numbers lying on one straight line through their gridlines, in round steps
    for (const id of ['stall', 'stalled-procs', 'kswapd', 'scan']) {
      // Recharts 3 draws tick lines and tick labels in separate layers, in the same order
      const ticks = await page.getByTestId(`chart-${id}`).locator('svg.recharts-surface').first().evaluate((svg) => {
        const labels = [...svg.querySelectorAll('.recharts-yAxis-tick-labels text')].map((t) => t.textContent ?? '');
        const ys = [...svg.querySelectorAll('.recharts-yAxis-tick-lines line')].map((l) => Number(l.getAttribute('y1')));
        return labels.map((label, i) => ({ label, y: ys[i] }));
      });
      expect(ticks.length, `${id} ticks`).toBeGreaterThanOrEqual(2);
      const values = ticks.map((t) => {
        const m = /^(-?[0-9.]+)([kMG]?)$/.exec(t.label);
        expect(m, `${id} tick "${t.label}"`).not.toBeNull();
        return Number(m![1]) * ({ '': 1, k: 1e3, M: 1e6, G: 1e9 } as Record<string, number>)[m![2]];
      });
      expect(new Set(ticks.map((t) => t.label)).size).toBe(ticks.length);
      const step = values[1] - values[0];
      const px = ticks[1].y - ticks[0].y;
      values.forEach((v, i) => {
        expect(v - values[0]).toBeCloseTo(i * step, 9);
        expect(ticks[i].y - ticks[0].y).toBeCloseTo(i * px, 0);
      });
      const mant = step / 10 ** Math.floor(Math.log10(step) + 1e-12);
      expect([1, 2, 2.5, 5].some((x) => Math.abs(mant - x) < 1e-9), `${id} step ${step}`).toBe(true);
      if (id === 'stalled-procs') for (const v of values) expect(Number.isInteger(v)).toBe(true);
    }
  });

test('the same traces at 1280 and 1600 px give the same buckets and the same chart values', async ({ page }) => {
  const read = async () => {
    const out: Record<string, unknown> = {};
    for (const id of ['stall', 'stalled-procs', 'kswapd', 'writeback', 'scan', 'compaction']) {
      const c = page.getByTestId(`chart-${id}`);
      out[id] = { peaks: JSON.parse((await c.getAttribute('data-peaks')) ?? '{}'), sub: await c.locator('.chart-sub').textContent() };
    }
    return out;
  };
  await load(page, 1280);
  await zoomTo(page, '2', '7');
  const narrow = await read();
  await page.setViewportSize({ width: 1600, height: 900 });
  await waitIdle(page);
  expect(await read()).toEqual(narrow);
  expect(JSON.stringify(narrow)).toMatch(/ms stalled per second.*20\.00 ms buckets/);
  // the tooltip gives value and unit
  const body = page.getByTestId('chart-stall').locator('.recharts-surface').first();
  await body.scrollIntoViewIfNeeded();
  const box = (await body.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2 + 5, box.y + box.height / 2, { steps: 3 });
  await expect(page.getByTestId('chart-stall').locator('.recharts-tooltip-wrapper')).toContainText(/\d ms\/s/);
});

test('each chart is one named tab stop; on a focused chart +, arrows and 0 zoom, pan and reset', async ({ page }) => {
  await load(page, 1400, FILES.slice(1));
  // Tab from the first chart: the next stops are its neighbour's two save buttons, its legend entries (buttons that hide or
  // show a variant, named by it) and then that chart, nothing unnamed
  const chart = page.getByTestId('chart-stall').locator('.chart-body');
  await chart.focus();
  const seq: string[] = [];
  for (let i = 0; i < 8 && !seq.at(-1)?.startsWith('DIV'); i++) {
    await page.keyboard.press('Tab');
    seq.push(await page.evaluate(() => `${document.activeElement!.tagName} ${(document.activeElement!.getAttribute('aria-label') ?? document.activeElement!.textContent ?? '').trim()}`));
  }
  expect(seq[0]).toMatch(/^BUTTON Save the Processes in direct reclaim chart as SVG/);
  expect(seq[1]).toMatch(/^BUTTON Save the Processes in direct reclaim chart as PNG/);
  expect(seq.slice(2, -1)).toEqual(FILES.slice(1).map(() => expect.stringMatching(/^BUTTON \S/)));
  expect(seq.at(-1)).toMatch(/^DIV Processes in direct reclaim chart, .*zoom/);
  await chart.focus();
  const before = await page.getByTestId('range-to').inputValue();
  await page.keyboard.press('+');
  await waitIdle(page);
  const zoomed = [await page.getByTestId('range-from').inputValue(), await page.getByTestId('range-to').inputValue()];
  expect(zoomed).not.toEqual(['0.0', before]);
  expect(Number(zoomed[1]) - Number(zoomed[0])).toBeCloseTo((Number(before) - 0) / 2, 0);
  await page.keyboard.press('ArrowRight');
  await waitIdle(page);
  expect(Number(await page.getByTestId('range-from').inputValue())).toBeGreaterThan(Number(zoomed[0]));
  await page.keyboard.press('0');
  await waitIdle(page);
  expect(await page.getByTestId('range-to').inputValue()).toBe(before);
});

test('the memcg-only trace shows its memcg and throttling rows, equal to the command line JSON, uncoloured where nothing changed', async ({ page }) => {
  const [cli] = cliJson([FILES[0]]) as unknown as { extra: Record<string, unknown> & { throttledByReason: Record<string, { events: number; ms: number }> } }[];
  await load(page, 1400, [FILES[0], FILES[1]]);
  // baseline: the memcg trace (first loaded)
  const memcg = await rowTexts(page, 'extra-table', 'memcgReclaims');
  expect(Number(memcg[0])).toBe(cli.extra.memcgReclaims);
  expect(Number((await rowTexts(page, 'extra-table', 'memcgStallMs'))[0])).toBeCloseTo(cli.extra.memcgStallMs as number, 2);
  expect(Number((await rowTexts(page, 'extra-table', 'memcgPagesReclaimed'))[0])).toBe(cli.extra.memcgPagesReclaimed);
  for (const [reason, r] of Object.entries(cli.extra.throttledByReason)) {
    expect(Number((await rowTexts(page, 'extra-table', `throttled:${reason}`))[0])).toBe(r.events);
    expect(Number((await rowTexts(page, 'extra-table', `throttledMs:${reason}`))[0])).toBeCloseTo(r.ms, 2);
  }
  // a value over the memcg trace's zero baseline reads "new", never "n/a"
  const reclaims = await rowTexts(page, 'summary-table', 'directReclaims');
  expect(reclaims[1]).toContain('(new)');
  await expect(page.getByTestId('summary-table')).not.toContainText('n/a');
  // pages scanned and reclaimed are neutral: never coloured
  for (const key of ['directPagesScanned', 'kswapdPagesReclaimed', 'memcgPagesReclaimed'])
    await expect(page.locator(`tr[data-key="${key}"] td.better, tr[data-key="${key}"] td.worse`)).toHaveCount(0);
  // rows that are zero in both fold into one line that opens them
  const fold = page.getByTestId('summary-table-fold');
  await expect(fold).toContainText(/\d+ rows are zero in every variant/);
  const hidden = await page.locator('[data-testid=summary-table] tr[data-zero=yes]').count();
  expect(hidden).toBeGreaterThan(1);
  await expect(page.locator('[data-testid=summary-table] tr[data-zero=yes]').first()).toBeHidden();
  await fold.click();
  await expect(page.locator('[data-testid=summary-table] tr[data-zero=yes]').first()).toBeVisible();
});

test('traces of begin and end lines only (as posted to linux-mm in 2016) show the pages direct reclaim reports at its end, per episode too', async ({ page }) => {
  const files = ['fixtures/edge/begin-end-only-before.txt', 'fixtures/edge/begin-end-only-after.txt'];
  // the reference: nr_reclaimed of each direct_reclaim_end line, read from the files here
  const ends = files.map((f) => [...readFileSync(`${ROOT}${f}`, 'utf8').matchAll(/mm_vmscan_direct_reclaim_end: nr_reclaimed=(\d+)/g)].map((m) => Number(m[1])));
  expect(ends.map((e) => e.length)).toEqual([11, 3]);
  await load(page, 1400, files);
  expect((await rowTexts(page, 'summary-table', 'directReclaims')).map((t) => Number(t.split(/\s/)[0]))).toEqual([11, 3]);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const num = (t: string) => Number(t.split(/\s/)[0].replace(/,/g, ''));
  expect((await rowTexts(page, 'extra-table', 'directReclaimedByEnd')).map(num)).toEqual(ends.map(sum));
  expect((await rowTexts(page, 'extra-table', 'directReclaimedPerEpisodeMax')).map(num)).toEqual(ends.map((e) => Math.max(...e)));
  const mean = (await rowTexts(page, 'extra-table', 'directReclaimedPerEpisodeMean')).map(num);
  ends.forEach((e, i) => expect(mean[i]).toBeCloseTo(sum(e) / e.length, 1));
  // the script's own rows count pages from shrink events, which these traces lack: zero, folded away
  await expect(page.locator('[data-testid=summary-table] tr[data-key="directPagesReclaimed"]')).toHaveAttribute('data-zero', 'yes');
});

test('a range outside a trace says "not traced in this range", uncoloured, and the Time block follows the range', async ({ page }) => {
  await load(page, 1400);
  await zoomTo(page, '10', '20');
  await page.getByLabel('only the visible range').check();
  await waitIdle(page);
  const reclaims = await rowTexts(page, 'summary-table', 'directReclaims');
  expect(reclaims[0]).toBe('not traced in this range'); // memcg trace: 2.0 s long
  expect(await page.locator('[data-testid=summary-table] td.better').filter({ hasText: 'not traced' }).count()).toBe(0);
  const time = await page.getByTestId('time-shares').locator('tr').nth(1).locator('td').allTextContents();
  expect(time[0]).toBe('not traced in this range');
  expect(Number(time[1])).toBeCloseTo(3.53, 1); // highalloc: 13.535 s long, so 10 .. 13.535
  expect(Number(time[2])).toBeCloseTo(10, 2); // pressure: 44 s, wholly covers 10 .. 20
});

test('a shared snapshot zoomed below its resolution shows only the buckets it holds, and says so', async ({ page, browser }) => {
  await load(page, 1400, [FILES[1]]); // highalloc, 13.5 s: the link holds 50 ms buckets of the whole trace
  await expect(page.getByTestId('chart-stall').locator('.chart-sub')).toContainText('50.00 ms buckets');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByTestId('share-link')).toHaveValue(/#v=4&.*s=/);
  const url = await page.getByTestId('share-link').inputValue();
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const other = await ctx.newPage();
  await other.goto(url);
  await waitIdle(other);
  await zoomTo(other, '5', '6'); // the app would ask for 5 ms buckets here
  const sub = other.getByTestId('chart-stall').locator('.chart-sub');
  await expect(sub).toContainText('50.00 ms buckets, the finest this snapshot holds');
  await expect(sub).not.toContainText('5.00 ms buckets');
  // the line has a step at most every 50 ms: 20 buckets across 1 s, so at most ~21 distinct edges
  const rows = await other.getByTestId('chart-stall').locator('.recharts-line-curve').first().getAttribute('d');
  const vertices = (rows ?? '').split(/[ML]/).filter((p) => p.trim()).length;
  expect(vertices).toBeLessThanOrEqual(2 * 23);
  await ctx.close();
});

test('a shared snapshot zoomed where it holds no episode bars says so, not "zoom in"', async ({ page, browser }) => {
  // the mixed sample has 1,011 direct reclaims: the whole-trace view shared holds no bars (over 400)
  await load(page, 1400, ['public/samples/mixed-baseline.txt.gz']);
  await expect(page.getByTestId('episodes-note')).toContainText('Zoom in to fewer than 400');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const url = await page.getByTestId('share-link').inputValue();
  await zoomTo(page, '13.25', '14.5');
  // with the trace itself, this range draws its episodes
  await expect(page.getByTestId('episodes-note')).toHaveCount(0);
  await expect(page.getByRole('img', { name: /Direct reclaim episodes per process/ })).toBeVisible();
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const other = await ctx.newPage();
  await other.goto(url);
  await waitIdle(other);
  await zoomTo(other, '13.25', '14.5');
  await expect(other.getByTestId('episodes-note')).toContainText('mixed-baseline: this shared view holds episode bars only for the ranges it was shared with');
  await expect(other.getByTestId('episodes-note')).not.toContainText('Zoom in');
  await ctx.close();
});

test('a chart with nothing to draw for any variant says why in its place, with no empty axis', async ({ page }) => {
  await load(page, 1400, [FILES[0]]); // the memcg-only trace: no direct reclaim at all
  await expect(page.getByTestId('chart-stall-empty')).toContainText('no variant has any direct reclaim stall');
  await expect(page.getByTestId('chart-stall').locator('.recharts-yAxis')).toHaveCount(0);
  await expect(page.getByTestId('chart-compaction').locator('.recharts-yAxis').first()).toBeVisible(); // memcg reclaim is drawn
});
