// The Time block as a reader sees it, against references computed here from
// the files themselves: traced time from the first and last timestamps of the
// trace's lines, the shares from expected.json's stall and awake times (the
// independently computed Summary), never from our own engine's JSON.

import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expectedSummary, ROOT, waitIdle } from './helpers.ts';

const FILES = ['fixtures/real-6.18/writeback-baseline.txt.gz', 'fixtures/real-6.18/highalloc-dirty40.txt.gz'];

/** Seconds from the first to the last event line's timestamp. */
function tracedSeconds(file: string): number {
  const text = gunzipSync(readFileSync(`${ROOT}${file}`)).toString('latin1');
  const ts = [...text.matchAll(/^\s*.+?\s+\[\d+\].*?\s(\d+\.\d+): [a-z_]+:/gm)].map((m) => Number(m[1]));
  return Math.max(...ts) - Math.min(...ts);
}

test('the Time block shows traced time and the stall and kswapd shares of it that the files and expected.json give', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(FILES.map((f) => `${ROOT}${f}`));
  await waitIdle(page);
  const row = (label: string) => page.getByTestId('time-shares').locator('tr', { hasText: label }).locator('td');
  for (const [i, file] of FILES.entries()) {
    const seconds = tracedSeconds(file);
    const expected = expectedSummary(file);
    await expect(row('Total traced time').nth(i)).toHaveText(seconds.toFixed(2));
    const stallPct = ((expected.directStallMs / (seconds * 1000)) * 100).toFixed(2);
    const awakePct = ((expected.kswapdAwakeMs / (seconds * 1000)) * 100).toFixed(2);
    await expect(row('Percentage time stalled in direct reclaim (of traced time)').nth(i)).toHaveText(`${stallPct}%`);
    await expect(row('Percentage time kswapd awake (of traced time)').nth(i)).toHaveText(`${awakePct}%`);
  }
});
