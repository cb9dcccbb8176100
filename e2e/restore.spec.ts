// What a URL restores when the same files are dropped again after a reload:
// the CPU seconds typed for each variant (they live only in the link, not in
// the traces), in the input, in the Time rows computed from them and in the
// link made after the restore.

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
