// Any view the app can show, it can share and reopen: three real traces of
// different lengths (2.0 s, 13.5 s, 44.1 s), zoomed to ranges before, across,
// after and inside each of them, shared as a link and exported as a comparison
// file, both opened in a fresh browser with no files and compared.

import { expect, test, type Browser } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { readSummaryTable, ROOT, waitIdle, zoomTo } from './helpers.ts';

const FILES = ['fixtures/real-6.18/memcg-256m.trace.txt.gz', 'fixtures/real-6.18/highalloc-baseline.txt.gz', 'fixtures/real-6.18/pressure-baseline.txt'];

/** [from, to] in seconds and where it lies against the 2.0 s, 13.5 s and 44.1 s traces. */
const RANGES: [string, string, string][] = [
  ['-4', '-1', 'before all three'],
  ['1', '5', 'across the end of the shortest, inside the others'],
  ['10', '20', 'after the shortest, across the end of the middle one, inside the longest'],
  ['50', '60', 'after all three'],
  ['0.5', '1.5', 'inside all three'],
];

async function openFresh(browser: Browser, how: { url?: string; file?: Buffer }) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (how.url) await page.goto(how.url);
  else {
    await page.goto('/');
    await page.getByTestId('file-input').setInputFiles({ name: 'shared.reclaimscope.json.gz', mimeType: 'application/gzip', buffer: how.file! });
  }
  await expect(page.getByTestId('share-error')).toHaveCount(0);
  await expect(page.getByTestId('read-only')).toBeVisible();
  await waitIdle(page);
  return { ctx, page, errors };
}

for (const [from, to, where] of RANGES)
  test(`a view of ${from} s to ${to} s (${where}) shares and exports, and both reopen with the same table`, async ({ page, browser }) => {
    await page.goto('/');
    await page.getByTestId('file-input').setInputFiles(FILES.map((f) => `${ROOT}${f}`));
    await waitIdle(page);
    await expect(page.locator('[data-testid=variant-card][data-status=ready]')).toHaveCount(3);
    await zoomTo(page, from, to);
    await page.getByLabel('only the visible range').check();
    await waitIdle(page);
    const table = await readSummaryTable(page);
    const shares = await page.getByTestId('time-shares').innerText();

    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const field = page.getByTestId('share-link');
    await expect(field).toHaveValue(/#v=4&.*s=/);
    const url = await field.inputValue();
    const viaLink = await openFresh(browser, { url });
    expect(await readSummaryTable(viaLink.page)).toEqual(table);
    expect(await viaLink.page.getByTestId('time-shares').innerText()).toBe(shares);
    expect(viaLink.errors).toEqual([]);
    await viaLink.ctx.close();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export comparison file' }).click();
    const bytes = readFileSync(await (await download).path());
    const viaFile = await openFresh(browser, { file: bytes });
    expect(await readSummaryTable(viaFile.page)).toEqual(table);
    expect(viaFile.errors).toEqual([]);
    await viaFile.ctx.close();
  });
