// Pictures of what users see, for people to look at (test-results/screenshots):
// the full dashboard with three variants, and a zoomed stall period. The test
// checks what a picture cannot prove on its own: every chart has a title, axis
// labels with units and a legend naming each variant, and no text overlaps.

import { expect, test } from '@playwright/test';
import { ROOT, waitIdle } from './helpers.ts';

const FILES = ['public/samples/mixed-baseline.txt.gz', 'public/samples/mixed-dirty40.txt.gz', 'fixtures/real-6.18/highalloc-baseline.txt.gz'];
const OUT = `${ROOT}test-results/screenshots`;

test('the full dashboard with three variants is labelled and readable', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(FILES.map((f) => `${ROOT}${f}`));
  await waitIdle(page);
  await expect(page.locator('[data-testid=variant-card][data-status=ready]')).toHaveCount(3);
  await page.screenshot({ path: `${OUT}/dashboard-3-variants.png`, fullPage: true });

  const names = ['mixed-baseline', 'mixed-dirty40', 'highalloc-baseline'];
  for (const id of ['stall', 'stalled-procs', 'kswapd', 'writeback', 'scan', 'compaction']) {
    const chart = page.getByTestId(`chart-${id}`);
    await expect(chart.locator('.chart-title')).not.toBeEmpty();
    const axisLabels = await chart.locator('.recharts-label').allTextContents();
    expect(axisLabels.length, `${id} axis labels`).toBeGreaterThanOrEqual(2);
    expect(axisLabels.join(' '), `${id} x axis`).toContain('seconds');
    const legend = (await chart.locator('.legend').textContent()) ?? '';
    for (const n of names) expect(legend, `${id} legend`).toContain(n);
    await expect(chart.locator('.chart-sub')).toContainText(/ms|pages|processes/);
  }
  // tick labels of an axis never overlap each other
  const overlaps = await page.evaluate(() => {
    const bad: string[] = [];
    for (const axis of document.querySelectorAll('.recharts-cartesian-axis')) {
      const boxes = [...axis.querySelectorAll('.recharts-cartesian-axis-tick-value')].map((t) => t.getBoundingClientRect());
      for (let i = 1; i < boxes.length; i++) {
        const a = boxes[i - 1];
        const b = boxes[i];
        const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
        if (overlap) bad.push(axis.closest('[data-testid]')?.getAttribute('data-testid') ?? '?');
      }
    }
    return bad;
  });
  expect(overlaps).toEqual([]);
  // the three variants are drawn in three different colours
  const strokes = await page
    .getByTestId('chart-stall')
    .locator('.recharts-line-curve')
    .evaluateAll((paths) => paths.map((p) => p.getAttribute('stroke')));
  expect(new Set(strokes).size).toBe(3);
});

test('a zoomed stall period shows each episode as a bar', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(FILES.slice(0, 2).map((f) => `${ROOT}${f}`));
  await waitIdle(page);
  await page.getByTestId('stall-row').first().getByRole('button', { name: /^Zoom to / }).click();
  await waitIdle(page);
  await expect(page.getByTestId('chart-episodes').locator('rect[data-episode]').first()).toBeVisible();
  await page.getByTestId('chart-stall').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/zoomed-stall-period.png`, fullPage: true });
});
