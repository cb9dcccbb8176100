// The first screen teaches capture (a "Capture a trace" panel whose command
// blocks copy exactly and never wrap mid-command), and a trace from
// `reclaimscope record` shows its recorded settings on its card, feeds its
// CPU time to the "% of User+Sys" rows and names them in the copied text table.
// Screenshots of the first screen at 1280 and 1600 px: test-results/screenshots.

import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expectedSummary, ROOT, waitIdle } from './helpers.ts';

const OUT = `${ROOT}test-results/screenshots`;

/** For each command block: its lines, and how many lines it takes on screen. */
async function blockLayout(page: Page) {
  return page.locator('.capture-code').evaluateAll((pres) =>
    pres.map((pre) => {
      const code = pre.querySelector('code')!;
      const range = document.createRange();
      range.selectNodeContents(code);
      // one client rect per rendered line box of the text
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      return {
        lines: code.textContent!.split('\n').length,
        rendered: tops.size,
        hiddenPx: pre.scrollWidth - pre.clientWidth,
        whiteSpace: getComputedStyle(pre).whiteSpace,
      };
    }),
  );
}

for (const width of [1280, 1600]) {
  test(`the first screen at ${width} px has a Capture a trace panel whose commands never wrap`, async ({ page }) => {
    await page.setViewportSize({ width, height: 1100 });
    await page.goto('/');
    const panel = page.getByTestId('capture-panel');
    await expect(panel.getByRole('heading', { name: 'Capture a trace' })).toBeVisible();
    for (const id of ['record', 'tracefs', 'trace-cmd', 'perf']) await expect(page.getByTestId(`capture-${id}`).getByRole('button', { name: /^Copy the / })).toBeVisible();
    await expect(page.getByTestId('capture-record')).toContainText('sudo npx reclaimscope record -o base-run1.txt.gz');
    await expect(page.getByTestId('capture-tracefs')).toContainText('echo 65536 > buffer_size_kb');
    await expect(page.getByTestId('capture-tracefs')).toContainText('echo 1 > events/compaction/enable');
    await expect(page.getByTestId('capture-tracefs')).toContainText('cat trace_pipe');
    await expect(page.getByTestId('capture-trace-cmd')).toContainText('trace-cmd record -b 65536 -e vmscan -e compaction');
    await expect(page.getByTestId('capture-perf')).toContainText("perf record -a -e 'vmscan:*'");
    await expect(page.getByTestId('capture-perf')).toContainText('perf script');
    await expect(panel).toContainText('Lost events.');
    await expect(panel).toContainText('One run per setting, several runs each.');
    for (const b of await blockLayout(page)) {
      expect(b.whiteSpace).toBe('pre');
      expect(b.rendered, 'each command line is one line on screen').toBe(b.lines);
      expect(b.hiddenPx, 'nothing hidden behind a scroll bar').toBeLessThanOrEqual(0);
    }
    await page.screenshot({ path: `${OUT}/first-screen-${width}.png`, fullPage: true });
  });
}

test('each Copy button copies its block exactly', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  for (const id of ['record', 'tracefs', 'trace-cmd', 'perf']) {
    const block = page.getByTestId(`capture-${id}`);
    await block.getByRole('button', { name: /^Copy the / }).click();
    await expect(block.getByRole('button', { name: /^Copy the / })).toHaveText('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await block.locator('.capture-code code').textContent());
  }
});

test('the Help says what each tracepoint feeds', async ({ page }) => {
  await page.goto('/');
  await page.getByText('Help: what the numbers mean').click();
  const table = page.getByTestId('tracepoint-table');
  await expect(table.getByRole('row', { name: /mm_vmscan_direct_reclaim_begin/ })).toContainText('time stalled in direct reclaim');
  await expect(table.getByRole('row', { name: /mm_vmscan_kswapd_wake/ })).toContainText('time kswapd awake');
  await expect(table.getByRole('row', { name: /mm_vmscan_write_folio/ })).toContainText('mm_vmscan_writepage');
  await expect(table.getByRole('row', { name: /mm_compaction_begin/ })).toContainText('Compaction episodes');
});

test('a recorded trace shows its settings on the card, fills the User+Sys rows and names them in the text table', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // A real trace with direct reclaim stalls, given the header lines record writes (CPU time 12.5 + 7.5 s).
  const events = gunzipSync(readFileSync(`${ROOT}public/samples/mixed-baseline.txt.gz`)).toString('utf8');
  const header = [
    '# reclaimscope-record version = 1',
    '# reclaimscope-record kernel = "6.18.44-fc-v782"',
    '# reclaimscope-record sysctl.vm.dirty_ratio = "20"',
    '# reclaimscope-record sysctl.vm.swappiness = "60"',
    '# reclaimscope-record command = "./mixed.sh --seconds 90"',
    '',
  ].join('\n');
  const closing = [
    '# reclaimscope-record userSeconds = 12.5',
    '# reclaimscope-record systemSeconds = 7.5',
    '# reclaimscope-record exitStatus = 0',
    '# reclaimscope-record lostEventsByCpu = {"0":0,"1":0}',
    '# reclaimscope-record complete = true',
    '',
  ].join('\n');
  const summary = expectedSummary('public/samples/mixed-baseline.txt.gz');

  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles({ name: 'recorded.txt', mimeType: 'text/plain', buffer: Buffer.from(header + events + closing) });
  await waitIdle(page);
  const card = page.getByTestId('variant-card');
  const facts = card.getByTestId('recorded');
  await expect(facts).toContainText('kernel6.18.44-fc-v782');
  await expect(facts).toContainText('sysctldirty_ratio=20 swappiness=60');
  await expect(facts).toContainText('command./mixed.sh --seconds 90');
  await expect(facts).toContainText('cpu time12.50 s user + 7.50 s sys');
  await expect(facts).toContainText('exit status0');
  await expect(facts).toContainText('lost events0');
  await card.screenshot({ path: `${OUT}/recorded-card.png` });

  const cpu = page.getByRole('textbox', { name: /User plus system CPU seconds/ });
  await expect(cpu).toHaveValue('20');
  await expect(cpu).toHaveAttribute('data-source', 'recorded');
  const stallS = summary.directStallMs / 1000;
  const row = page.getByRole('row', { name: /Percentage time spent in direct reclaim \(of User\+Sys\+Stall\)/ });
  await expect(row.locator('td')).toHaveText(`${((stallS / (20 + stallS)) * 100).toFixed(2)}%`);
  const kswapd = page.getByRole('row', { name: /Percentage time kswapd awake \(of User\+Sys\)/ });
  await expect(kswapd.locator('td')).toHaveText(`${((summary.kswapdAwakeMs / 1000 / 20) * 100).toFixed(2)}%`);

  await page.getByRole('group', { name: 'Copy the comparison table' }).getByRole('button', { name: 'text' }).click();
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text.split('\n').slice(0, 3)).toEqual([
    'Recorded with reclaimscope record:',
    '  recorded: kernel 6.18.44-fc-v782; sysctl dirty_ratio=20 swappiness=60; command ./mixed.sh --seconds 90; cpu time 12.50 s user + 7.50 s sys; exit status 0; lost events 0',
    '',
  ]);
  // then the comparison's own header (issue 11: variants, their files, the convention), then the table
  const lines = text.split('\n');
  expect(lines[3]).toBe('reclaimscope comparison of 1 variant, baseline recorded');
  expect(lines[4]).toBe('recorded: 1 run: recorded.txt (trace_pipe)');
  expect(lines.find((l) => l.startsWith('FTrace Reclaim Statistics'))).toMatch(/^FTrace Reclaim Statistics +recorded$/);
});
