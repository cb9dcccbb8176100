// The keyboard reaches every part of a loaded comparison in a few Tab presses
// ("Jump to" at the top), and the latency chart adds no unnamed tab stops
// (Recharts' groups stay out of the tab order, as in the time charts): only
// its own named controls.

import { expect, test, type Page } from '@playwright/test';
import { ROOT, waitIdle } from './helpers.ts';

const FILES = ['public/samples/mixed-baseline.txt.gz', 'public/samples/mixed-dirty40.txt.gz', 'fixtures/real-6.18/highalloc-baseline.txt.gz'];

/** Where focus is: the element's accessible text (its label's for a checkbox), the section heading it sits under, and whether it is inside a chart's SVG. */
async function focused(page: Page): Promise<{ text: string; section: string; inLatencyChart: boolean; inSvg: boolean }> {
  return page.evaluate(() => {
    const e = document.activeElement as HTMLElement;
    const section = e.closest('section')?.querySelector('h2')?.textContent ?? '';
    const label = e instanceof HTMLInputElement ? (e.labels?.[0]?.textContent ?? '') : '';
    const text = (e.getAttribute('aria-label') ?? (label || e.textContent) ?? '').trim();
    return { text, section, inLatencyChart: !!e.closest('[data-testid=chart-latency]'), inSvg: !!e.closest('svg') };
  });
}

test('from the top of the page, Jump to reaches the stall list and the process filter in a few Tab presses', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(FILES.map((f) => `${ROOT}${f}`));
  await waitIdle(page);
  await page.locator('body').focus();
  let presses = 0;
  for (;;) {
    await page.keyboard.press('Tab');
    presses++;
    if ((await focused(page)).text === 'Stall periods' || presses > 10) break;
  }
  expect(presses).toBeLessThanOrEqual(6);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  expect((await focused(page)).section).toBe('Stall periods');
  // and the process table's filter: back to the bar, two more buttons along
  await page.getByRole('navigation', { name: 'Jump to a section' }).getByRole('button', { name: 'Processes' }).focus();
  await page.keyboard.press('Enter');
  // the table's switches (group by command, compare variants), then its filter
  const stops = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    stops.push(await focused(page));
  }
  expect(stops.map((f) => f.text)).toEqual(['group by command', 'compare variants', 'Filter processes by name']);
  expect(stops.every((f) => f.section === 'Processes in direct reclaim')).toBe(true);
});

test('the latency histogram adds no tab stop: Tab from the Latency heading passes it on the way to the process filter', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(FILES.map((f) => `${ROOT}${f}`));
  await waitIdle(page);
  await expect(page.getByTestId('chart-latency').locator('svg g').first()).toBeAttached();
  await page.getByRole('navigation', { name: 'Jump to a section' }).getByRole('button', { name: 'Latency' }).click();
  const seen: { text: string; section: string; inLatencyChart: boolean; inSvg: boolean }[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    seen.push(f);
    if (f.section === 'Processes in direct reclaim') break;
  }
  // the chart's own controls (histogram or CDF, log y, SVG and PNG) are named stops; nothing inside the plot takes focus
  expect(seen.filter((f) => f.inLatencyChart).map((f) => f.text)).toEqual(['Histogram', 'CDF', 'log y', 'Save the latency chart as SVG', 'Save the latency chart as PNG']);
  expect(seen.filter((f) => f.inSvg || f.text === '')).toEqual([]);
  expect(seen.at(-1)).toMatchObject({ text: 'group by command' });
});
