// What links carry and where they stop: the CPU seconds typed for a variant
// (they live only in the link, not in the traces) come back when the same
// files are dropped after a reload; a view too big for a link says by how much
// and its comparison file opens the same table.

import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ROOT, waitIdle } from './helpers.ts';

const FILES = ['fixtures/real-6.18/writeback-baseline.txt.gz', 'fixtures/real-6.18/writeback-dirty40.txt.gz'];

test('CPU seconds typed for a variant come back from the URL when the same files are dropped again', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(FILES.map((f) => `${ROOT}${f}`));
  await waitIdle(page);
  const cpu = page.getByRole('textbox', { name: 'User plus system CPU seconds for writeback-dirty40' });
  await cpu.fill('42.5');
  await expect(page).toHaveURL(/vs=writeback-baseline~[0-9a-f]{16},writeback-dirty40~[0-9a-f]{16}~42\.5(&|$)/);
  // the reference: kswapd awake time of that trace (expected.json) over the typed seconds
  const expected = JSON.parse(readFileSync(`${ROOT}fixtures/real-6.18/oracle/writeback-dirty40.expected.json`, 'utf8')) as { summary: Record<string, number> }[];
  const awakePct = ((expected[0].summary.kswapdAwakeMs / 1000 / 42.5) * 100).toFixed(2);
  const kswapdRow = page.locator('tr', { hasText: 'Percentage time kswapd awake (of User+Sys)' }).locator('td');
  await expect(kswapdRow.nth(1)).toContainText(awakePct);

  await page.reload();
  await expect(page.getByTestId('waiting-for-traces')).toContainText('writeback-dirty40');
  await page.getByTestId('file-input').setInputFiles(FILES.map((f) => `${ROOT}${f}`));
  await waitIdle(page);
  await expect(page.getByTestId('waiting-for-traces')).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'User plus system CPU seconds for writeback-dirty40' })).toHaveValue('42.5');
  await expect(page.getByRole('textbox', { name: 'User plus system CPU seconds for writeback-baseline' })).toHaveValue('');
  await expect(kswapdRow.nth(1)).toContainText(awakePct);
  await expect(kswapdRow.nth(0)).toHaveText('—');
  await expect(page).toHaveURL(/writeback-dirty40~[0-9a-f]{16}~42\.5(&|$)/);
});

test('a view too big for a link says by how much, offers no link, and its comparison file opens the same table', async ({ page, browser }) => {
  // nine real traces: the snapshot of their series, stall lists and latencies is over 32 KB compressed
  const nine = [
    'public/samples/mixed-baseline.txt.gz',
    'public/samples/mixed-dirty40.txt.gz',
    'fixtures/real-6.18/highalloc-baseline.txt.gz',
    'fixtures/real-6.18/highalloc-dirty40.txt.gz',
    'fixtures/real-6.18/writeback-baseline.txt.gz',
    'fixtures/real-6.18/writeback-dirty40.txt.gz',
    'fixtures/real-6.18/pressure-baseline.txt',
    'fixtures/real-6.18/pressure-dirty40.txt.gz',
    'fixtures/real-6.18/memcg-256m.trace.txt.gz',
  ];
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(nine.map((f) => `${ROOT}${f}`));
  await waitIdle(page);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const tooBig = page.getByTestId('share-too-big');
  await expect(tooBig).toContainText(/This view does not fit in a link \(\d+\.\d KB, more than 32 KB\)/);
  const kb = Number(/\((\d+\.\d) KB/.exec((await tooBig.textContent()) ?? '')![1]);
  expect(kb).toBeGreaterThan(32);
  await expect(page.getByTestId('share-link')).toHaveCount(0);
  // the way out it names works: the comparison file reopens the same Summary
  const before = (await page.locator('[data-testid=summary-table] tbody').textContent()) ?? '';
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export comparison file' }).click()]);
  const path = await download.path();
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const other = await ctx.newPage();
  await other.goto('/');
  await other.getByTestId('file-input').setInputFiles(path);
  await waitIdle(other);
  await expect(other.locator('[data-testid=summary-table] tbody')).toHaveText(before);
  await ctx.close();
});
