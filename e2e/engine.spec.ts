// The whole path in real Chromium: pick a real trace with the file input, the
// worker parses it, the page shows its Summary with the numbers computed
// independently in fixtures/real-6.18/oracle (not our engine's own output).

import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { SUMMARY_ROWS } from '../src/model/summary.ts';
import { expectedSummary, readSummaryTable, ROOT, waitIdle } from './helpers.ts';

test('a trace picked with the file input is parsed in the worker and its Summary shown', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(`${ROOT}fixtures/real-6.18/tracecmd-writeback.report.txt`);
  await expect(page.getByTestId('summary-table')).toBeVisible();
  await waitIdle(page);
  const table = await readSummaryTable(page);
  const expected = expectedSummary('tracecmd-writeback.report.txt');
  const col = table['tracecmd-writeback.report'];
  expect(col).toBeDefined();
  for (const row of SUMMARY_ROWS) expect(col[row.label], row.label).toBeCloseTo(expected[row.key], 6);
  expect(col['Direct reclaims']).toBe(48);
  expect(col['Time stalled direct reclaim']).toBeCloseTo(6.52, 3);
});

test('a trace-cmd trace.dat dropped on the app reports exactly what its trace-cmd report text reports', async ({ page }) => {
  await page.goto('/');
  const b64 = readFileSync(`${ROOT}fixtures/real-6.18/tracecmd-writeback.dat`).toString('base64');
  const dataTransfer = await page.evaluateHandle((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'tracecmd-writeback.dat'));
    return dt;
  }, b64);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await waitIdle(page);
  await expect(page.locator('[data-testid=variant-card][data-status=ready]')).toHaveCount(1);
  await expect(page.getByTestId('variant-card')).toContainText('trace.dat');
  const col = (await readSummaryTable(page))['tracecmd-writeback'];
  const expected = expectedSummary('tracecmd-writeback.report.txt');
  for (const row of SUMMARY_ROWS) expect(col[row.label], row.label).toBeCloseTo(expected[row.key], 6);
  // its parse report speaks of records and events, never "Lines read 0"
  await page.getByRole('button', { name: /Parse report/ }).click();
  await expect(page.getByTestId('parse-report')).toContainText('Events');
  await expect(page.getByTestId('parse-report')).not.toContainText('Lines read');
});
