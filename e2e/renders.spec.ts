// Renders per interaction: each chart counts its renders in `data-renders`
// (TimeChart's useRenderCount). Loading draws each chart at most once per
// trace that turns ready; typing in the process filter redraws no chart; one
// zoom redraws each chart once, when the workers' series for it arrive (the
// charts keep the span they were drawn for until then). Before the charts'
// props were memoised: 4 renders each after loading, 1-3 per zoom.

import { expect, test, type Page } from '@playwright/test';
import { waitIdle } from './helpers.ts';

const CHARTS = ['stall', 'stalled-procs', 'kswapd', 'writeback', 'scan', 'compaction'];

async function renders(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const id of CHARTS) {
    const el = page.getByTestId(`chart-${id}`);
    if ((await el.count()) === 1) out[id] = Number(await el.getAttribute('data-renders'));
  }
  return out;
}

function added(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - (before[k] ?? 0)]));
}

test('loading draws each chart once per trace, a filter keystroke redraws no chart, and a zoom redraws each chart once', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Load sample comparison' }).click();
  await waitIdle(page);
  const loaded = await renders(page);
  expect(Object.keys(loaded).length).toBeGreaterThanOrEqual(5);
  for (const [id, n] of Object.entries(loaded)) expect(n, `${id} after loading two traces`).toBeLessThanOrEqual(2);

  const filter = page.getByTestId('process-filter');
  await filter.click();
  await page.keyboard.type('kswa', { delay: 30 });
  await waitIdle(page);
  const typed = added(await renders(page), loaded);
  console.log(`renders after loading: ${JSON.stringify(loaded)}; added by 4 keystrokes: ${JSON.stringify(typed)}`);

  await filter.fill('');
  await waitIdle(page);
  const before = await renders(page);
  await page.getByTestId('range-from').fill('10');
  await page.getByTestId('range-to').fill('20');
  await page.getByRole('button', { name: 'Go' }).click();
  await waitIdle(page);
  const zoomed = added(await renders(page), before);
  console.log(`added by one typed zoom: ${JSON.stringify(zoomed)}`);

  for (const [id, n] of Object.entries(typed)) expect(n, `${id} after keystrokes`).toBe(0);
  for (const [id, n] of Object.entries(zoomed)) expect(n, `${id} after a zoom`).toBe(1);
});
