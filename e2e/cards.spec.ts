// What a card says about its file: both sizes of a compressed trace, the stage
// a load is in (queued, reading, analysing), and that a file with the same
// content as an earlier one is a duplicate, with a way to skip it.

import { expect, test } from '@playwright/test';
import { readFileSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ROOT, tiledTrace, waitIdle } from './helpers.ts';

const WB = 'fixtures/real-6.18/writeback-baseline.txt.gz';
const TMP = `${ROOT}test-results/tmp-cards`;

test.afterAll(() => rmSync(TMP, { recursive: true, force: true }));

test('a compressed trace shows its file size and its uncompressed size', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(`${ROOT}${WB}`);
  await waitIdle(page);
  const text = (await page.getByTestId('run-size').textContent()) ?? '';
  const m = /^([\d.]+) KiB gzip, ([\d.]+) (KiB|MiB) uncompressed · trace_pipe$/.exec(text);
  expect(m, text).not.toBeNull();
  // printed to one decimal: within half of its last digit
  expect(Math.abs(Number(m![1]) - readFileSync(`${ROOT}${WB}`).length / 1024)).toBeLessThanOrEqual(0.05 + 1e-9);
  const plain = gunzipSync(readFileSync(`${ROOT}${WB}`)).length;
  expect(Math.abs(Number(m![2]) - plain / (m![3] === 'MiB' ? 1 << 20 : 1024))).toBeLessThanOrEqual(0.05 + 1e-9);
});

test('the same content dropped again under another name is called a duplicate, and can be skipped or kept', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(`${ROOT}${WB}`);
  await waitIdle(page);
  const copy = { name: 'copy-of-baseline.txt.gz', mimeType: 'application/gzip', buffer: readFileSync(`${ROOT}${WB}`) };
  await page.getByTestId('file-input').setInputFiles(copy);
  await waitIdle(page);
  const notice = page.getByTestId('duplicate');
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText('Same content as writeback-baseline.txt.gz');
  await expect(page.locator('[data-run]', { has: notice })).toContainText('copy-of-baseline.txt.gz');
  await notice.getByRole('button', { name: 'Skip it' }).click();
  await expect(page.getByTestId('run')).toHaveCount(1);
  // dropped once more and kept: both stay, the notice goes
  await page.getByTestId('file-input').setInputFiles(copy);
  await waitIdle(page);
  await page.getByTestId('duplicate').getByRole('button', { name: 'Keep both' }).click();
  await expect(page.getByTestId('duplicate')).toHaveCount(0);
  await expect(page.getByTestId('run')).toHaveCount(2);
  // a different file of the workload is no duplicate
  await page.getByTestId('file-input').setInputFiles(`${ROOT}fixtures/real-6.18/writeback-dirty40.txt.gz`);
  await waitIdle(page);
  await expect(page.getByTestId('duplicate')).toHaveCount(0);
});

test('a large trace shows its stage while it loads: queued, then reading with its speed, then analysing', async ({ page }) => {
  test.setTimeout(180_000);
  const big = tiledTrace(200, TMP);
  await page.goto('/');
  await page.evaluate(() => {
    const w = window as unknown as { stages: string[] };
    w.stages = [];
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid=progress-text]');
      const stage = el?.getAttribute('data-stage');
      if (stage && w.stages.at(-1) !== stage) w.stages.push(stage);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-stage'] });
  });
  await page.getByTestId('file-input').setInputFiles(big);
  await expect(page.getByTestId('progress-text')).toContainText(/reading \d+% · [\d.]+ MB\/s/);
  await expect(page.getByTestId('run')).toHaveAttribute('data-status', 'ready', { timeout: 150_000 });
  const stages = await page.evaluate(() => (window as unknown as { stages: string[] }).stages);
  expect(stages.filter((s) => s !== 'queued')).toEqual(['reading', 'analysing']);
  expect(['queued', 'reading']).toContain(stages[0]);
});
