// Shared steps for the end-to-end tests: wait for the app to be idle, load
// files and type a range, read the comparison table (as numbers or as the
// text a user reads), the independent reference numbers of a real trace.

import { execFileSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Waits until no parse, no worker query and no staggered chart render is pending. */
export async function waitIdle(page: Page): Promise<void> {
  const state = () =>
    page.evaluate(() => {
      const d = document.documentElement.dataset;
      return `${d.busy ?? '0'}/${d.queries ?? '0'}/${d.pendingRenders ?? '0'}`;
    });
  await expect.poll(state, { timeout: 60_000 }).toBe('0/0/0');
  // a finished query may schedule renders in the same turn: check once more after a frame
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  await expect.poll(state, { timeout: 60_000 }).toBe('0/0/0');
}

/** Loads files (paths relative to the repo) through the file input of a fresh page and waits until every card is ready. */
export async function loadFiles(page: Page, files: string[]): Promise<void> {
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(files.map((f) => `${ROOT}${f}`));
  await waitIdle(page);
  await expect(page.locator('[data-testid=variant-card][data-status=ready]')).toHaveCount(files.length);
}

/** Types a visible range (seconds) and applies it. */
export async function zoomTo(page: Page, from: string, to: string): Promise<void> {
  await page.getByTestId('range-from').fill(from);
  await page.getByTestId('range-to').fill(to);
  await page.getByRole('button', { name: 'Go' }).click();
  await waitIdle(page);
}

/**
 * The summary table's cells, { [variant name]: { [row label]: cell } }: each
 * cell's data-value (every body row) or the text a user reads (the rows with
 * a data-key, so not the folded zero rows' line).
 */
function readSummary(page: Page, mode: 'value' | 'text'): Promise<Record<string, Record<string, string>>> {
  return page.evaluate((mode) => {
    const table = document.querySelector('[data-testid="summary-table"]')!;
    const names = [...table.querySelectorAll('thead th')].slice(1).map((th) => th.textContent!.trim());
    const out: Record<string, Record<string, string>> = {};
    for (const n of names) out[n] = {};
    for (const tr of table.querySelectorAll(mode === 'value' ? 'tbody tr' : 'tbody tr[data-key]')) {
      const label = tr.querySelector('th')!.textContent!.trim();
      [...tr.querySelectorAll('td')].forEach((td, i) => {
        out[names[i]][label] = mode === 'value' ? ((td as HTMLElement).dataset.value as string) : (td as HTMLElement).innerText.trim();
      });
    }
    return out;
  }, mode);
}

/** Reads the summary table: { [variant name]: { [row label]: number } }. */
export async function readSummaryTable(page: Page): Promise<Record<string, Record<string, number>>> {
  const cells = await readSummary(page, 'value');
  return Object.fromEntries(Object.entries(cells).map(([name, rows]) => [name, Object.fromEntries(Object.entries(rows).map(([label, v]) => [label, Number(v)]))]));
}

/** Reads the summary table as a user sees it: { [variant name]: { [row label]: cell text } }. */
export function readSummaryText(page: Page): Promise<Record<string, Record<string, string>>> {
  return readSummary(page, 'text');
}

/**
 * The independently computed Summary of a stored real trace
 * (fixtures/real-6.18/oracle/NAME.expected.json; not our engine's output).
 */
export function expectedSummary(file: string): Record<string, number> {
  const base = file.replace(/^.*\//, '').replace(/\.gz$/, '').replace(/\.txt$/, '');
  return JSON.parse(readFileSync(`${ROOT}fixtures/real-6.18/oracle/${base}.expected.json`, 'utf8'))[0].summary;
}

/** The command line's JSON report for files (paths relative to the repo): for comparing the app with the other door into the engine. */
export function cliJson(files: string[]): { file: string; summary: Record<string, number>; extra: Record<string, unknown> }[] {
  const out = execFileSync('node', ['src/cli/bin.mjs', 'report', '--json', ...files], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out);
}

/**
 * A large trace for load tests (progress, stages, responsiveness): the mixed
 * baseline sample copied end to end to at least `mb` MB under `dir`. Not for
 * speed figures (its lines repeat); the benchmark uses recorded traces.
 */
export function tiledTrace(mb: number, dir = `${ROOT}test-results/tmp`): string {
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/big-${mb}.txt`;
  const text = gunzipSync(readFileSync(`${ROOT}public/samples/mixed-baseline.txt.gz`));
  const copies = Math.ceil((mb * 1e6) / text.length);
  writeFileSync(path, Buffer.concat(Array.from({ length: copies }, () => text)));
  return path;
}
