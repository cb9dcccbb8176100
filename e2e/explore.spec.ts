// The selection as the one lens of the page, down to the raw events, on real
// traces: after a typed zoom the event list holds exactly the trace's event
// lines in [from, to) (counted here from the file), latency and process rows
// equal what the command line's episodes give for that range, an episode bar
// lists exactly its events, group by command equals --ignore-pid, and links
// keep the selected process. Screenshots of each view at 1280 and 1600 px.

import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { KIND_SPECS } from '../src/model/kinds.ts';
import { loadFiles as load, ROOT, waitIdle, zoomTo } from './helpers.ts';

// Real traces on a shared 2-core machine: a test loads, zooms and screenshots several times.
test.describe.configure({ timeout: 360_000 });

const MB = 'public/samples/mixed-baseline.txt.gz';
const MD = 'public/samples/mixed-dirty40.txt.gz';
const OUT = `${ROOT}test-results/screenshots`;
const STORED = new Set(KIND_SPECS.flatMap((s) => s.names));

interface Line {
  pid: number;
  ns: number;
  event: string;
}

/** Event lines of an ftrace text file: pid, timestamp in integer ns, event name. */
function eventLines(file: string): Line[] {
  const text = gunzipSync(readFileSync(`${ROOT}${file}`)).toString('utf8');
  const out: Line[] = [];
  for (const l of text.split('\n')) {
    const m = /^\s*.*?-(\d+)\s+(?:\(\s*[\d-]+\)\s+)?\[\d+\]\s+(?:\S{4,5}\s+)?(\d+)\.(\d+):\s+(?:\w+:)?(\w+):/.exec(l);
    if (m) out.push({ pid: Number(m[1]), ns: Number(m[2]) * 1e9 + Number(m[3].padEnd(9, '0')), event: m[4] });
  }
  return out;
}

interface Ep {
  process: string;
  startNs: number;
  endNs: number;
}

