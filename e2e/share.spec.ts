// Sharing without a server and without the traces: a link that opens the same
// comparison in a fresh browser with no files, a comparison file that
// round-trips, a URL that restores the view, and untrusted input that is
// refused or shown as text, never executed.

import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { loadFiles, readSummaryTable, ROOT, waitIdle, zoomTo } from './helpers.ts';

const FILES = ['public/samples/mixed-baseline.txt.gz', 'public/samples/mixed-dirty40.txt.gz', 'fixtures/real-6.18/highalloc-baseline.txt.gz'];

async function loadThree(page: Page): Promise<void> {
  await loadFiles(page, FILES);
}

async function range(page: Page): Promise<string[]> {
  return [await page.getByTestId('range-from').inputValue(), await page.getByTestId('range-to').inputValue()];
}

async function shareUrl(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const field = page.getByTestId('share-link');
  await expect(field).toHaveValue(/#v=4&.*s=/);
  return field.inputValue();
}

test('the share link opens the same comparison, zoom included, in a fresh browser with no files', async ({ page, browser }) => {
  await loadThree(page);
  await zoomTo(page, '12', '24');
  await page.getByLabel('only the visible range').check();
  await waitIdle(page);
  const table = await readSummaryTable(page);
  const url = await shareUrl(page);
  expect(url.length).toBeLessThan(32 * 1024);

  const fresh = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(other.getByTestId('read-only')).toContainText('Read-only snapshot');
  await waitIdle(other);
  expect(await readSummaryTable(other)).toEqual(table);
  expect(await range(other)).toEqual(await range(page));
  await expect(other.getByTestId('chart-stall').locator('.recharts-line-curve')).toHaveCount(3);
  await fresh.close();
});

test('a comparison file exported and dropped again opens the same comparison', async ({ page, browser }) => {
  await loadThree(page);
  const table = await readSummaryTable(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export comparison file' }).click();
  const file = await (await download).path();
  expect((await (await download).suggestedFilename()).endsWith('.reclaimscope.json.gz')).toBe(true);
  const bytes = readFileSync(file);
  expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);

  const fresh = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const other = await fresh.newPage();
  await other.goto('/');
  await other.getByTestId('file-input').setInputFiles({ name: 'shared.reclaimscope.json.gz', mimeType: 'application/gzip', buffer: bytes });
  await expect(other.getByTestId('read-only')).toBeVisible();
  await waitIdle(other);
  expect(await readSummaryTable(other)).toEqual(table);
  await fresh.close();
});

test('a tampered link shows an error and nothing else happens', async ({ page, browser }) => {
  await loadThree(page);
  const url = await shareUrl(page);
  const i = url.indexOf('s=') + 200;
  const tampered = url.slice(0, i) + (url[i] === 'A' ? 'B' : 'A') + url.slice(i + 1);
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const errors: string[] = [];
  other.on('pageerror', (e) => errors.push(e.message));
  await other.goto(tampered);
  await expect(other.getByTestId('share-error')).toContainText('This link cannot be opened');
  await expect(other.getByTestId('variant-card')).toHaveCount(0);
  await expect(other.getByTestId('summary-table')).toHaveCount(0);
  await other.goto('/#v=2&vs=x~0123456789abcdef&evil=%3Cscript%3E');
  await expect(other.getByTestId('share-error')).toContainText('unknown field "evil"');
  expect(errors).toEqual([]);
  await fresh.close();
});

test('the URL restores the view: reload, drop the same files, back and forward through zooms', async ({ page }) => {
  await loadThree(page);
  await page.getByTestId('variant-card').nth(2).getByRole('radio').check();
  await page.getByLabel('Name of variant 1').fill('before');
  await zoomTo(page, '10', '30');
  await zoomTo(page, '12', '14');
  const url = page.url();
  expect(url).toMatch(/#v=4&vs=before~[0-9a-f]{16},mixed-dirty40~[0-9a-f]{16},highalloc-baseline~[0-9a-f]{16}&b=2&r=12000000,14000000/);

  await page.goBack();
  await waitIdle(page);
  expect(await range(page)).toEqual(['10.00', '30.00']);
  await page.goForward();
  await waitIdle(page);
  expect(await range(page)).toEqual(['12.000', '14.000']);

  await page.reload();
  await expect(page.getByTestId('waiting-for-traces')).toContainText('before');
  // the same files in another order and under other names restore names, order and baseline
  await page.getByTestId('file-input').setInputFiles([...FILES].reverse().map((f) => ({ name: `copy-${f.replace(/^.*\//, '')}`, mimeType: 'application/gzip', buffer: readFileSync(`${ROOT}${f}`) })));
  await waitIdle(page);
  await expect(page.getByTestId('waiting-for-traces')).toHaveCount(0);
  const names = await page.locator('[data-testid=summary-table] thead th').allTextContents();
  expect(names.slice(1)).toEqual(['before', 'mixed-dirty40', 'highalloc-baseline']);
  await expect(page.locator('[data-testid=summary-table] thead th[data-baseline]')).toHaveText('highalloc-baseline');
  expect(await range(page)).toEqual(['12.000', '14.000']);
});

test('process names with markup show as text everywhere, exports and shared links included', async ({ page, browser, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const hostile = '<img src=x onerror=window.__xss=1>';
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(`${ROOT}fixtures/edge/hostile-comm.txt`);
  await waitIdle(page);
  await page.getByLabel('Name of variant 1').fill(hostile);
  await waitIdle(page);
  await expect(page.getByTestId('process-table')).toContainText(`${hostile}-4242`);
  await page.getByRole('button', { name: /Parse report/ }).click();
  await expect(page.getByTestId('parse-report')).toContainText('<script>window.__xss=2</script>');
  await page.getByRole('button', { name: 'Close parse report' }).click();
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('main img').count()).toBe(0);

  await page.getByRole('button', { name: 'Markdown', exact: true }).click();
  const md = await page.evaluate(() => navigator.clipboard.readText());
  expect(md).toContain('&lt;img src=x onerror=window.\\_\\_xss=1&gt;');
  expect(md).not.toContain('<img');

  const svgDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save the Direct reclaim stall chart as SVG' }).click();
  const svg = readFileSync(await (await svgDownload).path(), 'utf8');
  expect(svg).toContain('&lt;img src=x onerror=window.__xss=1&gt;');
  expect(svg).not.toContain('<img');

  const url = await shareUrl(page);
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  await waitIdle(other);
  await expect(other.locator('[data-testid=summary-table] thead th').nth(1)).toHaveText(hostile);
  await expect(other.getByTestId('process-table')).toContainText(`${hostile}-4242`);
  expect(await other.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await other.locator('main img').count()).toBe(0);
  await fresh.close();
});
