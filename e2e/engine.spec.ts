// The whole path in real Chromium: pick a real trace with the file input, the
// worker parses it, the page shows its Summary with the command line's numbers.

import { expect, test } from '@playwright/test';
import { SUMMARY_ROWS } from '../src/model/summary.ts';
import { cliJson, readSummaryTable, ROOT, waitIdle } from './helpers.ts';

test('a trace picked with the file input is parsed in the worker and its Summary shown', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(`${ROOT}fixtures/real-6.18/tracecmd-writeback.report.txt`);
  await expect(page.getByTestId('summary-table')).toBeVisible();
  await waitIdle(page);
  const table = await readSummaryTable(page);
  const [cli] = cliJson(['fixtures/real-6.18/tracecmd-writeback.report.txt']);
  const col = table['tracecmd-writeback.report'];
  expect(col).toBeDefined();
  for (const row of SUMMARY_ROWS) expect(col[row.label], row.label).toBeCloseTo(cli.summary[row.key], 6);
  expect(col['Direct reclaims']).toBe(48);
  expect(col['Time stalled direct reclaim']).toBeCloseTo(6.52, 3);
});