function cliEpisodes(file: string, ignorePid = false): { direct: Ep[]; processes: { process: string; directReclaims: number; stallMs: number }[] } {
  const out = execFileSync('node', ['src/cli/bin.mjs', 'report', '--json', '--episodes', ...(ignorePid ? ['--ignore-pid'] : []), file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const [r] = JSON.parse(out);
  return { direct: r.episodes.direct, processes: r.processes };
}

async function shoot(page: Page, name: string, target?: string, self = false): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  for (const width of [1280, 1600]) {
    await page.setViewportSize({ width, height: 1000 });
    await waitIdle(page);
    if (target) await page.getByTestId(target).first().scrollIntoViewIfNeeded();
    const el = target ? (self ? page.getByTestId(target).first() : page.getByTestId(target).first().locator('xpath=ancestor-or-self::section[1]')) : null;
    if (el) await el.screenshot({ path: `${OUT}/${name}-${width}.png` });
    else await page.screenshot({ path: `${OUT}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1400, height: 900 });
  await waitIdle(page);
}

/** Rows of a virtual table whose first cell is the variant: [variant, name, ...cells]. */
async function tableRows(page: Page, testId: string): Promise<string[][]> {
  return page.getByTestId(testId).locator('.vbody [role=row]').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('[role=cell]')].map((c) => c.textContent!.trim())));
}

test('after a typed zoom every section shows the range: events from the file, latency and processes from the CLI episodes', async ({ page }) => {
  await load(page, [MB, MD]);
  const from = 13.25e9;
  const to = 14.5e9;
  await zoomTo(page, '13.25', '14.5');

  // the event list: every stored event line with a timestamp in [from, to), times from the first event
  const lines = eventLines(MB);
  const first = Math.min(...lines.map((l) => l.ns));
  const inRange = lines.filter((l) => STORED.has(l.event) && l.ns - first >= from && l.ns - first < to);
  expect(inRange.length).toBeGreaterThan(1000);
  await expect(page.getByTestId('event-list')).toHaveAttribute('data-count', String(inRange.length));
  // the other variant's, when picked
  await page.getByRole('group', { name: 'Events of variant' }).getByRole('button', { name: 'mixed-dirty40' }).click();
  await waitIdle(page);
  const linesD = eventLines(MD);
  const firstD = Math.min(...linesD.map((l) => l.ns));
  const inRangeD = linesD.filter((l) => STORED.has(l.event) && l.ns - firstD >= from && l.ns - firstD < to).length;
  await expect(page.getByTestId('event-list')).toHaveAttribute('data-count', String(inRangeD));

  // latency "Episodes": direct episodes that overlap the range, from the CLI's episode list
  for (const [file, name] of [
    [MB, 'mixed-baseline'],
    [MD, 'mixed-dirty40'],
  ]) {
    const eps = cliEpisodes(file).direct.filter((e) => e.startNs < to && e.endNs >= from);
    expect(eps.length).toBeGreaterThan(10);
    const cell = page.locator(`[data-testid=latency-table] tr[data-variant="${name}"][data-order=all] td`).nth(2);
    await expect(cell).toHaveText(String(eps.length));

    // process rows: the processes with an episode overlapping the range, stall time clipped to it
    const want = new Map<string, number>();
    for (const e of eps) want.set(e.process, (want.get(e.process) ?? 0) + Math.min(e.endNs, to) - Math.max(e.startNs, from));
    await page.getByTestId('process-filter').fill(name);
    await waitIdle(page);
    const rows = (await tableRows(page, 'process-table')).filter((r) => r[0] === name);
    expect(rows.map((r) => r[1]).sort()).toEqual([...want.keys()].sort());
    for (const r of rows) expect(Number(r[9]), r[1]).toBeCloseTo(want.get(r[1])! / 1e6, 3);
  }
  await page.getByTestId('process-filter').fill('');
  await expect(page.getByTestId('scope-note').first()).toContainText('Visible range');
  await shoot(page, 'explore-latency-range', 'latency-table');
  await shoot(page, 'explore-processes-range', 'process-table');

  // the one switch: whole-trace figures everywhere
  await page.getByLabel('only the visible range').uncheck();
  await waitIdle(page);
  const all = cliEpisodes(MB).direct.length;
  await expect(page.locator('[data-testid=latency-table] tr[data-variant="mixed-baseline"][data-order=all] td').nth(2)).toHaveText(String(all));
  for (const note of await page.getByTestId('scope-note').all()) await expect(note).toHaveAttribute('data-scope', 'whole');
});

test('clicking an episode bar lists exactly its events, with an account of them', async ({ page }) => {
  await load(page, [MB]);
  await zoomTo(page, '13.25', '13.75');
  const bar = page.getByTestId('chart-episodes').locator('rect[data-episode]').nth(3);
  const startNs = Number(await bar.getAttribute('data-start-ns'));
  const endNs = Number(await bar.getAttribute('data-end-ns'));
  const process = (await bar.getAttribute('data-process'))!;
  const pid = Number(process.replace(/^.*-/, ''));
  await bar.dispatchEvent('click');
  await waitIdle(page);
  const lines = eventLines(MB);
  const first = Math.min(...lines.map((l) => l.ns));
  const its = lines.filter((l) => l.pid === pid && STORED.has(l.event) && l.ns - first >= startNs && l.ns - first <= endNs);
  expect(its[0].event).toBe('mm_vmscan_direct_reclaim_begin');
  expect(its[its.length - 1].event).toBe('mm_vmscan_direct_reclaim_end');
  await expect(page.getByTestId('event-list')).toHaveAttribute('data-count', String(its.length));
  const rows = page.getByTestId('event-row');
  await expect(rows.first()).toContainText('mm_vmscan_direct_reclaim_begin');
  const shown = await rows.evaluateAll((rs) => rs.map((r) => r.children[3].textContent));
  expect(shown).toEqual(its.slice(0, shown.length).map((l) => l.event));
  const account = page.getByTestId('event-account');
  await expect(account).toContainText(`${its.length} events`);
  await expect(account).toContainText('ended:');
  await expect(page.getByTestId('event-selection')).toContainText(`episode of ${process}`);
  await shoot(page, 'explore-episode-events', 'event-list');
  // filters: only the shrink_inactive events of the episode
  await page.getByLabel('Filter events by name').fill('shrink_inactive');
  await waitIdle(page);
  await expect(page.getByTestId('event-list')).toHaveAttribute('data-count', String(its.filter((l) => l.event === 'mm_vmscan_lru_shrink_inactive').length));
});

test('the event list shows, filters and sorts the fields beyond the six slots (lru_shrink_inactive\'s nr_writeback ...)', async ({ page }) => {
  const MEMCG = 'fixtures/real-6.18/memcg-256m.trace.txt.gz';
  await load(page, [MEMCG]);
  const text = gunzipSync(readFileSync(`${ROOT}${MEMCG}`)).toString('utf8');
  const shrink = text.split('\n').filter((l) => l.includes(': mm_vmscan_lru_shrink_inactive: '));
  const wb = shrink.map((l) => Number(/ nr_writeback=(\d+)/.exec(l)![1]));
  await page.getByLabel('Filter events by field value').fill('nr_writeback>0');
  await waitIdle(page);
  await expect(page.getByTestId('event-list')).toHaveAttribute('data-count', String(wb.filter((v) => v > 0).length));
  await page.getByLabel('Sort events by').selectOption('nr_writeback');
  await page.getByLabel('descending').check();
  await waitIdle(page);
  const first = page.getByTestId('event-row').first().locator('[role=cell]').nth(4);
  await expect(first).toContainText(`nr_writeback=${Math.max(...wb)}`);
  // the sort field comes first in the cell; a click shows every field it printed, by name
  expect((await first.textContent())!.startsWith(`nr_writeback=${Math.max(...wb)}`)).toBe(true);
  expect((await first.textContent())!.split('nr_writeback=').length).toBe(2);
  await page.getByTestId('event-row').first().click();
  const detail = page.getByTestId('event-detail');
  for (const key of ['nr_scanned=', 'nr_dirty=', 'nr_writeback=', 'nr_congested=', 'nr_immediate=', 'nr_activate_anon=', 'nr_activate_file=', 'nr_ref_keep=', 'nr_unmap_fail=', 'priority=', 'flags=']) await expect(detail).toContainText(key);
  await shoot(page, 'explore-extra-fields', 'event-list');
});

test('group by command equals the command line with --ignore-pid', async ({ page }) => {
  await load(page, [MB]);
  await page.getByLabel('group by command').check();
  await waitIdle(page);
  const cli = cliEpisodes(MB, true).processes;
  const rows = await tableRows(page, 'process-table');
  expect(rows.map((r) => r[1]).sort()).toEqual(cli.map((p) => p.process).sort());
  for (const p of cli) {
    const r = rows.find((x) => x[1] === p.process)!;
    expect(Number(r[2]), p.process).toBe(p.directReclaims);
    expect(Number(r[9]), p.process).toBeCloseTo(p.stallMs, 3);
  }
});

test('a selected process shows in the charts, is kept in the URL and in the share link, with the selection', async ({ page, browser }) => {
  await load(page, [MB, MD]);
  await zoomTo(page, '12', '24');
  await page.getByLabel('group by command').check();
  await waitIdle(page);
  const row = page.getByTestId('process-table').locator('.vbody [role=row]').first();
  const name = (await row.locator('[role=cell]').nth(1).textContent())!.trim();
  const variant = ['mixed-baseline', 'mixed-dirty40'].indexOf((await row.locator('[role=cell]').nth(0).textContent())!.trim());
  await row.click();
  await waitIdle(page);
  await expect(row).toHaveAttribute('aria-selected', 'true');
  expect(page.url()).toContain(`sp=${variant}~${encodeURIComponent(name)}`);
  expect(page.url()).toContain('gc=1');
  // the charts draw the command in each variant that has it, dotted, beside the whole
  const legend = page.getByTestId('chart-stall').locator('.legend');
  await expect(legend).toContainText(`mixed-baseline: ${name}`);
  await expect(legend).toContainText(`mixed-dirty40: ${name}`);
  await shoot(page, 'explore-selected-process');

  // reload: the same files restore range, grouping and selected row
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await page.getByTestId('file-input').setInputFiles([MB, MD].map((f) => `${ROOT}${f}`));
  await waitIdle(page);
  await expect(page.getByLabel('group by command')).toBeChecked();
  await expect(page.getByTestId('process-table').locator('[aria-selected=true]')).toHaveCount(1);
  await expect(page.getByTestId('chart-stall').locator('.legend')).toContainText(`mixed-baseline: ${name}`);

  // the share link keeps range and selected process
  await page.getByLabel('group by command').uncheck();
  await waitIdle(page);
  const procRow = page.getByTestId('process-table').locator('.vbody [role=row]').first();
  const proc = (await procRow.locator('[role=cell]').nth(1).textContent())!.trim();
  const procVariant = ['mixed-baseline', 'mixed-dirty40'].indexOf((await procRow.locator('[role=cell]').nth(0).textContent())!.trim());
  await procRow.click();
  await waitIdle(page);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toContain(`sp=${procVariant}~${encodeURIComponent(proc)}`);
  const fresh = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const other = await fresh.newPage();
  await other.goto(link);
  await waitIdle(other);
  await expect(other.getByTestId('read-only')).toBeVisible();
  expect([await other.getByTestId('range-from').inputValue(), await other.getByTestId('range-to').inputValue()]).toEqual(['12.00', '24.00']);
  expect(other.url()).toContain(`sp=${procVariant}~${encodeURIComponent(proc)}`);
  await expect(other.getByTestId('process-table').locator('[aria-selected=true]')).toHaveCount(1);
  await fresh.close();
});

test('the stall list ranks every variant together, pages past 15, and a click zooms its variant and lists its events', async ({ page }) => {
  await load(page, [MB, MD]);
  await expect(page.getByTestId('stall-page')).toContainText('1–15 of');
  const variants = await page.getByTestId('stall-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-variant')));
  expect(new Set(variants).size).toBe(2);
  await shoot(page, 'explore-stall-list', 'stall-periods');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('stall-page')).toContainText('16–30 of');
  const row = page.getByTestId('stall-row').first();
  const v = await row.getAttribute('data-variant');
  await row.getByRole('button', { name: /^Zoom to / }).click();
  await waitIdle(page);
  await expect(page.getByTestId('event-selection')).toContainText(`period of ${v}`);
  expect(Number(await page.getByTestId('event-list').getAttribute('data-count'))).toBeGreaterThan(0);
});

test('charts draw overlaid or one track per variant, on a linear or log axis, and the legend hides a variant', async ({ page }) => {
  await load(page, [MB, MD]);
  await zoomTo(page, '12', '24');
  const stall = page.getByTestId('chart-stall');
  await expect(stall.locator('.recharts-line-curve')).toHaveCount(2);
  // scanned and reclaimed together, for direct and kswapd: four lines per variant
  await expect(page.getByTestId('chart-scan').locator('.legend li')).toHaveCount(8);
  await expect(page.getByTestId('chart-scan').locator('.legend')).toContainText('mixed-dirty40 reclaimed, kswapd');

  await page.getByRole('button', { name: 'One track per variant' }).click();
  await waitIdle(page);
  await expect(stall.locator('svg.recharts-surface')).toHaveCount(2);
  await expect(stall.locator('.track-name')).toHaveText(['mixed-baseline', 'mixed-dirty40']);
  await shoot(page, 'explore-small-multiples', 'chart-stall');

  await page.getByRole('group', { name: 'Chart layout' }).getByLabel('log y').check();
  await waitIdle(page);
  await expect(stall.locator('.recharts-label').filter({ hasText: '(log)' })).toHaveCount(2);
  await page.getByRole('button', { name: 'Overlay' }).click();
  await waitIdle(page);
  await shoot(page, 'explore-log-y', 'chart-stall');

  await stall.locator('.legend').getByRole('button', { name: 'mixed-dirty40' }).click();
  await waitIdle(page);
  await expect(stall.locator('.recharts-line-curve')).toHaveCount(1);
  await expect(page.getByTestId('chart-kswapd').locator('.recharts-line-curve')).toHaveCount(1);
  await shoot(page, 'explore-legend-hidden', 'chart-stall');
  await stall.locator('.legend').getByRole('button', { name: 'mixed-dirty40' }).click();
  await waitIdle(page);
  await expect(stall.locator('.recharts-line-curve')).toHaveCount(2);
});

test('at high zoom each CPU gets a lane showing when it was in reclaim', async ({ page }) => {
  await load(page, [MB]);
  await zoomTo(page, '13.25', '13.75');
  const cpus = page.getByTestId('chart-cpus');
  await expect(cpus.locator('g[data-cpu]')).not.toHaveCount(0);
  // every direct-reclaim episode overlapping the range is one bar, on the CPU of its begin line
  const eps = cliEpisodes(MB).direct.filter((e) => e.startNs < 13.75e9 && e.endNs >= 13.25e9);
  await expect(cpus.locator('rect[data-cpu-bar=direct]')).toHaveCount(eps.length);
  const lines = eventLines(MB);
  const first = Math.min(...lines.map((l) => l.ns));
  const text = gunzipSync(readFileSync(`${ROOT}${MB}`)).toString('utf8');
  const beginCpus = new Set<number>();
  for (const l of text.split('\n')) {
    const m = /\[(\d+)\].*?(\d+)\.(\d+): mm_vmscan_direct_reclaim_begin/.exec(l);
    if (!m) continue;
    const ns = Number(m[2]) * 1e9 + Number(m[3].padEnd(9, '0')) - first;
    if (eps.some((e) => e.startNs === ns)) beginCpus.add(Number(m[1]));
  }
  const lanes = await cpus.locator('g[data-cpu]').evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-cpu'))));
  for (const c of beginCpus) expect(lanes).toContain(c);
  await shoot(page, 'explore-cpu-lanes', 'chart-cpus', true);
});
